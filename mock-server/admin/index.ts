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
import { AdminError, corpOf as findCorp, intParam, requireString, type AdminRoutes } from '../core/control/kit.js';
import type { Host } from '../core/tenancy/host.js';
import type { CorpSettings, CorpState } from '../core/tenancy/types.js';

export interface ControlPlaneParts<D> {
  /** The domains' control-plane routes (each domain's admin.ts, mounted by app.ts). */
  domainRoutes: AdminRoutes;
  /** A corp's credentials, with every domain's part (spec: CorpCredentials). */
  credentials(corp: CorpState<D>): Record<string, unknown>;
  /** operationIds that have a handler. */
  implemented(): ReadonlySet<string>;
}

/** What a client needs to talk to a corp, before the domains add theirs. */
export function baseCredentials(corp: CorpState<unknown>): Record<string, unknown> {
  return {
    corpid: corp.corpid,
    corp_name: corp.corpName,
    scenario: corp.scenario,
    seed: corp.seed,
    secrets: { ...corp.secrets },
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
    mock_health: () => ({ body: { ok: true, version: '0.1.0', corps: registry.corps.size } }),
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
    mock_coverage: () => {
      const done = parts.implemented();
      return {
        body: {
          operations: OPERATIONS.filter((o) => o.path.startsWith('/cgi-bin/')).map((o) => ({
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
      const token = host.adminToken;
      if (token !== undefined && req.headers['x-wecom-mock-admin-token'] !== token) {
        req.resume();
        throw new AdminError(401, 'admin_token_required', 'send the admin token printed at start-up in the X-WeCom-Mock-Admin-Token header');
      }
      let body: Record<string, unknown> = {};
      if (req.method !== 'GET' && req.method !== 'DELETE') {
        const raw = await readBody(req, 1 << 20);
        if (!raw.ok) throw new AdminError(413, 'body_too_large', 'control-plane bodies are limited to 1 MiB');
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
      const out = await handler({ params, query: parseQuery(qs).values, body });
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
