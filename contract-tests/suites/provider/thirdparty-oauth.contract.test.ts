/**
 * In-client web authorization of a third-party app (doc path/91022: appid = suite_id) over plain HTTP: the
 * picker of the authorising corp's members, the suite's trusted domain, the code exchanged with
 * service/auth/getuserinfo3rd (and the legacy service/getuserinfo3rd), single use.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call } from '../../harness/client.js';
import { openPage, postChoice } from '../oauth/flow.js';
import { withInstalled } from './helpers.js';

const target = await suiteTarget();
const base = target.baseUrl;
const mockOnly = it.skipIf(!target.isMock);
const RP = 'rp.example.test:8080';

function authorizeUrl(params: Record<string, string>): string {
  return `${base}/connect/oauth2/authorize?${new URLSearchParams(params).toString()}#wechat_redirect`;
}

const titleOf = (html: string): string | undefined => /<h1 class="error">([^<]*)<\/h1>/.exec(html)?.[1];

describe('third-party in-client authorization (appid = suite_id)', () => {
  mockOnly('When a member picks themself on the page, then the code gives getuserinfo3rd their corp, userid, open_userid and user_ticket, once', () =>
    withInstalled(target, async (inst) => {
      const patched = await target.admin<{ trusted_domain: string }>('PATCH', `/__mock/suites/${inst.suite_id}`, { trusted_domain: RP });
      expect(patched.status).toBe(200);
      expect(patched.json.trusted_domain).toBe(RP);
      const url = authorizeUrl({ appid: inst.suite_id, redirect_uri: `http://${RP}/cb?x=1`, response_type: 'code', scope: 'snsapi_privateinfo', state: 'ST1' });
      const userid = inst.corp.raw!.sample_userids![1]!;
      const page = await openPage(authorizeUrl({ appid: inst.suite_id, redirect_uri: `http://${RP}/cb?x=1`, response_type: 'code', scope: 'snsapi_privateinfo', state: 'ST1', mock_search: userid }));
      expect(page.status).toBe(200);
      expect(page.html).toContain(`data-userid="${userid}"`);

      const a = await postChoice(url, { action: 'login', userid });
      expect(a.status).toBe(302);
      const loc = new URL(a.location!);
      expect(loc.host).toBe(RP);
      expect(loc.searchParams.get('x')).toBe('1');
      expect(loc.searchParams.get('state')).toBe('ST1');
      const code = loc.searchParams.get('code')!;
      expect(code).toBeTruthy();

      const info = await call(base, 'service_auth_getuserinfo3rd', { token: inst.suiteToken, query: { code } });
      expect(info.errcode, JSON.stringify(info.json)).toBe(0);
      expect(info.json!['CorpId']).toBe(inst.corp.corpid);
      expect(info.json!['UserId']).toBe(userid);
      expect(info.json!['open_userid']).toMatch(/^wo/);
      expect(typeof info.json!['DeviceId']).toBe('string');
      expect(typeof info.json!['user_ticket']).toBe('string');

      const again = await call(base, 'service_getuserinfo3rd', { token: inst.suiteToken, query: { code } });
      expect(again.errcode).toBe(40029);

      // snsapi_base: no user_ticket; the legacy path answers the same member.
      const baseUrl = authorizeUrl({ appid: inst.suite_id, redirect_uri: `http://${RP}/cb`, response_type: 'code', scope: 'snsapi_base', state: 'ST2', corpid: inst.corp.corpid });
      const b = await postChoice(baseUrl, { action: 'login', userid });
      const code2 = new URL(b.location!).searchParams.get('code')!;
      const info2 = await call(base, 'service_getuserinfo3rd', { token: inst.suiteToken, query: { code: code2 } });
      expect(info2.errcode).toBe(0);
      expect(info2.json!['UserId']).toBe(userid);
      expect(info2.json!['user_ticket']).toBeUndefined();
    }));

  mockOnly('When the redirect host is not the suite\'s trusted domain, or the corp hint names a corp without the app, then an error page', () =>
    withInstalled(target, async (inst) => {
      await target.admin('PATCH', `/__mock/suites/${inst.suite_id}`, { trusted_domain: RP });
      const wrong = await openPage(authorizeUrl({ appid: inst.suite_id, redirect_uri: 'http://evil.example.test/cb', response_type: 'code', scope: 'snsapi_base', state: 'S' }));
      expect(wrong.status).toBe(200);
      expect(titleOf(wrong.html)).toBe('redirect_uri参数错误');
      const wrongPort = await postChoice(authorizeUrl({ appid: inst.suite_id, redirect_uri: 'http://rp.example.test:8081/cb', response_type: 'code', scope: 'snsapi_base', state: 'S' }), {
        action: 'login',
        userid: inst.corp.raw!.sample_userids![0]!,
      });
      expect(wrongPort.status).toBe(200);
      expect(titleOf(wrongPort.html)).toBe('redirect_uri参数错误');
      const other = await target.newCorp();
      const notInstalled = await openPage(authorizeUrl({ appid: inst.suite_id, redirect_uri: `http://${RP}/cb`, response_type: 'code', scope: 'snsapi_base', state: 'S', corpid: other.corpid }));
      expect(titleOf(notInstalled.html)).toBe('无权限访问该应用');
    }));

  mockOnly('When the app is visible only to the admin, then the picker lists the admin only and another member cannot sign in', () =>
    withInstalled(target, async (inst) => {
      await target.admin('PATCH', `/__mock/suites/${inst.suite_id}`, { trusted_domain: RP });
      const r = await target.admin('POST', `/__mock/suites/${inst.suite_id}/auths/${inst.corp.corpid}`, { action: 'change_auth', scope: 'self' });
      expect(r.status).toBe(200);
      const [admin, other] = inst.corp.raw!.sample_userids!;
      const url = authorizeUrl({ appid: inst.suite_id, redirect_uri: `http://${RP}/cb`, response_type: 'code', scope: 'snsapi_base', state: 'S' });
      const page = await openPage(url);
      expect(page.html).toContain(`data-userid="${admin}"`);
      expect(page.html).toContain('id="total">1 ');
      expect(page.html).not.toContain(`data-userid="${other}"`);
      const refused = await postChoice(url, { action: 'login', userid: other! });
      expect(refused.status).toBe(200);
      expect(titleOf(refused.html)).toBe('无权限访问该应用');
    }));
});
