/**
 * Snapshots: a versioned JSON document of corps — each corp's domain states, clock, tokens, rng, credentials,
 * journal, events and pending scheduled work, plus the third-party tenants it provides — that another mock
 * loads to the same answers. One graph per corp (core/runtime/graph.ts) keeps identity inside the corp,
 * cross-domain references included; the corp itself, its clock, timers and the registry's listener set
 * are bound to the loading mock's own objects.
 *
 * Loading is all or nothing: every corp of the document is rebuilt first (any failure throws and nothing
 * changed), then they are swapped in.
 */
import { Clock } from '../runtime/clock.js';
import { decodeGraph, encodeGraph, SnapshotError, type EncodedGraph } from '../runtime/graph.js';
import type { ScheduledTask } from '../runtime/scheduler.js';
import type { CorpRegistry, CorpSpec } from './registry.js';
import type { ProviderTenant, SuiteTenant, ThirdPartyToken } from './thirdparty.js';
import type { CorpState, TokenRecord } from './types.js';

export const SNAPSHOT_FORMAT = 'wecom-mock-snapshot';
/** Bumped whenever a saved shape changes incompatibly; a loader refuses any other version. */
export const SNAPSHOT_VERSION = 1;

export interface SnapshotCorp {
  corpid: string;
  /** Seed and scenario (what reset rebuilds the corp from). */
  spec: { seed: number; scenario: string; corpName?: string | undefined };
  /** The corp's mock time when saved (ms); a loaded corp resumes from it. */
  now_ms: number;
  state: EncodedGraph;
}

export interface SnapshotDocument {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  /** The wecom-mock version that wrote it (informative). */
  mock_version: string;
  /** Real time of writing, ISO 8601 (informative). */
  saved_at: string;
  /** The global mock clock when saved (informative: each corp carries its own time). */
  clock: { now_ms: number };
  corps: SnapshotCorp[];
}

/** A refused snapshot: `status` is the HTTP status the control plane answers (400 malformed, 409 other format or version). */
export class SnapshotRefused extends Error {
  constructor(
    readonly status: 400 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SnapshotRefused';
  }
}

/** What a corp's graph holds besides its domains (the CorpState fields that are data). */
interface CorpRoot<D> {
  corpName: string;
  seed: number;
  scenario: CorpState<D>['scenario'];
  secrets: CorpState<D>['secrets'];
  apps: CorpState<D>['apps'];
  secretIndex: CorpState<D>['secretIndex'];
  areas: CorpState<D>['areas'];
  currentToken: CorpState<D>['currentToken'];
  settings: CorpState<D>['settings'];
  rng: CorpState<D>['rng'];
  journal: CorpState<D>['journal'];
  events: CorpState<D>['events'];
  rateCounters: CorpState<D>['rateCounters'];
  domains: D;
  /** Every live token issued in the corp (registry.tokens), the current ones among them. */
  tokens: TokenRecord[];
  /** Scheduled work not yet run, in run order. */
  tasks: ScheduledTask[];
  /** The provider backed by this corp, its suites and their live tokens (registry tenants). */
  providers: ProviderTenant[];
  suites: SuiteTenant[];
  thirdPartyTokens: ThirdPartyToken[];
}

/** Objects of the running mock that a corp's state may point at; written by name. */
function externalsOf<D>(registry: CorpRegistry<D>, corp: CorpState<D>): Map<object, string> {
  const ext = new Map<object, string>([
    [corp, 'corp'],
    [corp.clock, 'clock'],
    [corp.timers, 'timers'],
    [registry.eventListeners, 'eventListeners'],
    [registry.clock, 'globalClock'],
  ]);
  // Other corps and the tenants they provide stay theirs: bound by id on load.
  for (const other of registry.corps.values()) if (other !== corp) ext.set(other, `corp:${other.corpid}`);
  for (const p of registry.providers.values()) if (p.corpid !== corp.corpid) ext.set(p, `provider:${p.corpid}`);
  for (const s of registry.suites.values()) if (s.provider_corpid !== corp.corpid) ext.set(s, `suite:${s.suite_id}`);
  return ext;
}

/** Saves one corp. Throws SnapshotError naming the path of anything that cannot be saved. */
export function snapshotCorp<D>(registry: CorpRegistry<D>, corp: CorpState<D>): SnapshotCorp {
  const spec = registry.specOf(corp.corpid);
  // Domains are built on first use (domains/registry.ts): a snapshot holds all of them, so those not read yet
  // are built first, with the scheduled work they book, before the corp's tasks are taken.
  for (const name of Object.keys(corp.domains as object)) void (corp.domains as Record<string, unknown>)[name];
  const root: CorpRoot<D> = {
    corpName: corp.corpName,
    seed: corp.seed,
    scenario: corp.scenario,
    secrets: corp.secrets,
    apps: corp.apps,
    secretIndex: corp.secretIndex,
    areas: corp.areas,
    currentToken: corp.currentToken,
    settings: corp.settings,
    rng: corp.rng,
    journal: corp.journal,
    events: corp.events,
    rateCounters: corp.rateCounters,
    domains: corp.domains,
    tokens: [...registry.tokens.values()].filter((t) => t.corpid === corp.corpid),
    tasks: registry.scheduler.pending(corp.corpid),
    providers: [...registry.providers.values()].filter((p) => p.corpid === corp.corpid),
    suites: [...registry.suites.values()].filter((s) => s.provider_corpid === corp.corpid),
    thirdPartyTokens: [...registry.thirdPartyTokens.values()].filter((t) => t.provider_corpid === corp.corpid),
  };
  return {
    corpid: corp.corpid,
    spec: { seed: spec?.seed ?? corp.seed, scenario: spec?.scenario ?? corp.scenario, ...(spec?.corpName !== undefined && { corpName: spec.corpName }) },
    now_ms: corp.clock.nowMs(),
    state: encodeGraph(root, externalsOf(registry, corp)),
  };
}

