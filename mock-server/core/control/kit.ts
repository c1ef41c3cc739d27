/**
 * The control-plane kit (`/__mock/*`, spec tag mock-admin): one handler type, one error, and the
 * look-ups and parsing every domain's admin.ts needs. Plain REST JSON, not WeCom's envelope; errors
 * answer `{ error: { code, message } }` with the HTTP status of the AdminError.
 */
import type { AppState, CorpState } from '../tenancy/types.js';
import type { CorpRegistry } from '../tenancy/registry.js';

/** A refused control-plane request: HTTP status, a stable snake_case code and a message that says what to fix. */
export class AdminError extends Error {
  override name = 'AdminError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** WeCom's errcode, when the refusal is one WeCom would give too (e.g. 40211 for a bad archive key). */
    readonly errcode?: number,
  ) {
    super(message);
  }
}

export interface AdminRequest {
  /** Path parameters (`/__mock/corps/{corpid}` → corpid). */
  params: Record<string, string>;
  query: Record<string, string>;
  /** The JSON body, already checked against the operation's schema ({} for GET and DELETE). */
  body: Record<string, unknown>;
  /** The mock's own base URL as the caller reached it (`http://host:port`), for URLs handed out (a bot's response_url). */
  baseUrl?: string;
}

export interface AdminResult {
  status?: number;
  body: unknown;
}

/** The answer of a control-plane request that made something (a simulation, a record): 201 with it. */
export function created(body: unknown): AdminResult {
  return { status: 201, body };
}

/** A control-plane handler, keyed by the operationId of its spec operation. */
export type AdminHandler = (request: AdminRequest) => AdminResult | Promise<AdminResult>;
export type AdminRoutes = Record<string, AdminHandler>;

/** The corp a request names: missing → 400, unknown → 404. */
export function corpOf<D>(registry: CorpRegistry<D>, corpid: unknown): CorpState<D> {
  if (typeof corpid !== 'string' || corpid === '') throw new AdminError(400, 'bad_parameter', 'corpid is required');
  const corp = registry.get(corpid);
  if (!corp) throw new AdminError(404, 'corp_not_found', `no corp ${JSON.stringify(corpid)}; GET /__mock/corps lists them`);
  return corp;
}

/**
 * The corp a request's `corpid` path parameter names and the record `find` picks in it by the path parameter
 * `param`: 404 `code` ("corp … has no <what> <id>") when `find` has none.
 */
export function corpRecord<D, T>(
  registry: CorpRegistry<D>,
  params: Record<string, string>,
  param: string,
  code: string,
  what: string,
  find: (corp: CorpState<D>, id: string) => T | undefined,
): { corp: CorpState<D>; record: T } {
  const corp = corpOf(registry, params['corpid']);
  const record = find(corp, params[param] ?? '');
  if (record === undefined) throw new AdminError(404, code, `corp ${corp.corpid} has no ${what} ${params[param]}`);
  return { corp, record };
}

/**
 * Two corps a request links (a parent and its member, a corp and the one it links to): each as corpOf finds
 * it, and 400 `bad_body` with `sameCorp` when both name one corp.
 */
export function corpPair<D>(registry: CorpRegistry<D>, first: unknown, second: unknown, sameCorp: string): [CorpState<D>, CorpState<D>] {
  const a = corpOf(registry, first);
  const b = corpOf(registry, second);
  if (a === b) throw new AdminError(400, 'bad_body', sameCorp);
  return [a, b];
}

/** The app a request names, or 404 listing the corp's apps. */
export function appOf(corp: CorpState<unknown>, agentid: unknown): AppState {
  const app = corp.apps.get(Number(agentid));
  if (!app) throw new AdminError(404, 'app_not_found', `corp ${corp.corpid} has no app ${String(agentid)}; its apps: ${[...corp.apps.keys()].join(', ')}`);
  return app;
}

/** A non-negative integer query parameter (undefined when absent). */
export function intParam(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new AdminError(400, 'bad_parameter', `${name} must be a non-negative integer`);
  return Number(v);
}

/** A required string field of a body or query. */
export function requireString(v: unknown, name: string): string {
  if (typeof v !== 'string' || v === '') throw new AdminError(400, 'bad_parameter', `${name} is required`);
  return v;
}

/** A copy of an app for the control plane (arrays and the callback config copied, never shared). */
export function appView(a: AppState): Record<string, unknown> {
  return { ...a, allow_party: [...a.allow_party], allow_user: [...a.allow_user], allow_tag: [...a.allow_tag], callback: { ...a.callback } };
}
