/**
 * The sign-in pages (in-client authorization, QR login, web login) over plain HTTP: WeCom's parameter
 * checks and error pages, the picker, login_hint / next-user, refusal, escaping and the CSP.
 * The pages live on other hosts in real WeCom, so every test here needs the mock.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, getToken } from '../../harness/client.js';
import { addApp, authorizeParams, logins, openPage, pageUrl, postChoice, setApp, ssoParams, type PagePath } from './flow.js';

const target = await suiteTarget();
const base = target.baseUrl;
const mockOnly = it.skipIf(!target.isMock);

const authorize = (params: Record<string, string | number | undefined>) => pageUrl(base, '/connect/oauth2/authorize', params);

/** The page's error title (WeCom's text). */
function titleOf(html: string): string | undefined {
  return /<h1 class="error">([^<]*)<\/h1>/.exec(html)?.[1];
}

describe('in-client authorization page: parameter checks', () => {
  mockOnly('When every parameter is right, then the picker lists the members to choose from, with a strict CSP', async () => {
    const corp = await target.newCorp();
    const a = await openPage(authorize(authorizeParams(corp)));
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = a.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).not.toContain('unsafe-inline');
    expect(a.headers.get('x-frame-options')).toBe('DENY');
    expect(a.html).not.toMatch(/<script/i);
    expect(a.html).toMatch(/<button type="submit" name="userid" value="[^"]+" data-userid="[^"]+">/);
    expect(a.html).toContain('id="refuse"');
  });

  mockOnly('When the redirect host is not the app\'s trusted domain, then WeCom\'s "redirect_uri参数错误" page', async () => {
    const corp = await target.newCorp();
    for (const redirect_uri of ['http://evil.example.test/cb', `http://${corp.raw!.apps[0]!.trusted_domain}:8443/cb`, `http://sub.${corp.raw!.apps[0]!.trusted_domain}/cb`]) {
      const a = await openPage(authorize(authorizeParams(corp, { redirect_uri })));
      expect(a.status).toBe(200);
      expect(titleOf(a.html)).toBe('redirect_uri参数错误');
      expect(a.location).toBeUndefined();
    }
  });

  mockOnly('When the trusted domain is set to the relying party\'s host and port, then the page accepts it', async () => {
    const corp = await target.newCorp();
    await setApp(target, corp.corpid, corp.agentid, { trusted_domain: '127.0.0.1:4567' });
    const ok = await openPage(authorize(authorizeParams(corp, { redirect_uri: 'http://127.0.0.1:4567/cb', login_hint: corp.raw!.sample_userids![0] })));
    expect(ok.status).toBe(302);
    expect(ok.location).toMatch(/^http:\/\/127\.0\.0\.1:4567\/cb\?code=[A-Za-z0-9]+&state=STATE123$/);
    const wrongPort = await openPage(authorize(authorizeParams(corp, { redirect_uri: 'http://127.0.0.1:4568/cb' })));
    expect(titleOf(wrongPort.html)).toBe('redirect_uri参数错误');
  });

  mockOnly('When appid, agentid, response_type or scope is wrong or missing, then an error page names what to fix', async () => {
    const corp = await target.newCorp();
    const cases: Array<[Record<string, string | number | undefined>, string]> = [
      [{ appid: undefined }, 'appid'],
      [{ appid: 'wwffffffffffffffff' }, 'appid'],
      [{ agentid: 999 }, 'agentid'],
      [{ agentid: 'abc' }, 'agentid'],
      [{ response_type: 'token' }, 'response_type'],
      [{ response_type: undefined }, 'response_type'],
      [{ scope: 'snsapi_login' }, 'scope'],
      [{ scope: undefined }, 'scope'],
    ];
    for (const [over, field] of cases) {
      const a = await openPage(authorize(authorizeParams(corp, over)));
      expect(a.status, field).toBe(200);
      expect(titleOf(a.html), field).toBe('参数错误');
      expect(a.html, field).toContain(field);
    }
  });

  mockOnly('When redirect_uri is missing, not http(s), relative, carries CRLF or is very long, then it is refused', async () => {
    const corp = await target.newCorp();
    const host = corp.raw!.apps[0]!.trusted_domain;
    const bad = [
      undefined,
      'javascript:alert(1)//' + host,
      'data:text/html,<script>alert(1)</script>',
      `ftp://${host}/x`,
      '/relative/path',
      `http://${host}/cb\r\nSet-Cookie: x=1`,
      `http://${host}/cb%0d%0aX: 1`.replace('%0d%0a', '\n'),
      `http://user:pw@${host}/cb`,
      `http://${host}/${'a'.repeat(3000)}`,
    ];
    for (const redirect_uri of bad) {
      const a = await openPage(authorize(authorizeParams(corp, { redirect_uri, login_hint: corp.raw!.sample_userids![0] })));
      expect(a.status, String(redirect_uri).slice(0, 40)).toBe(200);
      expect(titleOf(a.html)).toBe('redirect_uri参数错误');
      expect(a.headers.get('set-cookie')).toBeNull();
      expect(a.location).toBeUndefined();
    }
  });

  mockOnly('When state holds other than letters and digits or is over 128 bytes, then it is refused', async () => {
    const corp = await target.newCorp();
    for (const state of ['a b', 'x"><script>', 'a\r\nb', 'é', 'a'.repeat(129)]) {
      const a = await openPage(authorize(authorizeParams(corp, { state, login_hint: corp.raw!.sample_userids![0] })));
      expect(titleOf(a.html), state.slice(0, 20)).toBe('参数错误');
      expect(a.location).toBeUndefined();
    }
    const ok = await openPage(authorize(authorizeParams(corp, { state: 'a'.repeat(128), login_hint: corp.raw!.sample_userids![0] })));
    expect(ok.state).toBe('a'.repeat(128));
  });

  mockOnly('When a parameter is given twice, then the page refuses it', async () => {
    const corp = await target.newCorp();
    const url = authorize(authorizeParams(corp)) + '&redirect_uri=' + encodeURIComponent('http://evil.example.test/');
    expect(titleOf((await openPage(url)).html)).toBe('参数错误');
  });

  mockOnly('When the query carries markup, then nothing of it reaches the page unescaped', async () => {
    const corp = await target.newCorp();
    const payload = `"><script>alert(1)</script><img src=x onerror=alert(2)>'\``;
    const pages = [
      authorize(authorizeParams(corp, { redirect_uri: `http://evil.example.test/${payload}` })),
      authorize(authorizeParams(corp, { state: payload })),
      authorize(authorizeParams(corp, { appid: payload })),
      authorize(authorizeParams(corp, { scope: payload })),
      authorize(authorizeParams(corp, { mock_search: payload })),
      authorize(authorizeParams(corp, { mock_search: payload, mock_page: 2 })),
      pageUrl(base, '/wwopen/sso/qrConnect', ssoParams(corp, { agentid: payload })),
      pageUrl(base, '/wwlogin/sso/login', ssoParams(corp, { login_type: payload })),
    ];
    for (const url of pages) {
      const a = await openPage(url);
      expect(a.status).toBe(200);
      expect(a.html).not.toContain('<script>');
      expect(a.html).not.toContain('<img');
      expect(a.html).not.toContain(payload);
      expect(a.html).not.toContain('"><script');
      expect(a.html).toMatch(/&lt;script&gt;|&quot;&gt;/);
    }
  });

  mockOnly('When snsapi_privateinfo comes without agentid, then it degrades silently to snsapi_base', async () => {
    const corp = await target.newCorp();
    const a = await openPage(authorize(authorizeParams(corp, { scope: 'snsapi_privateinfo', agentid: undefined, login_hint: corp.raw!.sample_userids![0] })));
    expect(a.status).toBe(302);
    const [login] = (await logins(target, corp.corpid)).slice(-1);
    expect(login?.scope).toBe('snsapi_base');
    expect(login?.agentid).toBeNull();
  });
});

