/**
 * The control plane (`/__mock/*`, spec tag `mock-admin`): corps, clock, faults, journal, events,
 * coverage. Plain REST JSON (not WeCom's envelope); errors are `{ error: { code, message } }`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OPERATIONS, type OperationDef } from '../../spec/generated/operations.js';
import type { ScenarioName } from '../../fixtures/types.js';
import { readBody } from '../core/pipeline/body.js';
import { sendAdmin } from '../core/pipeline/envelope.js';
import { parseQuery } from '../core/pipeline/query.js';
import { checkAdminBody } from '../core/pipeline/validate.js';
import { isCatalogued } from '../core/errors/index.js';
import { CATALOGUE, errcodeDocUrl } from '../../spec/generated/errcodes.js';
import { AdminError, corpOf as findCorp, intParam, requireString, type AdminRoutes } from '../core/control/kit.js';
import type { Host } from '../core/tenancy/host.js';
import { areasView } from '../core/tenancy/access.js';
import { packageJsonFile, packageVersion } from '../version.js';
import { loadSnapshot, SnapshotRefused, takeSnapshot } from '../core/tenancy/snapshot.js';
import { SnapshotError } from '../core/runtime/graph.js';
import type { CorpSettings, CorpState } from '../core/tenancy/types.js';

/** Who may drive the control plane from where (issue: a web page must not be able to). */
export interface ControlPlaneAccess {
  /** Host names (or host:port) besides loopback and the listen addresses that the control plane answers. */
  allowHosts: readonly string[];
  /** Origins (scheme://host:port) whose pages may call the control plane, besides the mock's own. */
  allowOrigins: readonly string[];
  /** The addresses the server listens on (filled in by listen). */
  listening: ReadonlySet<string>;
}

export interface ControlPlaneParts<D> {
  access: ControlPlaneAccess;
  /** The domains' control-plane routes (each domain's admin.ts, mounted by app.ts). */
  domainRoutes: AdminRoutes;
  /** A corp's credentials, with every domain's part (spec: CorpCredentials). */
  credentials(corp: CorpState<D>): Record<string, unknown>;
  /** operationIds that have a handler. */
  implemented(): ReadonlySet<string>;
  /** Called after a successful state-changing request, before it is answered (--data-dir saves the corps). */
  afterWrite?: () => void;
}

/** What a client needs to talk to a corp, before the domains add theirs. */
export function baseCredentials(corp: CorpState<unknown>): Record<string, unknown> {
  return {
    corpid: corp.corpid,
    corp_name: corp.corpName,
    scenario: corp.scenario,
    seed: corp.seed,
    secrets: { ...corp.secrets },
    areas: areasView(corp),
    apps: [...corp.apps.values()].map((a) => ({
      agentid: a.agentid,
      name: a.name,
      secret: a.secret,
      trusted_domain: a.trusted_domain,
      allow_party: a.allow_party,
      allow_user: a.allow_user,
      allow_tag: a.allow_tag,
      callback: { ...a.callback },
    })),
  };
}

