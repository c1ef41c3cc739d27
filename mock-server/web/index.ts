/**
 * Pages a browser visits (spec tag `web`, operations with `x-wecom-page: true`): the in-client OAuth page
 * and the QR / web login pages, at WeCom's paths so a client changes only the host. Every value from the
 * request is HTML-escaped; pages carry a strict CSP and no script.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OperationDef } from '../../spec/generated/operations.js';
import { readBody } from '../core/pipeline/body.js';
import { parseQuery } from '../core/pipeline/query.js';
import {
  checkPageRequest,
  completeSignIn,
  memberCannotSignIn,
  PAGE_PARAMS,
  pickerPage,
  recordRejected,
  takeNextVisitor,
  type Choice,
  type PageError,
  type PageName,
  type SignInRequest,
} from '../domains/oauth/index.js';
import type { MockApp } from '../app.js';
import { contentSecurityPolicy } from './html.js';
import { renderError, renderPicker } from './pages.js';
import { createProviderWeb } from './provider.js';
import { createSuiteOauthWeb } from './suite-oauth.js';

const PAGES: Readonly<Record<string, PageName>> = {
  connect_oauth2_authorize: 'connect_oauth2_authorize',
  connect_oauth2_authorize_submit: 'connect_oauth2_authorize',
  wwopen_sso_qrConnect: 'wwopen_sso_qrConnect',
  wwopen_sso_qrConnect_submit: 'wwopen_sso_qrConnect',
  wwlogin_sso_login: 'wwlogin_sso_login',
  wwlogin_sso_login_submit: 'wwlogin_sso_login',
};

const FORM_MAX = 16 * 1024;
const PAGE_PARAM_SHOWN = ['mock_search', 'mock_page'];

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function sendHtml(res: ServerResponse, html: string, formTargets: readonly string[] = []): void {
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Content-Security-Policy': contentSecurityPolicy(formTargets),
  });
  res.end(html);
}

function sendRedirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { ...COMMON_HEADERS, Location: location, 'Content-Length': 0 });
  res.end();
}

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

/** Builds the handler of the page operations. */
export function createWeb(app: MockApp) {
  const thirdParty = createProviderWeb(app);
  const suiteOauth = createSuiteOauthWeb(app);
  return async (req: IncomingMessage, res: ServerResponse, op: OperationDef, qs: string): Promise<void> => {
    // Third-party pages (install, 3rd_qrConnect) live in web/service.ts.
    if (await thirdParty(req, res, op.operationId, op.path, qs)) return;
    // In-client OAuth of a third-party app (appid = suite_id) lives in web/suite-oauth.ts.
    if (await suiteOauth(req, res, op.operationId, op.path, qs)) return;
    const page = PAGES[op.operationId];
    let form: URLSearchParams | undefined;
    let formTooLarge = false;
    if (req.method === 'POST') {
      const body = await readBody(req, FORM_MAX);
      if (body.ok) form = new URLSearchParams(body.raw.toString('utf8'));
      else formTooLarge = true;
    } else req.resume();
    if (!page) {
      res.writeHead(404, { 'Content-Length': 0 });
      res.end();
      return;
    }
    const q = parseQuery(qs);
    const params = [...PAGE_PARAMS[page], ...PAGE_PARAM_SHOWN];
    const check = checkPageRequest(page, q.values, q.doubled, app.registry);
    if (!check.ok) {
      if (check.corp) recordRejected(check.corp, page, check.agentid, check.error, q.values);
      sendHtml(res, renderError(check.error, q.values, params));
      return;
    }
    const r = check.req;
    const who = formTooLarge
      ? { error: { title: '参数错误', zh: '表单过大。', en: 'The form is too large.' } }
      : chosen(r, form);
    if (who && 'error' in who) {
      recordRejected(r.corp, page, r.app?.agentid, who.error, q.values);
      sendHtml(res, renderError(who.error, q.values, params));
      return;
    }
    if (who) {
      sendRedirect(res, completeSignIn(r, who.choice));
      return;
    }
    const n = Number(q.values['mock_page'] ?? '1');
    const list = pickerPage(r, q.values['mock_search']?.slice(0, 64), Number.isInteger(n) && n >= 1 && n <= 1e6 ? n : 1);
    sendHtml(res, renderPicker(r, list, op.path, q.values, PAGE_PARAMS[page]), [r.redirect.origin]);
  };
}
