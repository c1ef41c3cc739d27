/**
 * A typed WeCom client generated from the spec (openapi-typescript types + openapi-fetch), with the
 * behaviour WeCom expects of clients built in (doc path/91039, 90312; README "What behaves like WeCom"):
 *
 * - the access_token is cached per secret until `expires_in` runs out, fetched once for concurrent calls,
 *   and sent in the query string only;
 * - 42001/40014 (token ended early): drop the token, fetch a new one, retry the call once;
 * - -1 (system busy): retry up to 3 times, backing off 100, 200, 400 ms;
 * - 45009 (rate limited): retry up to 3 times, backing off 250, 500, 1,000 ms — never a retry storm.
 *
 *   import { createWeComClient } from 'wecom-mock/client';
 *   const wecom = createWeComClient({ baseUrl, corpid, corpsecret });
 *   const { data } = await wecom.GET('/cgi-bin/user/get', { params: { query: { userid: 'zhangsan' } } });
 *
 * `access_token` is filled in by the client: leave it out of `params.query`.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../spec/generated/openapi.js';
import { ERRCODES } from '../../spec/generated/errcodes.js';

export type { paths } from '../../spec/generated/openapi.js';

export interface RetryPolicy {
  /** Retries after -1 (default 3). */
  systemBusy: number;
  /** Retries after 45009 (default 3). */
  throttled: number;
  /** First backoff after -1, doubled each time (default 100 ms). */
  systemBusyDelayMs: number;
  /** First backoff after 45009, doubled each time (default 250 ms). */
  throttledDelayMs: number;
}

export interface WeComClientOptions {
  /** Default https://qyapi.weixin.qq.com. */
  baseUrl?: string;
  corpid: string;
  /** The secret of an app, or the contacts-sync / customer-contact / archive secret. */
  corpsecret: string;
  /** The fetch to use (default globalThis.fetch). */
  fetch?: (input: Request) => Promise<Response>;
  retry?: Partial<RetryPolicy>;
  /** Seconds before `expires_in` runs out when a token is renewed (default 300). */
  refreshMarginSeconds?: number;
  /** Waits (tests may speed it up). */
  sleep?: (ms: number) => Promise<void>;
  /** Current time in ms (tests may control it). */
  now?: () => number;
}

export type WeComClient = Client<paths> & {
  /** The current token (fetched if needed). */
  token(): Promise<string>;
  /** Forgets a token WeCom refused. */
  invalidate(token?: string): void;
};

const RETRY: RetryPolicy = { systemBusy: 3, throttled: 3, systemBusyDelayMs: 100, throttledDelayMs: 250 };
const TOKEN_DEAD = new Set<number>([ERRCODES.ACCESS_TOKEN_EXPIRED, ERRCODES.INVALID_ACCESS_TOKEN]);

/** errcode of a JSON answer, undefined for other answers (files, pages). */
async function errcodeOf(res: Response): Promise<number | undefined> {
  if (!(res.headers.get('content-type') ?? '').includes('json')) return undefined;
  try {
    const j = (await res.clone().json()) as { errcode?: unknown };
    return typeof j.errcode === 'number' ? j.errcode : 0;
  } catch {
    return undefined;
  }
}

/** A WeCom client for one corp and secret. */
export function createWeComClient(options: WeComClientOptions): WeComClient {
  const baseUrl = (options.baseUrl ?? 'https://qyapi.weixin.qq.com').replace(/\/+$/, '');
  const policy = { ...RETRY, ...options.retry };
  const baseFetch = options.fetch ?? ((r: Request) => globalThis.fetch(r));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? (() => Date.now());
  const margin = (options.refreshMarginSeconds ?? 300) * 1000;

  let current: { value: string; validUntil: number } | undefined;
  let pending: Promise<string> | undefined;

  /** Sends one request, retrying -1 and 45009 with backoff. */
  async function withBackoff(make: () => Request): Promise<Response> {
    let busy = 0;
    let throttled = 0;
    for (;;) {
      const res = await baseFetch(make());
      const code = await errcodeOf(res);
      if (code === ERRCODES.SYSTEM_BUSY && busy < policy.systemBusy) {
        await sleep(policy.systemBusyDelayMs * 2 ** busy++);
        continue;
      }
      if (code === ERRCODES.API_FREQ_OUT_OF_LIMIT && throttled < policy.throttled) {
        await sleep(policy.throttledDelayMs * 2 ** throttled++);
        continue;
      }
      return res;
    }
  }

  async function fetchToken(): Promise<string> {
    const url = `${baseUrl}/cgi-bin/gettoken?corpid=${encodeURIComponent(options.corpid)}&corpsecret=${encodeURIComponent(options.corpsecret)}`;
    const res = await withBackoff(() => new Request(url));
    const j = (await res.json()) as { errcode?: number; errmsg?: string; access_token?: string; expires_in?: number };
    if ((j.errcode ?? 0) !== 0 || typeof j.access_token !== 'string') {
      throw new Error(`gettoken failed: ${j.errcode} ${j.errmsg ?? ''}`);
    }
    const lifetime = (j.expires_in ?? 7200) * 1000;
    current = { value: j.access_token, validUntil: now() + Math.max(lifetime - margin, lifetime / 2) };
    return j.access_token;
  }

  async function token(): Promise<string> {
    if (current && now() < current.validUntil) return current.value;
    // One refresh for every caller that needs a token now (single flight).
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  function invalidate(t?: string): void {
    if (t === undefined || current?.value === t) current = undefined;
  }

  const wecomFetch = async (request: Request): Promise<Response> => {
    const method = request.method;
    const headers = new Headers(request.headers);
    const body = method === 'GET' || method === 'HEAD' ? undefined : await request.arrayBuffer();
    let retriedToken = false;
    for (;;) {
      const t = await token();
      const url = new URL(request.url);
      // The token travels in the query string only (observed on qyapi.weixin.qq.com: a token in a header or the body gives errcode 41001).
      url.searchParams.set('access_token', t);
      const res = await withBackoff(() => new Request(url, { method, headers, ...(body !== undefined && { body }) }));
      const code = await errcodeOf(res);
      if (code !== undefined && TOKEN_DEAD.has(code) && !retriedToken) {
        retriedToken = true;
        invalidate(t);
        continue;
      }
      return res;
    }
  };

  const client = createClient<paths>({ baseUrl, fetch: wecomFetch });
  return Object.assign(client, { token, invalidate });
}
