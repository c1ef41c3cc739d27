/**
 * Pages a browser visits (spec tag `web`, operations with `x-wecom-page: true`): the in-client OAuth page
 * and the QR / web login pages, at WeCom's paths so a client changes only the host. Every value from the
 * request is HTML-escaped; pages carry a strict CSP and no script.
 */
import { parseQuery } from '../../core/pipeline/query.js';
import type { PageHandler } from '../../core/tenancy/manifest.js';
import { readForm, sendHtml, sendRedirect } from '../../web/kit.js';
import type { MockHost } from '../types.js';
import { checkPageRequest, memberCannotSignIn, PAGE_PARAMS, type PageError, type SignInRequest } from './rules.js';
import { completeSignIn, pickerPage, recordRejected, takeNextVisitor, type Choice } from './signin.js';
import type { PageName } from './state.js';
import { renderError, renderPicker } from './views.js';

const PAGES: Readonly<Record<string, PageName>> = {
  connect_oauth2_authorize: 'connect_oauth2_authorize',
  connect_oauth2_authorize_submit: 'connect_oauth2_authorize',
  wwopen_sso_qrConnect: 'wwopen_sso_qrConnect',
  wwopen_sso_qrConnect_submit: 'wwopen_sso_qrConnect',
  wwlogin_sso_login: 'wwlogin_sso_login',
  wwlogin_sso_login_submit: 'wwlogin_sso_login',
};

const PAGE_PARAM_SHOWN = ['mock_search', 'mock_page'];

/** Who the request names (form post, login_hint or the control plane's next visitor); undefined = ask. */
function chosen(req: SignInRequest, form: URLSearchParams | undefined): { choice: Choice } | { error: PageError } | undefined {
  const contacts = req.corp.domains.contacts;
  const member = (userid: string | null | undefined, via: Choice['via']): { choice: Choice } | { error: PageError } => {
    const id = userid ?? '';
    const m = id ? contacts.getUser(id) : undefined;
    const problem = memberCannotSignIn(req, m, id);
    return problem ? { error: problem } : { choice: { kind: 'member', member: m!, via } };
  };
  if (form) {
    const action = form.get('action') ?? 'login';
    if (action === 'refuse') return { choice: { kind: 'refuse', via: 'picker' } };
    if (action === 'visitor' && req.page === 'connect_oauth2_authorize') {
      return { choice: { kind: 'visitor', external_userid: undefined, via: 'picker' } };
    }
    if (action === 'login') return member(form.get('userid'), 'picker');
    return { error: { title: '参数错误', zh: '无法识别的操作。', en: 'Unknown action.' } };
  }
  if (req.loginHint !== undefined) return member(req.loginHint, 'login_hint');
  const next = takeNextVisitor(req.corp);
  if (!next) return undefined;
  if (next.refuse) return { choice: { kind: 'refuse', via: 'next_user' } };
  if (next.visitor) {
    // A visitor who is not a member signs in on the in-client page only; QR login is for members.
    if (req.page === 'connect_oauth2_authorize') return { choice: { kind: 'visitor', external_userid: next.external_userid, via: 'next_user' } };
    return { error: { title: '无权限访问该应用', zh: '非企业成员不能扫码登录。', en: 'A visitor who is not a member cannot use QR login.' } };
  }
  return member(next.userid, 'next_user');
}

/** The corp's sign-in pages (a third-party app's in-client OAuth, appid = suite_id, is the provider domain's page). */
export function oauthPages(host: MockHost): PageHandler[] {
  const { registry } = host;
  const signIn: PageHandler = async (req, res, op, qs) => {
    const page = PAGES[op.operationId];
    if (!page) return false;
    const q = parseQuery(qs);
    const suite = page === 'connect_oauth2_authorize' ? registry.suites.get(q.values['appid'] ?? '') : undefined;
    if (suite && registry.get(suite.provider_corpid)) return false;
    const read = await readForm(req);
    const formTooLarge = read === 'too_large';
    const form = formTooLarge ? undefined : read;
    const params = [...PAGE_PARAMS[page], ...PAGE_PARAM_SHOWN];
    const check = checkPageRequest(page, q.values, q.doubled, registry);
    if (!check.ok) {
      if (check.corp) recordRejected(check.corp, page, check.agentid, check.error, q.values);
      sendHtml(res, renderError(check.error, q.values, params));
      return true;
    }
    const r = check.req;
    const who = formTooLarge
      ? { error: { title: '参数错误', zh: '表单过大。', en: 'The form is too large.' } }
      : chosen(r, form);
    if (who && 'error' in who) {
      recordRejected(r.corp, page, r.app?.agentid, who.error, q.values);
      sendHtml(res, renderError(who.error, q.values, params));
      return true;
    }
    if (who) {
      sendRedirect(res, completeSignIn(r, who.choice));
      return true;
    }
    const n = Number(q.values['mock_page'] ?? '1');
    const list = pickerPage(r, q.values['mock_search']?.slice(0, 64), Number.isInteger(n) && n >= 1 && n <= 1e6 ? n : 1);
    sendHtml(res, renderPicker(r, list, op.path, q.values, PAGE_PARAMS[page]), [r.redirect.origin]);
    return true;
  };
  return [signIn];
}
