/**
 * In-client web authorization of a third-party app (doc path/91120: `appid` = suite_id): the page picks the
 * authorising corp (the `corpid` hint, the only corp that installed the suite, or a choice on the page), then
 * a member inside the installed app's visible range. The page's parameters are checked like the corp page's
 * (the installed app stands for the agentid, so its trusted domain — the suite's `trusted_domain` — must be
 * the redirect host); the code is the suite's (domains/provider issueSuiteOauthCode), exchanged with
 * service/auth/getuserinfo3rd. Every value is HTML-escaped; strict CSP, no script.
 */
import { parseQuery } from '../../core/pipeline/query.js';
import { withQuery } from '../../core/pipeline/url.js';
import type { PageHandler } from '../../core/tenancy/manifest.js';
import type { SuiteTenant } from '../../core/tenancy/thirdparty.js';
import { esc, layout } from '../../web/html.js';
import { readForm, sendHtml, sendRedirect } from '../../web/kit.js';
import {
  checkPageRequest,
  memberCannotSignIn,
  PAGE_PARAMS,
  pageUrl,
  pickerPage,
  recordRejected,
  renderError,
  renderPicker,
  type PageError,
} from '../oauth/index.js';
import { isMemberVisible } from '../contacts/index.js';
import type { Corp, MockHost } from '../types.js';
import { issueSuiteOauthCode } from './state.js';

const PAGE = 'connect_oauth2_authorize';
/** The page's parameters, with the wecom-mock corp hint and the picker's own. */
const PARAMS = [...PAGE_PARAMS[PAGE], 'corpid'];
const SHOWN = [...PARAMS, 'mock_search', 'mock_page'];

/** The corps where the suite's app is installed now: corpid → (corp, agentid). */
function installedCorps(host: MockHost, suite: SuiteTenant): { corp: Corp; agentid: number }[] {
  const out: { corp: Corp; agentid: number }[] = [];
  for (const auth of suite.auths.values()) {
    const corp = auth.cancelled ? undefined : host.registry.get(auth.corpid);
    const a = corp?.apps.get(auth.agentid);
    if (corp && a?.third_party?.suite_id === suite.suite_id) out.push({ corp, agentid: auth.agentid });
  }
  return out;
}

function corpChooser(suite: SuiteTenant, path: string, values: Readonly<Record<string, string>>, corps: { corp: Corp }[]): string {
  const rows = corps
    .map(({ corp }) => `<li><a href="${esc(pageUrl(path, values, PARAMS.filter((k) => k !== 'corpid'), { corpid: corp.corpid }))}" data-corpid="${esc(corp.corpid)}">${esc(corp.corpName)} <code>${esc(corp.corpid)}</code></a></li>`)
    .join('\n');
  const title = `${suite.name} 请求登录 / asks you to sign in`;
  return layout(
    title,
    `<h1>${esc(title)}</h1>
<div class="note"><p>该第三方应用已安装在多个企业：请选择你所在的企业（wecom-mock 也接受 <code>corpid</code> 参数）。<br>The app is installed in several corps: pick yours (wecom-mock also accepts a <code>corpid</code> parameter).</p></div>
<ul id="corps">
${rows}
</ul>`,
  );
}

/** Handles the page when its appid is a suite_id; false otherwise (the corp page handles it). */
export function suiteOauthPage(host: MockHost): PageHandler {
  const { registry } = host;
  return async (req, res, op, qs) => {
    const { operationId, path } = op;
    if (operationId !== PAGE && operationId !== `${PAGE}_submit`) return false;
    const q = parseQuery(qs);
    const suite = registry.suites.get(q.values['appid'] ?? '');
    if (!suite || !registry.get(suite.provider_corpid)) return false;
    const read = await readForm(req);
    const formTooLarge = read === 'too_large';
    const form = formTooLarge ? undefined : read;
    const values = q.values;
    const fail = (error: PageError, corp?: Corp, agentid?: number): true => {
      if (corp) recordRejected(corp, PAGE, agentid, error, values);
      sendHtml(res, renderError(error, values, SHOWN));
      return true;
    };

    const corps = installedCorps(host, suite);
    const hint = values['corpid'];
    const target = hint === undefined ? (corps.length === 1 ? corps[0] : undefined) : corps.find((c) => c.corp.corpid === hint);
    if (corps.length === 0 || (hint !== undefined && !target)) {
      return fail({
        title: '无权限访问该应用',
        zh: hint === undefined ? '该第三方应用尚未被任何企业安装。' : `企业 ${hint} 未安装该第三方应用。`,
        en: hint === undefined ? 'No corp has installed this third-party app.' : `Corp ${hint} has not installed this third-party app.`,
      });
    }
    if (!target) {
      sendHtml(res, corpChooser(suite, path, values, corps));
      return true;
    }

    // The corp page's checks, with the installed app standing for appid + agentid.
    const checked = { ...values, appid: target.corp.corpid, agentid: String(target.agentid) };
    const check = checkPageRequest(PAGE, checked, q.doubled, registry);
    if (!check.ok) return fail(check.error, check.corp, check.agentid);
    const r = check.req;
    if (formTooLarge) return fail({ title: '参数错误', zh: '表单过大。', en: 'The form is too large.' }, r.corp, target.agentid);

    if (form) {
      const action = form.get('action') ?? 'login';
      if (action === 'refuse') {
        sendRedirect(res, withQuery(r.redirect, { state: r.state }));
        return true;
      }
      if (action === 'visitor') {
        sendRedirect(res, withQuery(r.redirect, { code: issueSuiteOauthCode(registry, suite, r.corp.corpid, undefined, r.scope), state: r.state }));
        return true;
      }
      if (action !== 'login') return fail({ title: '参数错误', zh: '无法识别的操作。', en: 'Unknown action.' }, r.corp, target.agentid);
      const id = form.get('userid') ?? '';
      const m = id ? r.corp.domains.contacts.getUser(id) : undefined;
      const problem = memberCannotSignIn(r, m, id);
      if (problem) return fail(problem, r.corp, target.agentid);
      // A third-party app opens only for the members of its visible range.
      if (!isMemberVisible(r.app!, r.corp.domains.contacts, m!)) {
        return fail({ title: '无权限访问该应用', zh: `成员 ${m!.userid} 不在应用的可见范围内。`, en: `Member ${m!.userid} is outside the app's visible range.` }, r.corp, target.agentid);
      }
      sendRedirect(res, withQuery(r.redirect, { code: issueSuiteOauthCode(registry, suite, r.corp.corpid, m!.userid, r.scope), state: r.state }));
      return true;
    }

    const n = Number(values['mock_page'] ?? '1');
    const list = pickerPage(r, values['mock_search']?.slice(0, 64), Number.isInteger(n) && n >= 1 && n <= 1e6 ? n : 1);
    sendHtml(res, renderPicker(r, list, path, values, PARAMS), [r.redirect.origin]);
    return true;
  };
}