/** Builds the control-plane request handler: the cross-domain routes here, the domains' routes as given. */
export function createAdmin<D>(host: Host<D>, parts: ControlPlaneParts<D>) {
  const { registry, faults } = host;
  const corpCredentials = parts.credentials;

  const corpOf = (corpid: unknown): CorpState<D> => findCorp(registry, corpid);
  const clockState = (corp: CorpState<D> | undefined) => {
    const clock = corp ? corp.clock : host.clock;
    const now = clock.nowMs();
    return { corpid: corp?.corpid ?? null, now_ms: now, now: new Date(now).toISOString(), offset_seconds: clock.offsetSeconds() };
  };

  const handlers: AdminRoutes = {
    ...parts.domainRoutes,
    mock_health: () => ({ body: { ok: true, version: packageVersion(), corps: registry.corps.size } }),
    mock_openapi: () => ({ body: packageJsonFile('spec/generated/openapi.json') }),
    mock_openapi_wecom: () => ({ body: packageJsonFile('spec/generated/openapi.wecom.json') }),
    mock_corps_list: () => ({ body: { corps: [...registry.corps.values()].map(corpCredentials) } }),
    mock_corps_create: ({ body }) => {
      const corpid = body['corpid'] as string | undefined;
      if (corpid !== undefined && registry.get(corpid)) throw new AdminError(409, 'corp_exists', `corp ${corpid} exists already`);
      const corp = host.createCorp({
        seed: body['seed'] as number | undefined,
        scenario: (body['scenario'] as ScenarioName | undefined) ?? 'typical',
        corpid,
        corpName: body['corp_name'] as string | undefined,
        settings: body['settings'] as Partial<CorpSettings> | undefined,
      });
      return { status: 201, body: corpCredentials(corp) };
    },
    mock_corps_get: ({ params }) => ({ body: corpCredentials(corpOf(params['corpid'])) }),
    mock_corps_delete: ({ params }) => {
      const corp = corpOf(params['corpid']);
      registry.delete(corp.corpid);
      return { body: { deleted: corp.corpid } };
    },
    mock_corps_reset: ({ params }) => {
      const corp = corpOf(params['corpid']);
      return { body: corpCredentials(registry.reset(corp.corpid)!) };
    },
    mock_corps_settings_get: ({ params }) => ({ body: { ...corpOf(params['corpid']).settings } }),
    mock_corps_settings_update: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      Object.assign(corp.settings, body);
      return { body: { ...corp.settings } };
    },
    mock_corps_tokens_expire: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      return { body: { expired: registry.expireTokens(corp, body['token'] as string | undefined) } };
    },
    mock_clock_get: ({ query }) => ({ body: clockState(query['corpid'] !== undefined ? corpOf(query['corpid']) : undefined) }),
    mock_clock_advance: ({ body }) => {
      const corp = body['corpid'] !== undefined ? corpOf(body['corpid'] as string) : undefined;
      // The scheduler runs what falls due by the new time (ticket pushes, jobs…) before this answers.
      (corp ? corp.clock : host.clock).advance(body['advance_seconds'] as number);
      return { body: clockState(corp) };
    },
    mock_snapshot_get: ({ query }) => {
      const corpid = query['corpid'];
      const only = corpid !== undefined ? [corpOf(corpid).corpid] : undefined;
      return { body: snapshotOrRefuse(() => takeSnapshot(registry, packageVersion(), only)) };
    },
    mock_snapshot_load: ({ body }) => ({ body: { loaded: snapshotOrRefuse(() => loadSnapshot(registry, body)) } }),
    mock_faults_list: () => ({ body: { faults: faults.list() } }),
    mock_faults_create: ({ body }) => {
      const errcode = body['errcode'] as number | undefined;
      if (errcode !== undefined && !isCatalogued(errcode)) {
        throw new AdminError(400, 'unknown_errcode', `errcode ${errcode} is not in the catalogue (spec/errcodes.yaml)`);
      }
      if (errcode === undefined && body['latency_ms'] === undefined && body['drop'] !== true && body['expire_token'] !== true) {
        throw new AdminError(400, 'empty_fault', 'a fault needs errcode, latency_ms, expire_token or drop');
      }
      if (body['corpid'] !== undefined) corpOf(body['corpid'] as string);
      const op = body['operation'] as string | undefined;
      if (op !== undefined && !OPERATIONS.some((o) => o.operationId === op || o.path === op)) {
        throw new AdminError(400, 'unknown_operation', `operation ${op} is neither an operationId nor a path of the spec`);
      }
      const { id: _ignored, ...rule } = body;
      return { status: 201, body: faults.add(rule) };
    },
    mock_faults_clear: () => ({ body: { removed: faults.clear() } }),
    mock_faults_delete: ({ params }) => {
      if (!faults.remove(params['id'] ?? '')) throw new AdminError(404, 'fault_not_found', `no fault rule ${params['id']}`);
      return { body: { removed: 1 } };
    },
    mock_journal_list: ({ query }) => {
      const journal = query['corpid'] !== undefined ? corpOf(query['corpid']).journal : registry.unattributed;
      const entries = journal.list({
        operation: query['operation'],
        since: intParam(query['since'], 'since'),
        limit: intParam(query['limit'], 'limit'),
        errcode: query['errcode'] === undefined ? undefined : errcodeParam(query['errcode']),
        answers: query['answers'] === 'true' || query['answers'] === '1',
      });
      return { body: { entries } };
    },
    mock_journal_clear: ({ query }) => {
      const journal = query['corpid'] !== undefined ? corpOf(query['corpid']).journal : registry.unattributed;
      return { body: { removed: journal.clear() } };
    },
    mock_events_list: ({ query }) => {
      return { body: { events: corpOf(requireString(query['corpid'], 'corpid')).events.since(intParam(query['since'], 'since') ?? 0) } };
    },
    mock_errcodes_list: ({ query }) => {
      const q = (query['q'] ?? '').trim().toLowerCase();
      const errcodes = CATALOGUE.filter(([code, name, errmsg, zh]) => !q || `${code}\n${name}\n${errmsg}\n${zh}`.toLowerCase().includes(q)).map(
        ([errcode, name, errmsg, zh]) => ({ errcode, name, errmsg, zh, doc: errcodeDocUrl(errcode) }),
      );
      return { body: { errcodes } };
    },
    mock_coverage: () => {
      const done = parts.implemented();
      return {
        body: {
          // The WeCom API operations, as COVERAGE.md lists them (the row's wecomApi, spec/codegen/describe.ts).
          operations: OPERATIONS.filter((o) => o.wecomApi).map((o) => ({
            operationId: o.operationId,
            method: o.method,
            path: o.path,
            tag: o.tag,
            implemented: done.has(o.operationId),
          })),
        },
      };
    },
  };

  return async (req: IncomingMessage, res: ServerResponse, op: OperationDef, params: Record<string, string>, qs: string) => {
    try {
      const refusal = refuseForeign(req, host.adminToken !== undefined, parts.access);
      if (refusal) {
        req.resume();
        throw refusal;
      }
      const token = host.adminToken;
      // The liveness probe needs no token (its spec security is empty): a container HEALTHCHECK or a load
      // balancer asks it without knowing the admin token.
      if (token !== undefined && op.operationId !== 'mock_health' && req.headers['x-wecom-mock-admin-token'] !== token) {
        req.resume();
        throw new AdminError(401, 'admin_token_required', 'send the admin token printed at start-up in the X-WeCom-Mock-Admin-Token header');
      }
      let body: Record<string, unknown> = {};
      if (req.method !== 'GET' && req.method !== 'DELETE') {
        // A snapshot document carries whole corps (a typical corp is about 0.6 MB); other bodies are small.
        const max = op.operationId === 'mock_snapshot_load' ? SNAPSHOT_BODY_MAX : 1 << 20;
        const raw = await readBody(req, max);
        if (!raw.ok) throw new AdminError(413, 'body_too_large', `control-plane bodies are limited to ${max >> 20} MiB`);
        const text = raw.raw.toString('utf8').trim();
        if (text.length > 0) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            throw new AdminError(400, 'bad_json', 'the body is not valid JSON');
          }
          if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
            throw new AdminError(400, 'bad_json', 'the body must be a JSON object');
          }
          body = parsed as Record<string, unknown>;
        }
        const problem = checkAdminBody(op, body);
        if (problem) throw new AdminError(400, 'bad_body', problem);
      } else req.resume();
      const handler = handlers[op.operationId];
      if (!handler) throw new AdminError(501, 'not_implemented', `${op.operationId} is not implemented`);
      const out = await handler({ params, query: parseQuery(qs).values, body, baseUrl: `http://${req.headers.host ?? '127.0.0.1'}` });
      if (parts.afterWrite && req.method !== 'GET' && (out.status ?? 200) < 300) parts.afterWrite();
      sendAdmin(res, out.status ?? 200, out.body);
    } catch (e) {
      if (e instanceof AdminError) {
        sendAdmin(res, e.status, { error: { code: e.code, message: e.message, ...(e.errcode !== undefined && { errcode: e.errcode }) } });
      }
      else if (!res.headersSent) {
        // The control plane never answers 500: an unexpected failure is reported as a refused request.
        sendAdmin(res, 400, { error: { code: 'rejected', message: e instanceof Error ? e.message : String(e) } });
      }
    }
  };
}