describe('in-client authorization page: choosing who signs in', () => {
  mockOnly('When a member is picked on the form, then the browser is sent to redirect_uri with code and state', async () => {
    const corp = await target.newCorp();
    const url = authorize(authorizeParams(corp, { redirect_uri: `http://${corp.raw!.apps[0]!.trusted_domain}/cb?from=app#/home` }));
    const a = await postChoice(url, { action: 'login', userid: corp.raw!.sample_userids![1]! });
    expect(a.status).toBe(302);
    // The page's own query is kept; code and state go before the #fragment.
    expect(a.location).toMatch(/\/cb\?from=app&code=[A-Za-z0-9]+&state=STATE123#\/home$/);
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const who = await call(base, 'auth_getuserinfo', { token, query: { code: a.code! } });
    expect(who.json?.['userid']).toBe(corp.raw!.sample_userids![1]);
  });

  mockOnly('When the person refuses, then the redirect carries the state only', async () => {
    const corp = await target.newCorp();
    const a = await postChoice(authorize(authorizeParams(corp)), { action: 'refuse' });
    expect(a.status).toBe(302);
    expect(a.location).toBe(`http://${corp.raw!.apps[0]!.trusted_domain}/oauth/callback?state=STATE123`);
    expect((await logins(target, corp.corpid)).at(-1)?.outcome).toBe('refused');
  });

  mockOnly('When login_hint names an unknown or disabled member, then an error page and no code', async () => {
    const corp = await target.newCorp();
    const unknown = await openPage(authorize(authorizeParams(corp, { login_hint: 'nobody_here' })));
    expect(unknown.status).toBe(200);
    expect(unknown.location).toBeUndefined();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const ids = (await call(base, 'user_list_id', { token, body: { limit: 1000 } })).json?.['dept_user'] as Array<{ userid: string }>;
    for (const { userid } of ids) {
      const u = await call(base, 'user_get', { token, query: { userid } });
      if (u.json?.['status'] !== 1) {
        const a = await openPage(authorize(authorizeParams(corp, { login_hint: userid })));
        expect(a.location).toBeUndefined();
        expect(titleOf(a.html)).toBe('无权限访问该应用');
        return;
      }
    }
  });

  mockOnly('When the control plane chose the next member, then the next page visit signs them in once, without a click', async () => {
    const corp = await target.newCorp();
    const userid = corp.raw!.sample_userids![2]!;
    const set = await target.admin('POST', '/__mock/oauth/next-user', { corpid: corp.corpid, userid });
    expect(set.status).toBe(200);
    const a = await openPage(authorize(authorizeParams(corp)));
    expect(a.status).toBe(302);
    const again = await openPage(authorize(authorizeParams(corp)));
    expect(again.status).toBe(200);
    const last = (await logins(target, corp.corpid)).filter((l) => l.outcome === 'code_issued');
    expect(last.map((l) => [l.userid, l.via])).toEqual([[userid, 'next_user']]);
  });

  mockOnly('When next-user names an unknown corp or member, then the control plane says so', async () => {
    const corp = await target.newCorp();
    expect((await target.admin('POST', '/__mock/oauth/next-user', { corpid: 'wwnothere000000000', userid: 'a' })).status).toBe(404);
    expect((await target.admin('POST', '/__mock/oauth/next-user', { corpid: corp.corpid, userid: 'nobody_here' })).status).toBe(400);
    expect((await target.admin('POST', '/__mock/oauth/next-user', { corpid: corp.corpid })).status).toBe(400);
  });

  mockOnly('When the corp has more members than a page, then the picker shows 20 at a time and searches them', async () => {
    const corp = await target.newCorp();
    const first = await openPage(authorize(authorizeParams(corp)));
    const rows = (html: string) => (html.match(/data-userid="/g) ?? []).length;
    expect(rows(first.html)).toBe(20);
    expect(first.html).toContain('rel="next"');
    const total = Number(/id="total">(\d+)/.exec(first.html)?.[1]);
    const last = await openPage(authorize(authorizeParams(corp, { mock_page: Math.ceil(total / 20) })));
    expect(rows(last.html)).toBe(total - 20 * (Math.ceil(total / 20) - 1));
    const target1 = corp.raw!.sample_userids![3]!;
    const found = await openPage(authorize(authorizeParams(corp, { mock_search: target1 })));
    expect(found.html).toContain(`data-userid="${target1}"`);
  });
});

describe('visible range on the pages', () => {
  mockOnly('When an app sees only some members, then the picker lists only them and QR login refuses the others', async () => {
    const corp = await target.newCorp();
    const [inside, outside] = [corp.raw!.sample_userids![0]!, corp.raw!.sample_userids![1]!];
    const app = await addApp(target, corp.corpid, { allow_party: [], allow_user: [inside] });
    const picker = await openPage(pageUrl(base, '/wwopen/sso/qrConnect', ssoParams(corp, { agentid: app.agentid })));
    expect((picker.html.match(/data-userid="/g) ?? []).length).toBe(1);
    expect(picker.html).toContain(`data-userid="${inside}"`);
    const refused = await openPage(pageUrl(base, '/wwopen/sso/qrConnect', ssoParams(corp, { agentid: app.agentid, login_hint: outside })));
    expect(refused.location).toBeUndefined();
    expect(titleOf(refused.html)).toBe('无权限访问该应用');
    const ok = await openPage(pageUrl(base, '/wwopen/sso/qrConnect', ssoParams(corp, { agentid: app.agentid, login_hint: inside })));
    expect(ok.status).toBe(302);
  });
});

describe('QR and web login pages', () => {
  const ssoPages: PagePath[] = ['/wwopen/sso/qrConnect', '/wwlogin/sso/login'];
  const extra = (p: PagePath) => (p === '/wwlogin/sso/login' ? { login_type: 'CorpApp' } : {});

  mockOnly('When a member is picked, then the code comes back with the state and is exchanged with auth/getuserinfo', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    for (const p of ssoPages) {
      const url = pageUrl(base, p, ssoParams(corp, extra(p)));
      const picker = await openPage(url);
      expect(picker.status).toBe(200);
      expect(picker.html).not.toContain('id="visitor"');
      const a = await postChoice(url, { action: 'login', userid: corp.raw!.sample_userids![0]! });
      expect(a.status).toBe(302);
      expect(a.state).toBe('S1');
      const who = await call(base, 'auth_getuserinfo', { token, query: { code: a.code! } });
      expect(who.json?.['userid']).toBe(corp.raw!.sample_userids![0]);
      expect(who.json?.['user_ticket']).toBeUndefined();
    }
  });

  mockOnly('When appid, agentid or login_type do not identify a self-built app, then "校验请求来源错误"', async () => {
    const corp = await target.newCorp();
    for (const p of ssoPages) {
      for (const over of [{ appid: 'wwffffffffffffffff' }, { agentid: undefined }, { agentid: 1 }]) {
        const a = await openPage(pageUrl(base, p, ssoParams(corp, { ...extra(p), ...over })));
        expect(titleOf(a.html)).toBe('校验请求来源错误');
      }
    }
    for (const login_type of [undefined, 'ServiceApp']) {
      const a = await openPage(pageUrl(base, '/wwlogin/sso/login', ssoParams(corp, { login_type })));
      expect(titleOf(a.html)).toBe('校验请求来源错误');
    }
  });

  mockOnly('When the redirect is not on the trusted domain, then "redirect_uri参数错误"', async () => {
    const corp = await target.newCorp();
    for (const p of ssoPages) {
      const a = await openPage(pageUrl(base, p, ssoParams(corp, { ...extra(p), redirect_uri: 'https://evil.example.test/x' })));
      expect(titleOf(a.html)).toBe('redirect_uri参数错误');
    }
  });

  mockOnly('When a sign-in page refuses, then the journal of sign-ins records why', async () => {
    const corp = await target.newCorp();
    await openPage(pageUrl(base, '/wwopen/sso/qrConnect', ssoParams(corp, { redirect_uri: 'https://evil.example.test/x' })));
    const [l] = await logins(target, corp.corpid);
    expect(l).toMatchObject({ page: 'wwopen_sso_qrConnect', outcome: 'rejected', error: 'redirect_uri参数错误', agentid: corp.agentid, code: null });
  });

  mockOnly('When the journal of sign-ins is asked without a corpid or for an unknown corp, then 400 / 404', async () => {
    expect((await target.admin('GET', '/__mock/oauth/logins')).status).toBe(400);
    expect((await target.admin('GET', '/__mock/oauth/logins?corpid=wwnothere000000000')).status).toBe(404);
  });
});
