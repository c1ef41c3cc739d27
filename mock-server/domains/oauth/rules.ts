/**
 * What WeCom's sign-in pages accept (doc path/91022, 91019, 91124): pure checks of the page parameters and of who
 * may sign in. A refusal is a page (title = WeCom's error text), not an errcode.
 */
import { LIMITS } from '../../../spec/generated/limits.js';
import type { AppState } from '../../core/tenancy/types.js';
import type { CorpRegistry } from '../../core/tenancy/registry.js';
import { isMemberVisible, type Member } from '../contacts/index.js';
import type { Corp, DomainStates } from '../types.js';
import type { PageName, Scope } from './state.js';

/** An error page: WeCom's title, and what to fix in Chinese and English. */
export interface PageError {
  title: string;
  zh: string;
  en: string;
}

/** A sign-in request whose parameters WeCom would accept. */
export interface SignInRequest {
  page: PageName;
  corp: Corp;
  /** The app signing in (undefined: in-client snsapi_base without agentid). */
  app: AppState | undefined;
  /** Apps whose token may exchange the code. */
  agentids: number[];
  scope: Scope;
  /** The redirect_uri as parsed (its href is ASCII and normalized). */
  redirect: URL;
  redirectUri: string;
  state: string;
  loginHint: string | undefined;
}

export type PageCheck = { ok: true; req: SignInRequest } | { ok: false; error: PageError; corp: Corp | undefined; agentid: number | undefined };

// Titles of WeCom's error pages. "redirect_uri参数错误" is documented for a redirect host other than the
// trusted domain (doc path/91022); "校验请求来源错误" is what the QR login pages show for an appid/agentid
// they cannot match (observed, justauth/JustAuth#187). "参数错误" for other parameters is our guess.
export const REDIRECT_ERROR = 'redirect_uri参数错误';
export const SOURCE_ERROR = '校验请求来源错误';
export const PARAM_ERROR = '参数错误';
export const NO_ACCESS_ERROR = '无权限访问该应用';

const STATE_PATTERN = new RegExp(`^[a-zA-Z0-9]{0,${LIMITS.bound.oauth_state_length.max}}$`);
const REDIRECT_MAX = LIMITS.bound.oauth_redirect_uri_length.max;
/** A plain DNS name or IPv4 address, with an optional port: nothing that could break out of a header. */
const HOST_PATTERN = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:[0-9]{1,5})?$/;
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0020\u007f\\<>"'`]/;

/** Parameters each page reads (a doubled one is refused). */
export const PAGE_PARAMS: Readonly<Record<PageName, readonly string[]>> = {
  connect_oauth2_authorize: ['appid', 'redirect_uri', 'response_type', 'scope', 'state', 'agentid', 'login_hint'],
  wwopen_sso_qrConnect: ['appid', 'agentid', 'redirect_uri', 'state', 'lang', 'login_hint'],
  wwlogin_sso_login: ['login_type', 'appid', 'agentid', 'redirect_uri', 'state', 'lang', 'login_hint'],
};

const isSso = (page: PageName): boolean => page !== 'connect_oauth2_authorize';

function fail(error: PageError, corp?: Corp, agentid?: number): PageCheck {
  return { ok: false, error, corp, agentid };
}

function redirectError(zh: string, en: string): PageError {
  return { title: REDIRECT_ERROR, zh, en };
}

