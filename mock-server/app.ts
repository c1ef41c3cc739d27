/**
 * createApp(): the request pipeline of wecom-mock, stage by stage, in the order of
 * ../shared/design/ARCHITECTURE.md:
 *
 *   1. route      spec route table (unknown path → 404, empty body)
 *   2. journal    every request is recorded under its corp (secrets redacted when read)
 *   3. faults     admin rules and the X-WeCom-Mock-Fault header
 *   4. auth       access_token from the query only; checked before any parameter
 *   5. limits     the rate windows of limits.yaml (45009, blocked for the window's length)
 *   6. validate   query and body against the operation's schema, mapped to WeCom's errcodes
 *   7. handle     the domain handler (mock-server/domains/*)
 *   8. envelope   HTTP 200, errcode/errmsg, Error-Code/Error-Msg headers, hint suffix, error defaults
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OPERATIONS, type OperationDef } from '../spec/generated/operations.js';
import { LIMITS } from '../spec/generated/limits.js';
import { buildCorp, DEMO_CORP_ID } from '../fixtures/index.js';
import type { ScenarioName } from '../fixtures/types.js';
import { Router } from './core/pipeline/router.js';
import { createMockServer } from './core/pipeline/http-server.js';
import { parseQuery, type ParsedQuery } from './core/pipeline/query.js';
import { parseJsonObject, readBody, type BodyResult } from './core/pipeline/body.js';
import type { StreamedFields } from './core/pipeline/body-base64.js';
import { baseUrlOf, clientIp } from './core/pipeline/request.js';
import { wasRefused } from './core/pipeline/multipart.js';
import { FaultStore, parseFaultHeader, type FaultAction } from './core/pipeline/faults.js';
import { authenticateAccessToken, authenticateThirdPartyToken, identifyCorp } from './core/pipeline/auth.js';
import { RateLimiter } from './core/pipeline/limits.js';
import { bodyValidatorsLoaded, loadAllQueryValidators, loadBodyValidators, loadQueryValidators, queryValidatorsLoaded, validateBody, validateQuery } from './core/pipeline/validate.js';
import { JsonFields, RawResponse, sendAdmin, sendEnvelope, sendNotFound } from './core/pipeline/envelope.js';
import { fingerprint, newJournalEntry, scanCredentials, type JournalEntry } from './core/pipeline/journal.js';
import type { CallContext, PublicContext, Route } from './core/pipeline/context.js';
import { err, errByCode, invalidParameter, isCatalogued, WeComError, withHint } from './core/errors/index.js';
import { Clock } from './core/runtime/clock.js';
import { Scheduler } from './core/runtime/scheduler.js';
import { CorpRegistry, type CorpSpec } from './core/tenancy/registry.js';
import { loadSnapshot } from './core/tenancy/snapshot.js';
import { DataDir } from './core/tenancy/datadir.js';
import { packageVersion } from './version.js';
import type { CorpSettings } from './core/tenancy/types.js';
import type { ThirdPartyToken } from './core/tenancy/thirdparty.js';
import type { PageHandler, UpgradeHandler } from './core/tenancy/manifest.js';
import type { AdminRoutes } from './core/control/kit.js';
import { createDomainStates, DOMAINS, implementedOperations, routes as domainRoutes, taskHandlers } from './domains/registry.js';
import type { Corp, DomainStates, MockHost } from './domains/types.js';
import { baseCredentials, createAdmin } from './admin/index.js';
import { consolePages } from './web/console/pages.js';

export { DEMO_CORP_ID } from '../fixtures/index.js';

export interface AppOptions {
  /** Seed of the demo corp (default 1). */
  seed?: number;
  /** Scenario of the demo corp (default typical). */
  scenario?: ScenarioName;
  /** Build the demo corp `ww000000000000000a` at boot (default true). */
  demoCorp?: boolean;
  /** Multiplies every rate window (default 1 = WeCom's numbers). */
  rateLimitScale?: number;
  /** Required on /__mock/* when set (the CLI sets one when listening beyond loopback). */
  adminToken?: string | undefined;
  /** Default settings of new corps. */
  corpDefaults?: Partial<CorpSettings>;
  /** Host names besides loopback and the listen address that the control plane answers (--allow-host). */
  allowHosts?: readonly string[];
  /** Origins whose pages may call the control plane, besides the mock's own (--allow-origin). */
  allowOrigins?: readonly string[];
  /**
   * Told how far the demo corp's build is (0..1, with the stage) while createApp builds it: the large
   * scenario takes seconds (the command draws a progress bar).
   */
  onBuildProgress?: (fraction: number, stage: string) => void;
  /** The local CA's directory, as `--ca-dir` gives it to the TLS front ends (merchants' API certificates come from it). */
  caDir?: string | undefined;
  /** Where unexpected errors are reported (default stderr). */
  log?: (message: string) => void;
  /** Called with every journaled request once it is answered, with the hint id of an error answer (the CLI logs one line each at debug). */
  onRequest?: (entry: Readonly<JournalEntry>, hint: string | undefined) => void;
  /** Server limits of listen() (defaults: limits.yaml server_headers_timeout, server_request_timeout, server_connections). */
  server?: { headersTimeoutMs?: number; requestTimeoutMs?: number; maxConnections?: number };
  /** A snapshot document (GET /__mock/snapshot, --import FILE) loaded at start, over the demo corp. */
  snapshot?: unknown;
  /**
   * Keep every corp in this directory across restarts (--data-dir, core/tenancy/datadir.ts): the corps it
   * holds are loaded at start instead of a new demo corp, and every successful write is saved before it is answered.
   */
  dataDir?: string;
  /** Replaces handlers by operationId (tests only: e.g. a deliberately broken handler the fuzzer must catch). */
  routeOverrides?: Readonly<Record<string, Route<DomainStates>>>;
}

