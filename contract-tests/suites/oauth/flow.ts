/** Helpers of the sign-in suites: page URLs, one sign-in without a browser, the control-plane calls. */
import type { Target, TestCorp } from '../../harness/target.js';

export type PagePath = '/connect/oauth2/authorize' | '/wwopen/sso/qrConnect' | '/wwlogin/sso/login';

export interface PageAnswer {
  status: number;
  headers: Headers;
  html: string;
  location: string | undefined;
  /** code and state of the redirect, when there is one. */
  code: string | null | undefined;
  state: string | null | undefined;
}

/** `path?…` with every value URL-encoded; undefined values are left out. */
export function pageUrl(base: string, path: PagePath, params: Record<string, string | number | undefined>): string {
  const qs = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${base}${path}${qs ? `?${qs}` : ''}`;
}

/** The in-client page's parameters for a corp's first app. */
export function authorizeParams(corp: TestCorp, over: Record<string, string | number | undefined> = {}): Record<string, string | number | undefined> {
  return {
    appid: corp.corpid,
    redirect_uri: `http://${corp.raw!.apps[0]!.trusted_domain}/oauth/callback`,
    response_type: 'code',
    scope: 'snsapi_base',
    state: 'STATE123',
    agentid: corp.agentid,
    ...over,
  };
}

/** The QR / web login pages' parameters for a corp's first app. */
export function ssoParams(corp: TestCorp, over: Record<string, string | number | undefined> = {}): Record<string, string | number | undefined> {
  return {
    appid: corp.corpid,
    agentid: corp.agentid,
    redirect_uri: `http://${corp.raw!.apps[0]!.trusted_domain}/sso/callback`,
    state: 'S1',
    ...over,
  };
}

function answer(r: Response, html: string): PageAnswer {
  const location = r.headers.get('location') ?? undefined;
  let code: string | null | undefined;
  let state: string | null | undefined;
  if (location) {
    const u = new URL(location);
    code = u.searchParams.get('code');
    state = u.searchParams.get('state');
  }
  return { status: r.status, headers: r.headers, html, location, code, state };
}

/** GETs a page without following the redirect. */
export async function openPage(url: string): Promise<PageAnswer> {
  const r = await fetch(url, { redirect: 'manual' });
  return answer(r, await r.text());
}

/** Posts the picker's form (the page's query unchanged), without following the redirect. */
export async function postChoice(url: string, form: Record<string, string>): Promise<PageAnswer> {
  const r = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return answer(r, await r.text());
}

/** Signs a member in through the in-client page with login_hint and returns the code. */
export async function codeFor(base: string, corp: TestCorp, userid: string, over: Record<string, string | number | undefined> = {}): Promise<string> {
  const a = await openPage(pageUrl(base, '/connect/oauth2/authorize', authorizeParams(corp, { login_hint: userid, ...over })));
  if (a.status !== 302 || !a.code) throw new Error(`no code: ${a.status} ${a.html.slice(0, 500)}`);
  return a.code;
}

export async function setApp(target: Target, corpid: string, agentid: number, change: Record<string, unknown>): Promise<void> {
  const r = await target.admin('PATCH', `/__mock/corps/${corpid}/apps/${agentid}`, change);
  if (r.status !== 200) throw new Error(`app change refused: ${JSON.stringify(r.json)}`);
}

export interface NewApp {
  agentid: number;
  secret: string;
  trusted_domain: string;
}

export async function addApp(target: Target, corpid: string, body: Record<string, unknown> = {}): Promise<NewApp> {
  const r = await target.admin<NewApp>('POST', `/__mock/corps/${corpid}/apps`, body);
  if (r.status !== 201) throw new Error(`app creation refused: ${JSON.stringify(r.json)}`);
  return r.json;
}

export interface Login {
  seq: number;
  agentid: number | null;
  page: string;
  scope: string | null;
  redirect_uri: string | null;
  state: string | null;
  outcome: string;
  error: string | null;
  via: string | null;
  userid: string | null;
  openid: string | null;
  code: string | null;
  exchanged: boolean;
  exchanged_by: string | null;
  user_ticket_issued: boolean;
}

export async function logins(target: Target, corpid: string): Promise<Login[]> {
  return (await target.admin<{ logins: Login[] }>('GET', `/__mock/oauth/logins?corpid=${encodeURIComponent(corpid)}`)).json.logins;
}

/** Moves the corp's clock forward. */
export async function advance(target: Target, corpid: string, seconds: number): Promise<void> {
  await target.admin('POST', '/__mock/clock', { corpid, advance_seconds: seconds });
}
