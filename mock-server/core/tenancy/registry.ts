import { Clock } from '../runtime/clock.js';
import type { Scheduler } from '../runtime/scheduler.js';
import { Rng, TOKEN_ALPHABET } from '../runtime/rng.js';
import { Journal } from '../pipeline/journal.js';
import { EventLog, type EventListener } from './events.js';
import type { CorpSeed, ScenarioName } from '../../../fixtures/types.js';
import type { AppState, AreaAccess, CorpSettings, CorpState, CorpTimers, SecretKind, TaskHandler, TokenRecord } from './types.js';
import type { ScheduledTask } from '../runtime/scheduler.js';
import { createHash } from 'node:crypto';
import type { ProviderTenant, SuiteTenant, ThirdPartyToken } from './thirdparty.js';
import { drawUnused } from '../runtime/rng.js';

export interface CorpSpec {
  seed: number;
  scenario: ScenarioName;
  corpid?: string | undefined;
  corpName?: string | undefined;
  settings?: Partial<CorpSettings> | undefined;
}

export interface RegistryOptions<D> {
  /** Builds a corp's seed data (fixtures). */
  buildSeed: (spec: CorpSpec) => CorpSeed;
  /** Builds the per-domain state of a corp from its seed data. */
  createDomains: (seed: CorpSeed, corp: Omit<CorpState<D>, 'domains'>) => D;
  clock: Clock;
  /** Runs the corps' scheduled work; their tasks are dropped with them. */
  scheduler: Scheduler;
  /** Called for every new corp once its domain states exist (per-corp scheduled work). */
  onCreate?: (corp: CorpState<D>) => void;
  /** Handlers of the corps' scheduled work by kind (the domains' manifests and core's job books declare them). */
  tasks?: Readonly<Record<string, TaskHandler<D>>>;
  /** API areas every corp has a system secret for (the domains' manifests declare them). */
  areas?: readonly string[];
  /** Entries per journal (default limits.yaml journal_entries_per_corp). */
  journalCapacity?: number;
  defaultSettings?: Partial<CorpSettings>;
}

const DEFAULT_SETTINGS: CorpSettings = { post2022_rules: true, rate_limit_scale: 1 };

/**
 * CorpRegistry: every piece of state of the mock, keyed by corpid (moto's BackendDict idea). Nothing is
 * kept in module-level variables, so two corps never share data and a reset is one call.
 */
export class CorpRegistry<D> {
  readonly corps = new Map<string, CorpState<D>>();
  /** Every live token of every corp. */
  readonly tokens = new Map<string, TokenRecord>();
  readonly eventListeners = new Set<EventListener>();
  /** Service providers by their corpid, suites by suite_id, and their tokens (domains/provider). */
  readonly providers = new Map<string, ProviderTenant>();
  readonly suites = new Map<string, SuiteTenant>();
  readonly thirdPartyTokens = new Map<string, ThirdPartyToken>();
  /** Requests no corp could be attributed to (unknown corpid, bad token). */
  readonly unattributed: Journal;
  private readonly specs = new Map<string, CorpSpec>();

  constructor(private readonly options: RegistryOptions<D>) {
    this.unattributed = new Journal({ capacity: options.journalCapacity });
  }

  get clock(): Clock {
    return this.options.clock;
  }

  get scheduler(): Scheduler {
    return this.options.scheduler;
  }

  /** Creates a corp; throws if the corpid is taken. */
  create(spec: CorpSpec): CorpState<D> {
    const seed = this.options.buildSeed(spec);
    if (this.corps.has(seed.corpid)) throw new Error(`corp ${seed.corpid} exists`);
    const corp = this.materialize(seed, spec);
    this.corps.set(corp.corpid, corp);
    this.specs.set(corp.corpid, { ...spec, corpid: corp.corpid });
    this.options.onCreate?.(corp);
    return corp;
  }

  get(corpid: string): CorpState<D> | undefined {
    return this.corps.get(corpid);
  }

  /** What a corp was created from (seed, scenario, name): reset rebuilds it from this. */
  specOf(corpid: string): CorpSpec | undefined {
    return this.specs.get(corpid);
  }

  /**
   * Puts a corp built elsewhere (a snapshot being loaded) in place of any corp of the same id: the old one
   * goes with its tokens and tasks; the new one's tokens are registered. No creation hooks run (its
   * scheduled work comes with it).
   */
  install(corp: CorpState<D>, spec: CorpSpec, tokens: Iterable<TokenRecord>): void {
    this.delete(corp.corpid);
    this.corps.set(corp.corpid, corp);
    this.specs.set(corp.corpid, { ...spec, corpid: corp.corpid });
    for (const t of tokens) this.tokens.set(t.token, t);
  }

  /** Removes a corp with its tokens. */
  delete(corpid: string): boolean {
    const corp = this.corps.get(corpid);
    if (!corp) return false;
    for (const t of corp.currentToken.values()) this.tokens.delete(t.token);
    for (const [tok, rec] of this.tokens) if (rec.corpid === corpid) this.tokens.delete(tok);
    this.corps.delete(corpid);
    this.specs.delete(corpid);
    this.options.scheduler.cancelOwner(corpid);
    return true;
  }

  /** Rebuilds a corp from its seed and scenario: same credentials, fresh state, no tokens. */
  reset(corpid: string): CorpState<D> | undefined {
    const spec = this.specs.get(corpid);
    if (!spec) return undefined;
    this.delete(corpid);
    return this.create(spec);
  }