export interface MockApp {
  registry: CorpRegistry<DomainStates>;
  faults: FaultStore;
  limiter: RateLimiter;
  clock: Clock;
  /** Work due at a mock time (ticket pushes, jobs…); closing the app stops its real timer. */
  scheduler: Scheduler;
  options: AppOptions;
  /** A corp's credentials with every domain's part (spec: CorpCredentials), as POST /__mock/corps answers them. */
  credentials(corp: Corp): Record<string, unknown>;
  /** The demo corp, when built. */
  demoCorp: Corp | undefined;
  /** Node's request listener: mount it on any http server. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Starts an http server (port 0 = any free port) on host (default 127.0.0.1). */
  listen(port?: number, host?: string): Promise<{ server: Server; url: string }>;
  createCorp(spec: Partial<CorpSpec>): Corp;
}

const MAX_BODY = LIMITS.size.request_body_max.bytes;

/** An operation's base64 body fields as a set (spec `contentEncoding: base64`), made once per operation. */
const base64Sets = new WeakMap<OperationDef, ReadonlySet<string>>();
function base64FieldsOf(op: OperationDef): ReadonlySet<string> | undefined {
  if (!op.base64Fields?.length) return undefined;
  let s = base64Sets.get(op);
  if (!s) base64Sets.set(op, (s = new Set(op.base64Fields)));
  return s;
}
const routeTable = domainRoutes as Readonly<Record<string, Route<DomainStates> | undefined>>;