/** Checks a page's query like WeCom: appid, login_type, agentid, redirect_uri, response_type, scope, state. */
export function checkPageRequest(
  page: PageName,
  values: Readonly<Record<string, string>>,
  doubled: readonly string[] | undefined,
  registry: CorpRegistry<DomainStates>,
): PageCheck {
  const sso = isSso(page);
  const twice = doubled?.find((n) => PAGE_PARAMS[page].includes(n));
  if (twice !== undefined) {
    return fail({ title: PARAM_ERROR, zh: `参数 ${twice} 只能出现一次。`, en: `The parameter ${twice} must appear only once.` });
  }

  const appid = values['appid'];
  const corp = appid === undefined ? undefined : registry.get(appid);
  if (!corp) {
    const e = appid === undefined ? ['缺少 appid。', 'appid is missing.'] : ['appid 不是任何企业的 corpid。', 'appid is not the corpid of any corp of this mock.'];
    return fail({
      title: sso ? SOURCE_ERROR : PARAM_ERROR,
      zh: `${e[0]} 请把 appid 设为企业的 corpid（我的企业 → 企业信息）。`,
      en: `${e[1]} Set appid to the corp's corpid.`,
    });
  }

  if (page === 'wwlogin_sso_login' && values['login_type'] !== 'CorpApp') {
    const given = values['login_type'];
    return fail(
      {
        title: SOURCE_ERROR,
        zh: given === 'ServiceApp' ? 'wecom-mock 暂不支持第三方应用（ServiceApp）登录；自建应用请用 login_type=CorpApp。' : 'login_type 须为 CorpApp（自建应用）。',
        en: given === 'ServiceApp' ? 'wecom-mock does not serve third-party (ServiceApp) logins yet; self-built apps use login_type=CorpApp.' : 'login_type must be CorpApp (a self-built app).',
      },
      corp,
    );
  }

  let app: AppState | undefined;
  const agentidText = values['agentid'];
  if (agentidText !== undefined || sso) {
    const id = agentidText !== undefined && /^[0-9]{1,10}$/.test(agentidText) ? Number(agentidText) : undefined;
    app = id === undefined ? undefined : corp.apps.get(id);
    if (!app) {
      return fail(
        {
          title: sso ? SOURCE_ERROR : PARAM_ERROR,
          zh: `agentid ${agentidText === undefined ? '缺失' : '不是该企业的应用'}；请填写自建应用的 AgentId（应用管理 → 应用详情）。`,
          en: `agentid is ${agentidText === undefined ? 'missing' : 'not an app of this corp'}; use the AgentId of a self-built app of the corp.`,
        },
        corp,
      );
    }
  }

  const redirectUri = values['redirect_uri'];
  const agentid = app?.agentid;
  if (redirectUri === undefined) return fail(redirectError('缺少 redirect_uri。', 'redirect_uri is missing.'), corp, agentid);
  if (redirectUri.length > REDIRECT_MAX) {
    return fail(redirectError(`redirect_uri 超过 ${REDIRECT_MAX} 个字符。`, `redirect_uri is longer than ${REDIRECT_MAX} characters.`), corp, agentid);
  }
  if (UNSAFE_CHARS.test(redirectUri)) {
    return fail(
      redirectError('redirect_uri 含空白、控制字符（如回车换行）或引号；请先 urlencode 完整的跳转地址。', 'redirect_uri holds whitespace, control characters (CR/LF…), backslashes or quotes; URL-encode the whole address once.'),
      corp,
      agentid,
    );
  }
  let redirect: URL;
  try {
    redirect = new URL(redirectUri);
  } catch {
    return fail(redirectError('redirect_uri 不是完整的网址（需以 http:// 或 https:// 开头）。', 'redirect_uri is not an absolute URL (it must start with http:// or https://).'), corp, agentid);
  }
  if (redirect.protocol !== 'http:' && redirect.protocol !== 'https:') {
    return fail(redirectError('redirect_uri 只能是 http 或 https 网址。', 'redirect_uri must be an http or https URL (javascript:, data: and other schemes are refused).'), corp, agentid);
  }
  if (redirect.username !== '' || redirect.password !== '' || !HOST_PATTERN.test(redirect.host)) {
    return fail(redirectError('redirect_uri 的域名不合法。', 'redirect_uri has no plain host name (user-info parts and unusual hosts are refused).'), corp, agentid);
  }
  const host = redirect.host;
  const trusted = (a: AppState): boolean => a.trusted_domain.toLowerCase() === host;
  const agentids = app ? (trusted(app) ? [app.agentid] : []) : [...corp.apps.values()].filter(trusted).map((a) => a.agentid);
  if (agentids.length === 0) {
    const domain = app ? app.trusted_domain : [...corp.apps.values()].map((a) => a.trusted_domain).join(', ');
    return fail(
      redirectError(
        `redirect_uri 的域名 ${host} 与应用的可信域名（${domain}）不一致，端口也须一致。请在应用管理 → 网页授权及JS-SDK 中设置可信域名。`,
        `The redirect_uri host ${host} is not the app's trusted domain (${domain}); the port must match too. Set the trusted domain of the app (mock: PATCH /__mock/corps/{corpid}/apps/{agentid}).`,
      ),
      corp,
      agentid,
    );
  }

  let scope: Scope = 'snsapi_base';
  if (!sso) {
    if (values['response_type'] !== 'code') {
      return fail({ title: PARAM_ERROR, zh: 'response_type 须为 code。', en: 'response_type must be code.' }, corp, agentid);
    }
    const s = values['scope'];
    if (s !== 'snsapi_base' && s !== 'snsapi_privateinfo' && s !== 'snsapi_userinfo') {
      return fail({ title: PARAM_ERROR, zh: 'scope 须为 snsapi_base 或 snsapi_privateinfo。', en: 'scope must be snsapi_base or snsapi_privateinfo.' }, corp, agentid);
    }
    // snsapi_userinfo is the older doc's name of the consent scope (doc path/91022). Without agentid a
    // consent scope silently degrades to snsapi_base (doc path/91022).
    if (s !== 'snsapi_base' && app) scope = 'snsapi_privateinfo';
  }

  const state = values['state'] ?? '';
  if (!STATE_PATTERN.test(state)) {
    return fail(
      {
        title: PARAM_ERROR,
        zh: `state 只能是 a-zA-Z0-9，最长 ${LIMITS.bound.oauth_state_length.max} 字节。`,
        en: `state may only hold a-zA-Z0-9, at most ${LIMITS.bound.oauth_state_length.max} bytes.`,
      },
      corp,
      agentid,
    );
  }

  return { ok: true, req: { page, corp, app, agentids, scope, redirect, redirectUri, state, loginHint: values['login_hint'] } };
}

/** Can this member sign in on this request? undefined = yes, else the error page. */
export function memberCannotSignIn(req: SignInRequest, m: Member | undefined, userid: string): PageError | undefined {
  if (!m) return { title: PARAM_ERROR, zh: `企业中没有成员 ${userid}。`, en: `The corp has no member ${userid}.` };
  if (m.status !== 1) {
    return { title: NO_ACCESS_ERROR, zh: `成员 ${m.userid} 未激活或已禁用，无法登录。`, en: `Member ${m.userid} is not active (disabled or not activated) and cannot sign in.` };
  }
  // QR / web login is for the app's users: a member outside the visible range cannot use the app. The
  // in-client page with snsapi_base still answers a code; snsapi_privateinfo needs the member inside the app's
  // visible range (developer.work.weixin.qq.com/document/path/91022), so the page refuses and no code is issued.
  const consent = req.page === 'connect_oauth2_authorize' && req.scope === 'snsapi_privateinfo';
  if ((req.page !== 'connect_oauth2_authorize' || consent) && req.app && !isMemberVisible(req.app, req.corp.domains.contacts, m)) {
    return { title: NO_ACCESS_ERROR, zh: `成员 ${m.userid} 不在应用的可见范围内。`, en: `Member ${m.userid} is outside the app's visible range.` };
  }
  return undefined;
}
