/**
 * The suites' WeCom client: `call(target, 'user_get', { token, query, body })` looks the operation up in
 * the spec's route table (method and path) and is typed per operationId from the generated types, so a
 * suite names operations, not URLs. Answers keep the raw parts (status, headers, text, bytes) next to the
 * parsed JSON because suites check the envelope byte for byte. Expectations compare errcodes by NAME.
 *
 * Tests that deliberately send what the spec forbids (a wrong method, an undeclared parameter, a broken
 * body) say so with `unchecked: true`; tests about URLs themselves use `callUrl`.
 */
import type { operations } from '../../spec/generated/openapi.js';
import { OPERATIONS, type OperationDef } from '../../spec/generated/operations.js';
import { ERRCODES, type ErrName } from '../../spec/generated/errcodes.js';

/** Every operationId of the spec. */
export type OperationId = keyof operations;

type Op<K extends OperationId> = operations[K];
type QueryValue = string | number | undefined;
type Loose = Record<string, QueryValue>;

/** The declared query parameters of an operation (all optional: suites also check what a missing one answers). */
export type QueryOf<K extends OperationId> = [NonNullable<Op<K>['parameters']['query']>] extends [never]
  ? Record<never, never>
  : Partial<NonNullable<Op<K>['parameters']['query']>>;

type RequestContent<K extends OperationId> = Op<K> extends { requestBody?: infer R } ? (NonNullable<R> extends { content: infer C } ? C : never) : never;

/**
 * A generated type, or a plain record where openapi-typescript could not say more: it renders an `allOf`
 * part that only lists `required` names as `Record<string, never>`, which no object satisfies.
 */
type Usable<T> = string extends keyof T ? Record<string, unknown> : T;

/** The request body of an operation: its JSON schema, or a form (built or as raw multipart bytes) for uploads. */
export type BodyOf<K extends OperationId> = RequestContent<K> extends { 'application/json': infer B }
  ? Usable<B>
  : RequestContent<K> extends { 'multipart/form-data': unknown }
    ? FormData | Buffer
    : never;

/** The JSON of an operation's HTTP 200 answer (its errcode fields are the envelope's). */
export type JsonOf<K extends OperationId> = Op<K>['responses'] extends { 200: { content: { 'application/json': infer J } } }
  ? Usable<J> & Record<string, unknown>
  : Record<string, unknown>;

/** The credentials a token may travel as; which one an operation takes comes from its `auth` in the spec. */
interface Credentials {
  access_token?: string;
  suite_access_token?: string;
  provider_access_token?: string;
}

export interface WeComAnswer<J = Record<string, unknown>> {
  status: number;
  headers: Headers;
  text: string;
  /** The body as received (files, encrypted blocks). */
  bytes: Buffer;
  /** The parsed JSON body (undefined when the body is empty or not JSON). */
  json: J | undefined;
  errcode: number | undefined;
  errmsg: string | undefined;
}

/** A call as the spec declares the operation. */
export interface CallOptions<K extends OperationId> {
  /** Sent as the credential the operation takes (access_token, suite_access_token or provider_access_token). */
  token?: string;
  query?: QueryOf<K> & Credentials;
  body?: BodyOf<K>;
  headers?: Record<string, string>;
}

/** A call that deliberately leaves the spec: any query, any body (object, raw string or Buffer), any method. */
export interface UncheckedCallOptions {
  unchecked: true;
  token?: string;
  query?: Loose;
  body?: unknown;
  headers?: Record<string, string>;
  /** Default: the operation's method. */
  method?: string;
}

/** Options of `callUrl`: the raw request. */
export interface UrlCallOptions {
  query?: Loose;
  /** A JSON body (object), a form, or a raw string/Buffer sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Default: GET without a body, POST with one. */
  method?: string;
}

/** A base URL, or anything that has one (a Target). */
export type Base = string | { baseUrl: string };

const BY_ID = new Map<string, OperationDef>(OPERATIONS.map((o) => [o.operationId, o]));

/** The spec's route of an operation; throws for an id the spec does not have. */
export function operation(id: string): OperationDef {
  const op = BY_ID.get(id);
  if (!op) throw new Error(`${id} is not an operationId of the spec`);
  return op;
}

const credentialParam = (op: OperationDef): keyof Credentials =>
  op.auth === 'suite_access_token' || op.auth === 'provider_access_token' ? op.auth : 'access_token';

