/**
 * Third-party pages (doc path/90597, 91124): the install page `/3rdapp/install` where an admin of a chosen
 * corp consents, and the provider's QR login page `/wwopen/sso/3rd_qrConnect`. Instead of a QR code the
 * page asks for the corp and the member; every value is HTML-escaped; strict CSP, no script.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMITS } from '../../../spec/generated/limits.js';
import { parseQuery } from '../../core/pipeline/query.js';
import { TOKEN_ALPHABET } from '../../core/runtime/rng.js';
import type { PageHandler } from '../../core/tenancy/manifest.js';
import { esc, layout } from '../../web/html.js';
import { readForm, sendHtml, sendRedirect } from '../../web/kit.js';
import type { Corp, MockHost } from '../types.js';
import { emitInstruction, install, providerCorp } from './state.js';
import { suiteOauthPage } from './suite-oauth-page.js';

const STATE_RE = /^[A-Za-z0-9]{0,128}$/;

/** The install page's redirect: its parameters set on the redirect_uri (replacing any of the same name). */
function redirect(res: ServerResponse, to: URL, extra: Record<string, string>): void {
  for (const [k, v] of Object.entries(extra)) to.searchParams.set(k, v);
  sendRedirect(res, to.href);
}

function errorPage(title: string, zh: string, en: string): string {
  return layout(title, `<h1 class="error">${esc(title)}</h1>\n<p class="sub" lang="zh-CN">${esc(zh)}</p>\n<p class="sub" lang="en">${esc(en)}</p>`);
}

function parseRedirect(raw: string | undefined, domain: string): URL | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    if (u.username || u.password) return undefined;
    if (domain && u.host !== domain) return undefined;
    return u;
  } catch {
    return undefined;
  }
}

/** The first active member of a corp (the default consenting admin). */
function firstMember(corp: Corp): string | undefined {
  const c = corp.domains.contacts;
  for (const k of c.userKeys()) {
    const m = c.users.get(k);
    if (m && m.status === 1) return m.userid;
  }
  return undefined;
}

/** The provider's pages: the install page and 3rd_qrConnect, then in-client OAuth with appid = suite_id. */
export function providerPages(host: MockHost): PageHandler[] {
  const install = installPages(host);
  return [(req, res, op, qs) => install(req, res, op.operationId, op.path, qs), suiteOauthPage(host)];
}