/** Builds the mock: registry, demo corp and the request pipeline. */
export function createApp(options: AppOptions = {}): MockApp {
  const clock = new Clock();
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const scheduler = new Scheduler(clock, log);
  let host: MockHost | undefined;
  // Set only while the demo corp is built: its seed data is ~45 % of the work (large scenario), the domains with
  // per-corp work the rest (the others are built on first use).
  let progress: ((fraction: number, stage: string) => void) | undefined;
  const registry = new CorpRegistry<DomainStates>({
    clock,
    scheduler,
    buildSeed: (spec) => {
      const p = progress;
      return buildCorp(spec.seed, spec.scenario, { corpid: spec.corpid, corpName: spec.corpName, ...(p && { onProgress: (f, s) => p(f * 0.45, s) }) });
    },
    createDomains: (seed, corp) => createDomainStates(seed, corp),
    areas: DOMAINS.flatMap((d) => d.areas ?? []),
    tasks: taskHandlers,
    onCreate: (corp) => {
      // Domains with per-corp work are built here (the others on first use): the rest of the build's progress.
      const p = progress;
      const working = DOMAINS.filter((d) => d.corpCreated);
      working.forEach((d, i) => {
        p?.(0.45 + (0.55 * i) / working.length, d.name);
        if (host) d.corpCreated?.(corp, host);
      });
      p?.(1, 'ready');
    },
    ...(options.corpDefaults && { defaultSettings: options.corpDefaults }),
  });
  const faults = new FaultStore();
  const limiter = new RateLimiter(() => options.rateLimitScale ?? 1);
  const router = new Router(OPERATIONS);
  const hintId = hintIds();
  let nextSeed = 1000;

  const createCorp = (spec: Partial<CorpSpec>): Corp =>
    registry.create({
      seed: spec.seed ?? nextSeed++,
      scenario: spec.scenario ?? 'typical',
      corpid: spec.corpid,
      corpName: spec.corpName,
      settings: spec.settings,
    });

  host = { registry, clock, scheduler, faults, limiter, log, adminToken: options.adminToken, caDir: options.caDir, createCorp };

  // Mount every domain once (the composition root): listeners such as callback delivery, scheduled work,
  // control-plane routes and pages.
  const adminRoutes: AdminRoutes = {};
  // The console and the docs page first: they answer only their own operations.
  const pages: PageHandler[] = [consolePages()];
  const upgrades: UpgradeHandler[] = [];
  for (const d of DOMAINS) {
    const mounted = d.mount?.(host);
    Object.assign(adminRoutes, mounted?.admin);
    pages.push(...(mounted?.pages ?? []));
    upgrades.push(...(mounted?.upgrades ?? []));
  }
  const credentials = (corp: Corp): Record<string, unknown> => {
    const out = baseCredentials(corp);
    for (const d of DOMAINS) Object.assign(out, d.credentials?.(corp));
    return out;
  };
  const listening = new Set<string>();
  const access = { allowHosts: options.allowHosts ?? [], allowOrigins: options.allowOrigins ?? [], listening };
  const admin = createAdmin(host, {
    access,
    domainRoutes: adminRoutes,
    credentials,
    implemented: implementedOperations,
    ...(options.dataDir !== undefined && { afterWrite: () => persist(undefined) }),
  });
  const web = async (req: IncomingMessage, res: ServerResponse, op: OperationDef, qs: string): Promise<void> => {
    for (const page of pages) if (await page(req, res, op, qs)) return;
    req.resume();
    res.writeHead(404, { 'Content-Length': 0 });
    res.end();
  };

  const store = options.dataDir !== undefined ? new DataDir(options.dataDir, registry, packageVersion()) : undefined;
  const kept = store?.read();
  progress = options.onBuildProgress;
  if (options.demoCorp !== false && !kept) createCorp({ seed: options.seed ?? 1, scenario: options.scenario ?? 'typical', corpid: DEMO_CORP_ID });
  progress = undefined;
  if (kept) loadSnapshot(registry, kept);
  if (options.snapshot !== undefined) loadSnapshot(registry, options.snapshot);
  // Corps made by POST /__mock/corps draw the next seed: past every loaded corp's, so their corpids stay new.
  for (const c of registry.corps.values()) if (c.seed >= nextSeed) nextSeed = c.seed + 1;
  store?.compact();
  /** Saves what a successful request changed before it is answered (--data-dir; one check when off). */
  const persist = (changed: Corp | undefined): void => {
    if (store) store.record(changed ? [changed] : undefined);
  };

  const app: MockApp = {
    registry,
    faults,
    limiter,
    clock,
    scheduler,
    options,
    credentials,
    // The demo corp as it is now (a snapshot load replaces the corp object).
    get demoCorp() {
      return options.demoCorp === false ? undefined : registry.get(DEMO_CORP_ID);
    },
    handle: (req, res) => {
      pipeline(req, res).catch((e: unknown) => {
        // Never a 500 and never a crash: anything unexpected becomes WeCom's -1.
        log(`wecom-mock: unexpected error on ${req.method} ${req.url}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        if (!res.headersSent) {
          const e = err('SYSTEM_BUSY');
          sendEnvelope(res, e.errcode, e.errmsg, undefined);
        }
        else res.destroy();
      });
    },
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        const server = createMockServer(app.handle, options.server ?? {}, upgrades, log);
        server.once('error', reject);
        server.listen(port, host, () => {
          // Load the body validators just after start-up, off the first request's path when it is a GET
          // (not once the server is closing: a test may close it within the 200 ms).
          const warm = setTimeout(() => {
            if (!server.listening) return;
            void loadBodyValidators();
            void loadAllQueryValidators();
          }, 200).unref();
          server.once('close', () => clearTimeout(warm));
          const addr = server.address() as AddressInfo;
          listening.add(addr.address.toLowerCase());
          if (host !== addr.address) listening.add(host.toLowerCase());
          const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
          resolve({ server, url: `http://${h}:${addr.port}` });
        });
      }),
    createCorp,
  };

  async function pipeline(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const url = req.url ?? '/';
    const qi = url.indexOf('?');
    const path = qi < 0 ? url : url.slice(0, qi);
    const method = req.method ?? 'GET';
    // Work that fell due by now runs first (one comparison when nothing is due).
    scheduler.tick();

    // 1. Route.
    const match = router.match(method, path);
    let op: OperationDef | undefined;
    let wrongMethod = false;
    if (match.kind === 'op') op = match.op;
    else if (match.kind === 'method' && path.startsWith('/cgi-bin/')) {
      // WeCom's CGIs read the query whatever the method, so a GET operation also answers POST. A POST
      // operation called with GET has no body, which the official list documents as 40058 (40058, note 5).
      if (method === 'POST') op = match.ops.find((o) => o.method === 'GET');
      else if (method === 'GET') {
        op = match.ops[0];
        wrongMethod = true;
      }
    }
    if (!op && match.kind === 'method' && path.startsWith('/__mock/')) {
      // The control plane answers a wrong method with 405 and the methods it takes, in its error shape.
      req.resume();
      const allow = [...new Set(match.ops.map((o) => o.method))].join(', ');
      sendAdmin(res, 405, { error: { code: 'method_not_allowed', message: `${method} is not an operation of ${path}; use ${allow}` } }, { Allow: allow });
      return;
    }
    if (!op) {
      req.resume();
      sendNotFound(res);
      // Journaled under its corp, so client verification can flag calls to URLs WeCom does not have.
      if (!path.startsWith('/__mock/')) journalUnrouted(req, method, path, qi < 0 ? '' : url.slice(qi + 1), startedAt);
      return;
    }
    // Requests with a body are validated against the body validators, loaded on first need (start-up).
    if (method !== 'GET' && !bodyValidatorsLoaded()) await loadBodyValidators();
    if (op.auth === 'admin') {
      await admin(req, res, op, match.kind === 'op' ? match.params : {}, qi < 0 ? '' : url.slice(qi + 1));
      return;
    }
    if (op.auth === 'page') {
      // Pages a browser visits (OAuth / SSO login): HTML, not WeCom's envelope (mock-server/web).
      await web(req, res, op, qi < 0 ? '' : url.slice(qi + 1));
      return;
    }

    const q = parseQuery(qi < 0 ? '' : url.slice(qi + 1));
    const ip = clientIp(req);
    // Stream operations (multipart uploads) read the request in their handler; others are read here, bounded.
    const streamed = op.bodyKind === 'stream' && method === 'POST';
    // An operation may bound its JSON body higher (x-wecom-body-max: base64 uploads such as wedrive/file_upload).
    const bodyMax = op.bodyMax ? (LIMITS.size as Record<string, { bytes: number } | undefined>)[op.bodyMax]?.bytes ?? MAX_BODY : MAX_BODY;
    const body: BodyResult | undefined = method === 'POST' && !streamed ? await readBody(req, bodyMax, base64FieldsOf(op)) : undefined;
    if (method !== 'POST') req.resume();

    // 2. Journal: the entry is completed when the answer is written.
    let corp = identifyCorp(registry, q);
    const entry = newEntry(corp, op.operationId, method, path, q, ip);
    let parsedBody: Record<string, unknown> | undefined;
    let hint: string | undefined;
    const finish = (errcode: number, status: number): void => {
      entry.errcode = errcode;
      entry.status = status;
      entry.duration_ms = Math.round((performance.now() - startedAt) * 1000) / 1000;
      // A request answered before validation (fault, token) still shows its JSON body.
      entry.body = parsedBody ?? (body?.ok && body.raw.length > 0 ? (parseJsonObject(body.raw) ?? `[${body.raw.length} bytes, not JSON]`) : undefined);
      record(entry, corp, req, q, body?.ok ? body.raw : undefined, hint, body?.ok ? body.streamed : undefined);
    };
    const fail = (e: WeComError): void => {
      // An upload the handler refused mid-stream is left to the multipart reader (it stopped reading on purpose).
      if (streamed && !req.readableEnded && !wasRefused(req)) req.resume();
      hint = hintId();
      const errmsg = withHint(e.errmsg, e.errcode, hint, ip);
      entry.answer = sendEnvelope(res, e.errcode, errmsg, { ...op.errorDefaults, ...e.fields });
      finish(e.errcode, 200);
    };

    // 3. Faults.
    const fault = pickFault(req, corp, op, path, q.values['access_token'] !== undefined);
    if (fault) {
      if ('error' in fault) {
        fail(invalidParameter(`X-WeCom-Mock-Fault: ${fault.error}`));
        return;
      }
      entry.fault = fault.source;
      if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
      // A token ended early, as WeCom may do (doc path/91039): auth then answers 42001.
      if (fault.expireToken && corp && q.values['access_token'] !== undefined) registry.expireTokens(corp, q.values['access_token']);
      if (fault.drop) {
        finish(0, 0);
        req.socket.destroy();
        return;
      }
      if (fault.errcode !== undefined) {
        const e = errByCode(fault.errcode, fault.errmsg !== undefined ? { message: fault.errmsg } : {});
        fail(e);
        return;
      }
    }

    // 4. Auth.
    let callCtx: CallContext<DomainStates> | undefined;
    let thirdParty: ThirdPartyToken | undefined;
    if (op.auth === 'access_token') {
      const auth = authenticateAccessToken(registry, q);
      if (!auth.ok) {
        fail(auth.error);
        return;
      }
      corp = auth.corp;
      const tokenCorp = auth.corp;
      entry.token_kind = auth.token.kind;
      entry.agentid = auth.token.agentid ?? null;
      callCtx = {
        op,
        query: q.values,
        body: {},
        rawBody: undefined,
        base64: undefined,
        request: req,
        headers: req.headers,
        ip,
        baseUrl: baseUrlOf(req),
        registry,
        corp: tokenCorp,
        token: auth.token,
        secretKind: auth.token.kind,
        app: auth.token.agentid !== undefined ? tokenCorp.apps.get(auth.token.agentid) : undefined,
        clock: tokenCorp.clock,
        rng: tokenCorp.rng,
        emit: (event) => tokenCorp.events.push(tokenCorp.clock.nowMs(), event),
      };
    } else if (op.auth === 'suite_access_token' || op.auth === 'provider_access_token') {
      const kind = op.auth === 'suite_access_token' ? 'suite' : 'provider';
      const auth = authenticateThirdPartyToken(registry, q, kind);
      corp = auth.corp ?? corp;
      if (!auth.ok) {
        fail(auth.error);
        return;
      }
      entry.token_kind = kind;
      thirdParty = auth.token;
    } else if (op.auth !== 'none') {
      fail(err('API_FORBIDDEN', { message: `api forbidden: ${op.operationId} needs a ${op.auth}, which wecom-mock does not issue yet` }));
      return;
    }

    // 5. Limits.
    const limited = limiter.check({
      now: clock.nowMs(),
      corpNow: corp?.clock.nowMs(),
      operationId: op.operationId,
      limits: op.limits,
      ip,
      corpCounters: corp?.rateCounters,
      corpScale: corp?.settings.rate_limit_scale ?? 1,
      debug: q.values['debug'] === '1',
    });
    if (limited !== 0) {
      fail(errByCode(limited));
      return;
    }

    // 6. Validate.
    if (wrongMethod) {
      fail(invalidParameter(`${op.method} method required`));
      return;
    }
    if (q.doubled) {
      const name = q.doubled.find((n) => op.queryParams.includes(n) || n === 'access_token');
      if (name) {
        fail(invalidParameter(`query parameter ${name} given more than once`));
        return;
      }
    }
    if (!queryValidatorsLoaded(op)) await loadQueryValidators(op.tag);
    const queryError = validateQuery(op, q.values);
    if (queryError) {
      fail(queryError);
      return;
    }
    if (body && !body.ok) {
      fail(body.reason === 'too_large' ? err('REQUEST_BODY_TOO_LARGE') : invalidParameter('request body incomplete'));
      return;
    }
    if (op.hasBody) {
      const raw = body?.ok ? body.raw : undefined;
      const parsed = parseJsonObject(raw);
      if (parsed === undefined) {
        fail(err('DATA_FORMAT_ERROR'));
        return;
      }
      parsedBody = parsed;
      const bodyError = validateBody(op, parsed);
      if (bodyError) {
        fail(bodyError);
        return;
      }
    }

    // 7. Handle.
    const route = options.routeOverrides?.[op.operationId] ?? routeTable[op.operationId];
    if (!route) {
      fail(err('API_FORBIDDEN', { message: `api forbidden: ${op.operationId} is in the spec but not implemented by wecom-mock` }));
      return;
    }
    let result;
    try {
      if (typeof route === 'function') {
        const ctx = callCtx!;
        ctx.body = parsedBody ?? {};
        ctx.rawBody = body?.ok ? body.raw : undefined;
        ctx.base64 = body?.ok ? body.streamed?.fields : undefined;
        result = await route(ctx);
      } else {
        const pctx: PublicContext<DomainStates> = {
          op,
          query: q.values,
          body: parsedBody ?? {},
          rawBody: body?.ok ? body.raw : undefined,
          base64: body?.ok ? body.streamed?.fields : undefined,
          request: req,
          headers: req.headers,
          ip,
          baseUrl: baseUrlOf(req),
          registry,
          corp,
          thirdParty,
        };
        try {
          result = await route.handle(pctx);
        } finally {
          corp = pctx.corp ?? corp;
        }
      }
    } catch (e) {
      if (e instanceof WeComError) {
        fail(e);
        return;
      }
      throw e;
    }

    // 8. Envelope.
    // --data-dir: the changed corp is on disk before the client hears of the write (a third party's call may
    // touch several corps: all are saved).
    if (store) persist(thirdParty ? undefined : corp);
    if (result instanceof RawResponse) {
      res.writeHead(result.status, result.headers);
      const rawBody = result.body;
      if (typeof rawBody === 'string' || Buffer.isBuffer(rawBody)) res.end(rawBody);
      else {
        // A file streamed from disk (wedrive downloads): never read whole into memory.
        rawBody.once('error', () => res.destroy());
        res.once('close', () => rawBody.destroy());
        rawBody.pipe(res);
      }
      finish(0, result.status);
      return;
    }
    if (!(result instanceof JsonFields) && typeof result['access_token'] === 'string') entry.issued_token_ref = fingerprint(result['access_token']);
    entry.answer = sendEnvelope(res, 0, op.successErrmsg, result);
    finish(0, 200);
  }

  /** A journal entry of a request, completed when the answer is written (see record). */
  function newEntry(corp: Corp | undefined, operation: string | null, method: string, path: string, q: ParsedQuery, ip: string): JournalEntry {
    return newJournalEntry({ time: (corp?.clock ?? clock).nowMs(), corpid: corp?.corpid ?? null, operation, method, path, query: q.values, ip });
  }

  /**
   * Files an entry under its corp (or the unattributed journal), with the fingerprints of the credentials
   * it carried and where a credential leaked (headers, body), for client verification.
   */
  function record(entry: JournalEntry, corp: Corp | undefined, req: IncomingMessage, q: ParsedQuery, rawBody: Buffer | undefined, hint?: string, streamed?: StreamedFields): void {
    const journal = corp ? corp.journal : registry.unattributed;
    if (corp) entry.corpid = corp.corpid;
    if (q.values['access_token'] !== undefined) entry.token_ref = fingerprint(q.values['access_token']);
    if (q.values['corpsecret'] !== undefined) entry.secret_ref = fingerprint(q.values['corpsecret']);
    if (corp) Object.assign(entry, scanCredentials(corp, req.headers, rawBody, q.values));
    entry.seq = journal.nextSeq();
    journal.add(entry, rawBody, streamed);
    options.onRequest?.(entry, hint);
  }

  /** Unknown paths are journaled too, so client verification can flag calls to URLs WeCom does not have. */
  function journalUnrouted(req: IncomingMessage, method: string, path: string, qs: string, startedAt: number): void {
    const q = parseQuery(qs);
    const corp = identifyCorp(registry, q);
    const entry = newEntry(corp, null, method, path, q, clientIp(req));
    entry.status = 404;
    entry.duration_ms = Math.round((performance.now() - startedAt) * 1000) / 1000;
    record(entry, corp, req, q, undefined);
  }

  function pickFault(
    req: IncomingMessage,
    corp: Corp | undefined,
    op: OperationDef,
    path: string,
    hasToken: boolean,
  ): FaultAction | { error: string } | undefined {
    const header = req.headers['x-wecom-mock-fault'];
    if (typeof header === 'string' && header.length > 0) {
      const parsed = parseFaultHeader(header);
      if (!('error' in parsed) && parsed.errcode !== undefined && !isCatalogued(parsed.errcode)) {
        return { error: `errcode ${parsed.errcode} is not in the catalogue (spec/errcodes.yaml)` };
      }
      return parsed;
    }
    if (faults.size === 0) return undefined;
    return faults.match(corp?.corpid ?? null, op.operationId, path, corp?.rng, hasToken);
  }

  return app;
}

/** Makes WeCom-like 25-digit hint ids: 10 digits of seconds, then a per-app counter. */
function hintIds(): () => string {
  let counter = 0;
  return () => {
    counter = (counter + 1) % 1e15;
    return `${Math.floor(Date.now() / 1000)}${String(counter).padStart(15, '0')}`;
  };
}