/** Saves every corp (or the listed ones) as one document. */
export function takeSnapshot<D>(registry: CorpRegistry<D>, mockVersion: string, corpids?: readonly string[]): SnapshotDocument {
  const corps = corpids ? corpids.map((id) => registry.get(id)).filter((c): c is CorpState<D> => c !== undefined) : [...registry.corps.values()];
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    mock_version: mockVersion,
    saved_at: new Date().toISOString(),
    clock: { now_ms: registry.clock.nowMs() },
    corps: corps.map((c) => snapshotCorp(registry, c)),
  };
}

/** Checks a document's envelope; throws SnapshotRefused saying what is wrong. */
export function checkSnapshot(doc: unknown): SnapshotDocument {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new SnapshotRefused(400, 'bad_snapshot', 'a snapshot is a JSON object');
  const d = doc as Partial<SnapshotDocument>;
  if (d.format !== SNAPSHOT_FORMAT) throw new SnapshotRefused(409, 'snapshot_format', `not a wecom-mock snapshot (format ${JSON.stringify(d.format)}, expected ${JSON.stringify(SNAPSHOT_FORMAT)})`);
  if (d.version !== SNAPSHOT_VERSION) {
    throw new SnapshotRefused(
      409,
      'snapshot_version',
      `snapshot version ${JSON.stringify(d.version)} (written by wecom-mock ${d.mock_version ?? 'unknown'}) cannot be loaded: this mock reads version ${SNAPSHOT_VERSION} only; nothing was loaded`,
    );
  }
  if (!Array.isArray(d.corps)) throw new SnapshotRefused(400, 'bad_snapshot', 'corps must be an array');
  const seen = new Set<string>();
  for (const [i, c] of d.corps.entries()) {
    if (!c || typeof c.corpid !== 'string' || c.corpid === '' || typeof c.now_ms !== 'number' || !c.state || !c.spec || typeof c.spec.seed !== 'number') {
      throw new SnapshotRefused(400, 'bad_snapshot', `corps[${i}] is not a saved corp (corpid, spec, now_ms, state)`);
    }
    if (seen.has(c.corpid)) throw new SnapshotRefused(400, 'bad_snapshot', `corp ${c.corpid} is in the snapshot twice`);
    seen.add(c.corpid);
  }
  return d as SnapshotDocument;
}

/**
 * Loads a document: its corps replace the mock's corps of the same ids (others stay). All or nothing: a
 * refused or broken document leaves the mock as it was. Returns the loaded corpids.
 */
export function loadSnapshot<D>(registry: CorpRegistry<D>, input: unknown): string[] {
  const doc = checkSnapshot(input);
  // Shells first, so references between corps of the same document bind to the new corps.
  const shells = new Map<string, CorpState<D>>();
  for (const c of doc.corps) shells.set(c.corpid, {} as CorpState<D>);
  const built: Array<{ corp: CorpState<D>; spec: CorpSpec; root: CorpRoot<D> }> = [];
  for (const saved of doc.corps) {
    const corp = shells.get(saved.corpid)!;
    const clock = Clock.resumed(registry.clock, saved.now_ms);
    const timers = registry.timersOf(clock, saved.corpid, () => corp);
    const externals = new Map<string, object>([
      ['corp', corp],
      ['clock', clock],
      ['timers', timers],
      ['eventListeners', registry.eventListeners],
      ['globalClock', registry.clock],
    ]);
    for (const [id, other] of registry.corps) if (!shells.has(id)) externals.set(`corp:${id}`, other);
    for (const [id, shell] of shells) if (id !== saved.corpid) externals.set(`corp:${id}`, shell);
    for (const p of registry.providers.values()) externals.set(`provider:${p.corpid}`, p);
    for (const s of registry.suites.values()) externals.set(`suite:${s.suite_id}`, s);
    let root: CorpRoot<D>;
    try {
      root = decodeGraph(saved.state, externals) as CorpRoot<D>;
    } catch (e) {
      if (e instanceof SnapshotError) throw new SnapshotRefused(400, 'bad_snapshot', `corp ${saved.corpid}: ${e.message}; nothing was loaded`);
      throw e;
    }
    Object.assign(corp, {
      corpid: saved.corpid,
      corpName: root.corpName,
      seed: root.seed,
      scenario: root.scenario,
      secrets: root.secrets,
      apps: root.apps,
      secretIndex: root.secretIndex,
      areas: root.areas,
      currentToken: root.currentToken,
      settings: root.settings,
      clock,
      rng: root.rng,
      journal: root.journal,
      events: root.events,
      timers,
      rateCounters: root.rateCounters,
      domains: root.domains,
    } satisfies CorpState<D>);
    const spec = { seed: saved.spec.seed, scenario: saved.spec.scenario, corpName: saved.spec.corpName, corpid: saved.corpid } as CorpSpec;
    built.push({ corp, spec, root });
  }
  // Swap: nothing above touched the registry.
  for (const { corp, spec, root } of built) {
    registry.install(corp, spec, root.tokens);
    for (const p of root.providers) registry.providers.set(p.corpid, p);
    for (const s of root.suites) registry.suites.set(s.suite_id, s);
    for (const t of root.thirdPartyTokens) registry.thirdPartyTokens.set(t.token, t);
    for (const t of root.tasks) registry.rearm(corp, t);
  }
  return built.map((b) => b.corp.corpid);
}
