/**
 * The control plane (`/__mock/*`, spec tag `mock-admin`): corps, clock, faults, journal, events,
 * coverage. Plain REST JSON (not WeCom's envelope); errors are `{ error: { code, message } }`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OPERATIONS, type OperationDef } from '../../spec/generated/operations.js';
import { readBody } from '../core/pipeline/body.js';
import { sendAdmin } from '../core/pipeline/envelope.js';
import { parseQuery } from '../core/pipeline/query.js';
import { checkAdminBody } from '../core/pipeline/validate.js';
import { isCatalogued } from '../core/errors/index.js';
import { implementedOperations } from '../domains/registry.js';
import { memberVisibility } from '../domains/contacts/index.js';
import type { Corp, MockApp } from '../app.js';
import type { ScenarioName } from '../../fixtures/types.js';
import { createCallbacksAdmin } from './callbacks.js';
import { createOauthAdmin } from './oauth.js';
import { createExternalContactAdmin } from './externalcontact.js';
import { createProviderAdmin } from './provider.js';
import { pumpAllTickets } from '../domains/provider/index.js';
import { createMessageAdmin } from './message.js';
import { createArchiveAdmin } from './archive.js';
import { trackVisibleRange } from '../domains/callbacks/index.js';
import type { AppState, CorpSettings } from '../core/tenancy/types.js';

class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type AdminHandler = (a: {
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
}) => { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>;

/** What a client needs to talk to a corp (spec: CorpCredentials). */
export function corpCredentials(corp: Corp): Record<string, unknown> {
  const c = corp.domains.contacts;
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
    sample_userids: sampleUserids(corp),
    counts: { departments: c.departments.size, users: c.users.size, tags: c.tags.size },
  };
}

/** A few active members inside the first app's visible range. */
function sampleUserids(corp: Corp): string[] {
  const app = [...corp.apps.values()][0];
  const c = corp.domains.contacts;
  const visible = memberVisibility(app, c);
  const out: string[] = [];
  for (const m of c.users.values()) {
    if (m.status === 1 && visible(m)) out.push(m.userid);
    if (out.length === 5) break;
  }
  return out;
}

/** Builds the control-plane request handler of an app. */
export function createAdmin(app: MockApp) {
  const { registry, faults } = app;

  const corpOf = (corpid: string | undefined): Corp => {
    const corp = corpid === undefined ? undefined : registry.get(corpid);
    if (!corp) throw new AdminError(404, 'corp_not_found', `no corp ${JSON.stringify(corpid)}; GET /__mock/corps lists them`);
    return corp;
  };
  const appOf = (corp: Corp, agentid: string | undefined): AppState => {
    const app = corp.apps.get(Number(agentid));
    if (!app) throw new AdminError(404, 'app_not_found', `corp ${corp.corpid} has no app ${agentid}; its apps: ${[...corp.apps.keys()].join(', ')}`);
    return app;
  };
  const appView = (a: AppState) => ({ ...a, allow_party: [...a.allow_party], allow_user: [...a.allow_user], allow_tag: [...a.allow_tag], callback: { ...a.callback } });
  const intParam = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new AdminError(400, 'bad_parameter', `${name} must be a non-negative integer`);
    return Number(v);
  };
  const clockState = (corp: Corp | undefined) => {
    const clock = corp ? corp.clock : app.clock;
    const now = clock.nowMs();
    return { corpid: corp?.corpid ?? null, now_ms: now, now: new Date(now).toISOString(), offset_seconds: clock.offsetSeconds() };
  };

  const handlers: Record<string, AdminHandler> = {
    ...createCallbacksAdmin(app, (status, code, message) => new AdminError(status, code, message)),
    ...createOauthAdmin(app, (status, code, message) => new AdminError(status, code, message)),
    ...createExternalContactAdmin(app, (status, code, message) => new AdminError(status, code, message)),
    ...createProviderAdmin(app, (status, code, message) => new AdminError(status, code, message)),
    ...createMessageAdmin(app, (status, code, message) => new AdminError(status, code, message)),
    ...createArchiveAdmin(app, (status, code, message) => new AdminError(status, code, message)),
    mock_health: () => ({ body: { ok: true, version: '0.1.0', corps: registry.corps.size } }),
    mock_corps_list: () => ({ body: { corps: [...registry.corps.values()].map(corpCredentials) } }),
    mock_corps_create: ({ body }) => {
      const corpid = body['corpid'] as string | undefined;
      if (corpid !== undefined && registry.get(corpid)) throw new AdminError(409, 'corp_exists', `corp ${corpid} exists already`);
      const corp = app.createCorp({
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
    mock_apps_get: ({ params }) => ({ body: appView(appOf(corpOf(params['corpid']), params['agentid'])) }),
    mock_apps_update: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      const app = appOf(corp, params['agentid']);
      const c = corp.domains.contacts;
      const badParty = (body['allow_party'] as number[] | undefined)?.find((id) => !c.departments.has(id));
      if (badParty !== undefined) throw new AdminError(400, 'unknown_department', `department ${badParty} does not exist`);
      const badUser = (body['allow_user'] as string[] | undefined)?.find((u) => !c.getUser(u));
      if (badUser !== undefined) throw new AdminError(400, 'unknown_member', `member ${badUser} does not exist`);
      const badTag = (body['allow_tag'] as number[] | undefined)?.find((t) => !c.tags.has(t));
      if (badTag !== undefined) throw new AdminError(400, 'unknown_tag', `tag ${badTag} does not exist`);
      // A changed visible range sends subscribe / unsubscribe to the app's callback (reference §7.7).
      trackVisibleRange(corp, app.agentid, () => {
        for (const key of ['name', 'allow_party', 'allow_user', 'allow_tag', 'trusted_domain'] as const) {
          if (body[key] !== undefined) (app as unknown as Record<string, unknown>)[key] = body[key];
        }
      });
      return { body: appView(app) };
    },
    mock_corps_tokens_expire: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      return { body: { expired: registry.expireTokens(corp, body['token'] as string | undefined) } };
    },
    mock_clock_get: ({ query }) => ({ body: clockState(query['corpid'] !== undefined ? corpOf(query['corpid']) : undefined) }),
    mock_clock_advance: ({ body }) => {
      const corp = body['corpid'] !== undefined ? corpOf(body['corpid'] as string) : undefined;
      (corp ? corp.clock : app.clock).advance(body['advance_seconds'] as number);
      // suite_tickets due by the new time are pushed now (every 10 minutes of mock time).
      pumpAllTickets(registry);
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
      if (query['corpid'] === undefined) throw new AdminError(400, 'bad_parameter', 'corpid is required');
      return { body: { events: corpOf(query['corpid']).events.since(intParam(query['since'], 'since') ?? 0) } };
    },
    mock_coverage: () => {
      const done = implementedOperations();
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
      const token = app.options.adminToken;
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
        const errcode = (e as AdminError & { errcode?: number }).errcode;
        sendAdmin(res, e.status, { error: { code: e.code, message: e.message, ...(errcode !== undefined && { errcode }) } });
      }
      else if (!res.headersSent) {
        // The control plane never answers 500: an unexpected failure is reported as a refused request.
        sendAdmin(res, 400, { error: { code: 'rejected', message: e instanceof Error ? e.message : String(e) } });
      }
    }
  };
}