function queryString(query: Loose): string {
  return Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

function withToken(op: OperationDef, token: string | undefined, query: Loose | undefined): Loose {
  return { ...(token !== undefined && { [credentialParam(op)]: token }), ...query };
}

/** The full URL of an operation with a query (for raw clients: downloads, sockets, browsers). */
export function urlOf<K extends OperationId>(base: Base, id: K, query: (QueryOf<K> & Credentials) | Loose = {}): string {
  const root = typeof base === 'string' ? base : base.baseUrl;
  const qs = queryString(query as Loose);
  return `${root}${operation(id).path}${qs ? `?${qs}` : ''}`;
}

/** Calls an operation of the spec by operationId: method and path come from the spec. */
export function call<K extends OperationId>(base: Base, id: K, opts?: CallOptions<K>): Promise<WeComAnswer<JsonOf<K>>>;
export function call<K extends OperationId>(base: Base, id: K, opts: UncheckedCallOptions): Promise<WeComAnswer<JsonOf<K>>>;
export async function call<K extends OperationId>(
  base: Base,
  id: K,
  opts: CallOptions<K> | UncheckedCallOptions = {},
): Promise<WeComAnswer<JsonOf<K>>> {
  const op = operation(id);
  const method = ('method' in opts && opts.method) || op.method;
  const answer = await callUrl(base, op.path, { query: withToken(op, opts.token, opts.query as Loose | undefined), body: opts.body, headers: opts.headers, method });
  return answer as WeComAnswer<JsonOf<K>>;
}

/**
 * Calls a URL as given. Only for tests about URLs themselves (unknown paths, doubled or broken query
 * strings, non-API files): operations go through `call`.
 */
export async function callUrl(base: Base, path: string, opts: UrlCallOptions = {}): Promise<WeComAnswer> {
  const root = typeof base === 'string' ? base : base.baseUrl;
  const qs = queryString(opts.query ?? {});
  const b = opts.body;
  const isRaw = typeof b === 'string' || Buffer.isBuffer(b) || b instanceof FormData;
  const rawBody = b === undefined ? undefined : isRaw ? b : JSON.stringify(b);
  const r = await fetch(`${root}${path}${qs ? `${path.includes('?') ? '&' : '?'}${qs}` : ''}`, {
    method: opts.method ?? (rawBody === undefined ? 'GET' : 'POST'),
    headers: { ...(rawBody !== undefined && !isRaw && { 'content-type': 'application/json' }), ...opts.headers },
    ...(rawBody !== undefined && { body: rawBody }),
  });
  const bytes = Buffer.from(await r.arrayBuffer());
  const text = bytes.toString('utf8');
  let json: Record<string, unknown> | undefined;
  try {
    const v: unknown = text ? JSON.parse(text) : undefined;
    json = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return {
    status: r.status,
    headers: r.headers,
    text,
    bytes,
    json,
    errcode: typeof json?.['errcode'] === 'number' ? json['errcode'] : undefined,
    errmsg: typeof json?.['errmsg'] === 'string' ? json['errmsg'] : undefined,
  };
}

/** The errcode of a NAME of spec/errcodes.yaml. */
export function code(name: ErrName): number {
  return ERRCODES[name];
}

/** Gets a token for a secret; throws with the answer when WeCom refuses. */
export async function getToken(base: Base, corpid: string, secret: string): Promise<string> {
  const r = await call(base, 'gettoken', { query: { corpid, corpsecret: secret } });
  if (r.errcode !== 0 || typeof r.json?.access_token !== 'string') throw new Error(`gettoken failed: ${r.text}`);
  return r.json.access_token;
}

/** A fresh corp of the target, a token of its first app and the members the mock lists inside the app's range (the usual start of an app's suite). */
export async function appCorp<O, C extends { corpid: string; appSecret: string; raw?: { sample_userids?: string[] } | undefined }>(
  target: { baseUrl: string; newCorp(options?: O): Promise<C> },
  options?: O,
): Promise<{ corp: C; token: string; users: string[] }> {
  const corp = await target.newCorp(options);
  return { corp, token: await getToken(target.baseUrl, corp.corpid, corp.appSecret), users: corp.raw?.sample_userids ?? [] };
}

/** A fresh corp of the target and a token of one of its API areas (the usual start of an area's suite). */
export async function areaCorp<C extends { corpid: string; raw?: { areas?: Record<string, { secret: string }> } | undefined }>(
  target: { baseUrl: string; newCorp(): Promise<C> },
  area: string,
): Promise<{ corp: C; token: string }> {
  const corp = await target.newCorp();
  return { corp, token: await areaToken(target.baseUrl, corp, area) };
}

/** A token of an API area's system secret (人事助手, 会议, 汇报 …) of a corp the mock made (its credentials list them). */
export async function areaToken(base: Base, corp: { corpid: string; raw?: { areas?: Record<string, { secret: string }> } | undefined }, area: string): Promise<string> {
  const secret = corp.raw?.areas?.[area]?.secret;
  if (!secret) throw new Error(`corp ${corp.corpid} has no secret for the API area ${area} (the mock's credentials list them under areas)`);
  return getToken(base, corp.corpid, secret);
}