/** An errcode query parameter: an integer, negative allowed (-1 is WeCom's "system busy"). */
function errcodeParam(v: string): number {
  if (!/^-?\d+$/.test(v)) throw new AdminError(400, 'bad_parameter', 'errcode must be an integer');
  return Number(v);
}

/** The largest snapshot POST /__mock/snapshot reads. */
const SNAPSHOT_BODY_MAX = 256 << 20;

/** Runs a snapshot save or load; a refused document or unsavable state is the caller's 4xx, never a 500. */
function snapshotOrRefuse<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof SnapshotRefused) throw new AdminError(e.status, e.code, e.message);
    if (e instanceof SnapshotError) throw new AdminError(409, 'snapshot_unsavable', e.message);
    throw e;
  }
}

const LOOPBACK_V4 = /^127(?:\.\d{1,3}){3}$/;

/** The host name of a Host header (port and IPv6 brackets removed), lower-cased. */
function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') < 0 ? undefined : h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

function isLoopback(name: string): boolean {
  return name === 'localhost' || name === '::1' || LOOPBACK_V4.test(name);
}

/**
 * Refuses what a web page the developer visits could send (CSRF) or reach through a rebound DNS name:
 * a Host that is not loopback, a listen address or allowed (unless the admin token authenticates the
 * caller); an Origin other than the mock's own or an allowed one; a state-changing request without
 * `Content-Type: application/json` (a browser sends that cross-site only after a preflight, which the
 * control plane never grants). A DELETE without a body is preflighted by browsers anyway.
 */
export function refuseForeign(req: IncomingMessage, tokenRequired: boolean, access: ControlPlaneAccess): AdminError | undefined {
  const host = req.headers.host ?? '';
  const name = hostName(host);
  if (!tokenRequired && !isLoopback(name) && !access.listening.has(name) && !access.allowHosts.some((h) => h.toLowerCase() === name || h.toLowerCase() === host.toLowerCase())) {
    return new AdminError(403, 'host_not_allowed', `the control plane answers requests for loopback hosts only, not Host: ${host || '(none)'}; start wecom-mock with --allow-host ${name || '<host>'} to allow it`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}` && !access.allowOrigins.includes(origin)) {
    return new AdminError(403, 'origin_not_allowed', `requests from pages of ${origin} may not drive the control plane; start wecom-mock with --allow-origin ${origin} to allow them`);
  }
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const bodiless = method === 'DELETE' && type === '' && (req.headers['content-length'] ?? '0') === '0' && req.headers['transfer-encoding'] === undefined;
    if (type !== 'application/json' && !bodiless) {
      return new AdminError(403, 'json_required', `send Content-Type: application/json with ${method} requests to /__mock/* (got ${type || 'none'})`);
    }
  }
  return undefined;
}