  /** Issues (or returns the still-valid) token for a secret — gettoken's rule (doc path/91039). */
  tokenFor(corp: CorpState<D>, secret: string, lifetimeSec: number): TokenRecord | undefined {
    const what = corp.secretIndex.get(secret);
    if (!what) return undefined;
    const now = corp.clock.nowMs();
    const current = corp.currentToken.get(secret);
    if (current && current.expiresAtMs > now && this.tokens.get(current.token) === current) return current;
    if (current) this.tokens.delete(current.token);
    const token = drawUnused(() => corp.rng.string(64, TOKEN_ALPHABET), this.tokens);
    const rec: TokenRecord = {
      token,
      corpid: corp.corpid,
      kind: what.kind,
      agentid: what.agentid,
      ...(what.area !== undefined && { area: what.area }),
      issuedAtMs: now,
      expiresAtMs: now + lifetimeSec * 1000,
    };
    corp.currentToken.set(secret, rec);
    this.tokens.set(token, rec);
    return rec;
  }

  /** Ends tokens early (WeCom may do so): all of a corp's, or one. Returns how many. */
  expireTokens(corp: CorpState<D>, token?: string): number {
    let n = 0;
    const now = corp.clock.nowMs();
    for (const rec of corp.currentToken.values()) {
      if (token !== undefined && rec.token !== token) continue;
      if (rec.expiresAtMs > now) {
        rec.expiresAtMs = now;
        n++;
      }
    }
    return n;
  }

  /** A corp's timers: tasks by kind on the corp's clock, owned by the corp. */
  timersOf(clock: Clock, corpid: string, corp: () => CorpState<D>): CorpTimers {
    const handlers = this.options.tasks ?? {};
    const handler = (kind: string): TaskHandler<D> => {
      const h = handlers[kind];
      if (!h) throw new Error(`no handler for scheduled task kind ${kind}: declare it in a domain manifest's tasks`);
      return h;
    };
    const timers: CorpTimers = {
      at: (atMs, label, kind, args) => {
        handler(kind); // an unknown kind fails when booked, not when due
        return this.options.scheduler.schedule(clock, { at: atMs, owner: corpid, label, cancelled: false, kind, args }, (due) => timers.run(kind, args, due));
      },
      run: (kind, args, due) => handler(kind)(corp(), args as never, due, this),
    };
    return timers;
  }

  /** Books a corp's task restored from a snapshot (the same task object, so state that refers to it can still cancel it). */
  rearm(corp: CorpState<D>, task: ScheduledTask): void {
    const kind = task.kind;
    if (kind === undefined) throw new Error(`task ${task.label} has no kind`);
    this.options.scheduler.schedule(corp.clock, task, (due) => corp.timers.run(kind, task.args, due));
  }

  private materialize(seed: CorpSeed, spec: CorpSpec): CorpState<D> {
    const clock = new Clock(this.options.clock);
    const scheduler = this.options.scheduler;
    const corpid = seed.corpid;
    const apps = new Map<number, AppState>();
    const secretIndex: CorpState<D>['secretIndex'] = new Map();
    for (const a of seed.apps) {
      apps.set(a.agentid, {
        agentid: a.agentid,
        name: a.name,
        secret: a.secret,
        allow_party: [...a.allow_party],
        allow_user: [...a.allow_user],
        allow_tag: [...a.allow_tag],
        trusted_domain: a.trusted_domain,
        callback: { ...a.callback },
      });
      secretIndex.set(a.secret, { kind: 'app', agentid: a.agentid });
    }
    secretIndex.set(seed.secrets.contacts, { kind: 'contacts', agentid: undefined });
    secretIndex.set(seed.secrets.customer_contact, { kind: 'customer_contact', agentid: undefined });
    secretIndex.set(seed.secrets.archive, { kind: 'archive', agentid: undefined });
    // Each API area's system secret is derived from the seed and the corpid (no draw from the fixtures' rng, so
    // the seeded corp stays byte-identical); every self-built app of the seed may call every area at first.
    const areas = new Map<string, AreaAccess>();
    for (const area of this.options.areas ?? []) {
      const secret = areaSecret(spec.seed, seed.corpid, area);
      areas.set(area, { secret, callable: new Set(seed.apps.map((a) => a.agentid)) });
      secretIndex.set(secret, { kind: 'system', agentid: undefined, area });
    }
    const base: Omit<CorpState<D>, 'domains'> = {
      corpid: seed.corpid,
      corpName: seed.corp_name,
      seed: spec.seed,
      scenario: spec.scenario,
      secrets: { ...seed.secrets },
      apps,
      secretIndex,
      areas,
      currentToken: new Map(),
      settings: { ...DEFAULT_SETTINGS, ...this.options.defaultSettings, ...spec.settings },
      clock,
      rng: new Rng(`${spec.seed}:${seed.corpid}:runtime`),
      journal: new Journal({ capacity: this.options.journalCapacity }),
      events: new EventLog(seed.corpid, this.eventListeners),
      rateCounters: new Map(),
      timers: this.timersOf(clock, corpid, () => corp),
    };
    const corp = base as CorpState<D>;
    corp.domains = this.options.createDomains(seed, base);
    return corp;
  }
}

/** A 43-character secret of WeCom's alphabet for a corp's API area, stable for (seed, corpid, area). */
function areaSecret(seed: number, corpid: string, area: string): string {
  return createHash('sha256').update(`area-secret\0${seed}\0${corpid}\0${area}`).digest('base64url').slice(0, 43);
}
