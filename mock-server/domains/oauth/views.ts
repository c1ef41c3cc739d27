/** The two pages a person sees while signing in: the member picker and WeCom's error page. */
import { esc, layout } from '../../web/html.js';
import type { PageError, SignInRequest } from './rules.js';
import type { PageName } from './state.js';
import type { PickerPage } from './signin.js';

const PAGE_LABEL: Record<PageName, string> = {
  connect_oauth2_authorize: '网页授权（企业微信客户端内）/ in-client web authorization',
  wwopen_sso_qrConnect: '扫码登录 / QR-code login',
  wwlogin_sso_login: '企业微信登录 / WeCom web login',
};

/** `path?query` of the page with its WeCom parameters (the picker's own parameters left out). */
export function pageUrl(path: string, values: Readonly<Record<string, string>>, keep: readonly string[], extra: Record<string, string> = {}): string {
  const parts: string[] = [];
  for (const k of keep) {
    const v = values[k];
    if (v !== undefined && k !== 'login_hint') parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  }
  for (const [k, v] of Object.entries(extra)) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

const MAX_SHOWN = 512;
const shown = (v: string): string => (v.length > MAX_SHOWN ? `${v.slice(0, MAX_SHOWN)}…（${v.length} 字符 / characters）` : v);

/** WeCom's error page: its title, what to fix in both languages, and what the page received. */
export function renderError(error: PageError, values: Readonly<Record<string, string>>, params: readonly string[]): string {
  const received = params
    .filter((k) => values[k] !== undefined)
    .map((k) => `<dt>${esc(k)}</dt><dd><code>${esc(shown(values[k]!))}</code></dd>`)
    .join('\n');
  return layout(
    error.title,
    `<h1 class="error">${esc(error.title)}</h1>
<p class="sub" lang="zh-CN">${esc(error.zh)}</p>
<p class="sub" lang="en">${esc(error.en)}</p>
<div class="note">
<p>收到的参数 / Parameters received:</p>
<dl id="received">
${received || '<dt>—</dt><dd>（无 / none）</dd>'}
</dl>
</div>`,
  );
}

/** The member picker: who signs in (stands in for scanning the QR code or being inside the WeCom client). */
export function renderPicker(
  req: SignInRequest,
  list: PickerPage,
  path: string,
  values: Readonly<Record<string, string>>,
  params: readonly string[],
): string {
  const { corp, app } = req;
  const postTo = esc(pageUrl(path, values, params));
  const search = values['mock_search'] ?? '';
  const hidden = params
    .filter((k) => k !== 'login_hint' && values[k] !== undefined)
    .map((k) => `<input type="hidden" name="${esc(k)}" value="${esc(values[k]!)}">`)
    .join('');
  const rows = list.rows
    .map(
      (r) => `<tr>
<td>${esc(r.name)}${r.alias ? ` <span class="sub">(${esc(r.alias)})</span>` : ''}</td>
<td><code>${esc(r.userid)}</code></td>
<td>${esc(r.departments.join('、'))}</td>
<td><button type="submit" name="userid" value="${esc(r.userid)}" data-userid="${esc(r.userid)}">登录 / Sign in</button></td>
</tr>`,
    )
    .join('\n');
  const nav: string[] = [];
  const withPage = (n: number): string => esc(pageUrl(path, values, params, { ...(search && { mock_search: search }), mock_page: String(n) }));
  if (list.page > 1) nav.push(`<a href="${withPage(list.page - 1)}" rel="prev">上一页 / Previous</a>`);
  nav.push(`<span>第 ${list.page} / ${list.pages} 页 · page ${list.page} of ${list.pages}</span>`);
  if (list.page < list.pages) nav.push(`<a href="${withPage(list.page + 1)}" rel="next">下一页 / Next</a>`);
  const who = app ? `${app.name}（AgentId ${app.agentid}）` : corp.corpName;
  const privateNote =
    req.scope === 'snsapi_privateinfo'
      ? `<p>该应用将获取你的头像、性别、手机、邮箱等信息（snsapi_privateinfo）。<br>The app asks for your avatar, gender, mobile, email and address (snsapi_privateinfo).</p>`
      : '';
  const title = `${who} 请求登录 / asks you to sign in`;
  return layout(
    title,
    `<h1>${esc(title)}</h1>
<p class="sub">${esc(corp.corpName)} · ${esc(PAGE_LABEL[req.page])}</p>
<div class="note">
<p>这是扫码或在企业微信内打开链接的替身：请选择登录的成员。<br>Stand-in for scanning the QR code or opening the link inside WeCom: pick the member who signs in.</p>
${privateNote}<p>登录后跳转到 / After sign-in the browser goes to: <code id="redirect">${esc(req.redirect.origin + req.redirect.pathname)}</code></p>
</div>
<form method="get" action="${esc(path)}" role="search">${hidden}
<input type="search" name="mock_search" value="${esc(search)}" placeholder="姓名、账号或部门 / name, userid or department" aria-label="search">
<button type="submit" class="secondary">搜索 / Search</button>
</form>
<p id="total">${list.total} 名成员可以登录 / ${list.total} members can sign in</p>
<form method="post" action="${postTo}" id="members">
<input type="hidden" name="action" value="login">
<table>
<thead><tr><th>姓名 / Name</th><th>账号 / UserID</th><th>部门 / Department</th><th></th></tr></thead>
<tbody>
${rows || '<tr><td colspan="4">没有匹配的成员 / No member matches</td></tr>'}
</tbody>
</table>
</form>
<nav>${nav.join('\n')}</nav>
<form method="post" action="${postTo}">
<input type="hidden" name="action" value="refuse">
<button type="submit" class="secondary" id="refuse">拒绝 / Refuse</button>
</form>
${
  req.page === 'connect_oauth2_authorize'
    ? `<form method="post" action="${postTo}">
<input type="hidden" name="action" value="visitor">
<button type="submit" class="secondary" id="visitor">以非企业成员身份继续 / Continue as a visitor who is not a member</button>
</form>`
    : ''
}`,
  );
}