/** Handles the two third-party pages; false when the operation is not one of them. */
function installPages(host: MockHost) {
  const { registry } = host;
  return async (req: IncomingMessage, res: ServerResponse, operationId: string, path: string, qs: string): Promise<boolean> => {
    const isInstall = operationId.startsWith('install_3rdapp');
    if (!isInstall && !operationId.startsWith('wwopen_sso_3rd_qrConnect')) return false;
    const read = await readForm(req);
    // An oversized form counts as an empty one: the page asks again.
    const form = read === 'too_large' ? new URLSearchParams() : read;
    const q = parseQuery(qs).values;
    const state = q['state'] ?? '';
    if (!STATE_RE.test(state)) {
      sendHtml(res, errorPage('参数错误', 'state 只能包含字母和数字，最长 128 字节。', 'state may hold a-zA-Z0-9 only, at most 128 bytes.'));
      return true;
    }
    const postTo = `${path}?${qs}`;

    if (isInstall) {
      const suite = registry.suites.get(q['suite_id'] ?? '');
      if (!suite || !registry.get(suite.provider_corpid)) {
        sendHtml(res, errorPage('应用不存在', '找不到 suite_id 对应的第三方应用。', 'No suite has this suite_id.'));
        return true;
      }
      const pc = providerCorp(registry, suite);
      const pre = suite.preAuthCodes.get(q['pre_auth_code'] ?? '');
      if (!pre || pre.expiresAtMs <= pc.clock.nowMs()) {
        sendHtml(res, errorPage('授权链接已失效', 'pre_auth_code 无效或已过期（1200 秒）。', 'The pre_auth_code is unknown or expired (1,200 s).'));
        return true;
      }
      const to = parseRedirect(q['redirect_uri'], suite.redirect_domain);
      if (!to) {
        sendHtml(res, errorPage('redirect_uri参数错误', 'redirect_uri 必须是 http(s) 地址，且属于应用的回调域名。', 'redirect_uri must be http(s) on the suite’s redirect domain.'));
        return true;
      }
      if (form) {
        if (form.get('action') === 'refuse') {
          redirect(res, to, { state });
          return true;
        }
        const corp = registry.get(form.get('corpid') ?? '');
        const userid = form.get('userid') || (corp ? firstMember(corp) : undefined);
        const admin = userid === undefined ? undefined : corp?.domains.contacts.getUser(userid);
        if (!corp || !admin || registry.providers.has(corp.corpid)) {
          sendHtml(res, errorPage('无法授权', '请填写存在的企业 corpid 和其中的成员。', 'Give an existing corp and one of its members.'));
          return true;
        }
        // One use: a pre_auth_code installs once.
        suite.preAuthCodes.delete(pre.code);
        const code = install(registry, suite, corp, admin.userid, form.get('scope') === 'self' ? 'self' : 'all', state, pre.session?.auth_type ?? 0);
        // create_auth goes to the instruction callback (answer within 1 s), with the same temporary code.
        emitInstruction(registry, suite, { InfoType: 'create_auth', AuthCode: code, ...(state && { State: state }) });
        redirect(res, to, { auth_code: code, expires_in: String(LIMITS.lifetime.install_auth_code_lifetime.seconds), state });
        return true;
      }
      const title = `授权安装「${suite.name}」/ Install ${suite.name}`;
      sendHtml(
        res,
        layout(
          title,
          `<h1>${esc(title)}</h1>
<div class="note"><p>这是管理员扫码授权的替身：选择企业、管理员和可见范围。<br>Stand-in for the admin scanning the install QR code: choose the corp, the admin and the visible range.</p>
<p>授权后跳转到 / After consent the browser goes to: <code id="redirect">${esc(to.origin + to.pathname)}</code></p></div>
<form method="post" action="${esc(postTo)}" id="install">
<input type="hidden" name="action" value="install">
<label>企业 CorpID <input name="corpid" id="corpid" required maxlength="64"></label>
<label>管理员 UserID / admin <input name="userid" id="userid" maxlength="64" placeholder="默认：第一个成员 / default: the first member"></label>
<fieldset><legend>可见范围 / Visible range</legend>
<label><input type="radio" name="scope" value="all" checked> 全部成员 / whole corp</label>
<label><input type="radio" name="scope" value="self" id="scope-self"> 仅管理员自己 / only the admin</label>
</fieldset>
<button type="submit" id="consent">同意授权 / Authorize</button>
</form>
<form method="post" action="${esc(postTo)}"><input type="hidden" name="action" value="refuse"><button type="submit" class="secondary" id="refuse">拒绝 / Refuse</button></form>`,
        ),
        [to.origin],
      );
      return true;
    }

    // 3rd_qrConnect: appid is a suite_id or the provider's corpid.
    const appid = q['appid'] ?? '';
    const provider = registry.providers.get(registry.suites.get(appid)?.provider_corpid ?? appid);
    const pc = provider ? registry.get(provider.corpid) : undefined;
    if (!provider || !pc) {
      sendHtml(res, errorPage('校验请求来源错误', 'appid 不是服务商的 suite_id 或 corpid。', 'appid is neither a suite_id nor a provider corpid.'));
      return true;
    }
    const to = parseRedirect(q['redirect_uri'], '');
    if (!to) {
      sendHtml(res, errorPage('redirect_uri参数错误', 'redirect_uri 必须是 http(s) 地址。', 'redirect_uri must be an http(s) URL.'));
      return true;
    }
    const usertype = q['usertype'] === 'member' ? 'member' : 'admin';
    if (form) {
      const corp = registry.get(form.get('corpid') ?? '');
      const m = corp?.domains.contacts.getUser(form.get('userid') ?? '');
      if (!corp || !m) {
        sendHtml(res, errorPage('无法登录', '请填写存在的企业 corpid 和其中的成员。', 'Give an existing corp and one of its members.'));
        return true;
      }
      const code = pc.rng.string(43, TOKEN_ALPHABET);
      provider.loginCodes.set(code, {
        code,
        corpid: corp.corpid,
        userid: m.userid,
        openid: undefined,
        usertype,
        scope: '',
        expiresAtMs: pc.clock.nowMs() + LIMITS.lifetime.oauth_code_lifetime.seconds * 1000,
        used: false,
      });
      redirect(res, to, { auth_code: code, state });
      return true;
    }
    const title = `登录服务商应用 / Sign in (${usertype})`;
    sendHtml(
      res,
      layout(
        title,
        `<h1>${esc(title)}</h1>
<div class="note"><p>这是扫码登录的替身。<br>Stand-in for scanning the login QR code.</p></div>
<form method="post" action="${esc(postTo)}" id="login">
<label>企业 CorpID <input name="corpid" id="corpid" required maxlength="64"></label>
<label>成员 UserID <input name="userid" id="userid" required maxlength="64"></label>
<button type="submit" id="signin">登录 / Sign in</button>
</form>`,
      ),
      [to.origin],
    );
    return true;
  };
}
