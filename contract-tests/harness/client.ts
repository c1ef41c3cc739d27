/** A minimal WeCom HTTP client for the suites, plus expectations that compare errcodes by NAME. */
import { ERRCODES, type ErrName } from '../../spec/generated/errcodes.js';

export interface WeComAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body (undefined when the body is empty or not JSON). */
  json: Record<string, unknown> | undefined;
  errcode: number | undefined;
  errmsg: string | undefined;
}

export interface CallOptions {
  query?: Record<string, string | number | undefined>;
  /** A JSON body (object) or a raw string/Buffer sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  method?: string;
}

/** Calls `path` on the target. Query values are URL-encoded; undefined values are left out. */
export async function call(baseUrl: string, path: string, opts: CallOptions = {}): Promise<WeComAnswer> {
  const qs = Object.entries(opts.query ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const rawBody =
    opts.body === undefined ? undefined : typeof opts.body === 'string' || Buffer.isBuffer(opts.body) ? opts.body : JSON.stringify(opts.body);
  const r = await fetch(`${baseUrl}${path}${qs ? `${path.includes('?') ? '&' : '?'}${qs}` : ''}`, {
    method: opts.method ?? (rawBody === undefined ? 'GET' : 'POST'),
    headers: { ...(rawBody !== undefined && typeof opts.body === 'object' && !Buffer.isBuffer(opts.body) && { 'content-type': 'application/json' }), ...opts.headers },
    ...(rawBody !== undefined && { body: rawBody }),
  });
  const text = await r.text();
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
export async function getToken(baseUrl: string, corpid: string, secret: string): Promise<string> {
  const r = await call(baseUrl, '/cgi-bin/gettoken', { query: { corpid, corpsecret: secret } });
  if (r.errcode !== 0 || typeof r.json?.['access_token'] !== 'string') throw new Error(`gettoken failed: ${r.text}`);
  return r.json['access_token'];
}
