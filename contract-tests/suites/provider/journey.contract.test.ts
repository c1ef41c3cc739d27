/**
 * Service providers (服务商) and third-party apps, end to end: suite_ticket push → suite token → pre-auth
 * code → session info → install page → create_auth → permanent code → corp token → the corp's contacts as
 * the provider sees them → cancel_auth → corp token refused (doc path/90600, 91200, 91019, 91124, 92109, 90628, 90642).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Target, type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { call, code } from '../../harness/client.js';
import { ReceiverCrypto } from '../../harness/crypto.js';
import { CallbackReceiver } from '../../harness/receiver.js';
import { xmlField } from '../callbacks/helpers.js';
import { cipherFor } from './helpers.js';

const target = await suiteTarget();
const base = target.baseUrl;
const mockOnly = it.skipIf(!target.isMock);

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomKey = (n: number): string => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('');

/** A member inside the corp's first app's range. */
const sample = (corp: TestCorp): string => corp.raw!.sample_userids![0]!;

interface Suite {
  suite_id: string;
  suite_secret: string;
  provider_corpid: string;
  provider_secret: string;
  receiver: CallbackReceiver;
}

/** A provider with one suite whose instruction callback is a local receiver (receiveid = suite_id). */
async function newSuite(t: Target): Promise<Suite> {
  const p = await t.admin<{ corpid: string; provider_secret: string }>('POST', '/__mock/providers', {});
  expect(p.status).toBe(201);
  const suite_id = `ww${randomBytes(8).toString('hex')}`;
  const token = randomKey(16);
  const aes = randomKey(43);
  const receiver = await CallbackReceiver.start(new ReceiverCrypto(token, aes, suite_id));
  const s = await t.admin<{ suite_id: string; suite_secret: string }>('POST', `/__mock/providers/${p.json.corpid}/suites`, {
    suite_id,
    token,
    encoding_aes_key: aes,
    instruction_url: receiver.url,
    retry_backoff_ms: [0, 0],
  });
  expect(s.status, JSON.stringify(s.json)).toBe(201);
  return { suite_id, suite_secret: s.json.suite_secret, provider_corpid: p.json.corpid, provider_secret: p.json.provider_secret, receiver };
}

/** The InfoType plaintexts the receiver got, in order. */
function infos(s: Suite, type: string): string[] {
  return s.receiver.plaintexts().filter((x) => xmlField(x, 'InfoType') === type);
}

async function waitInfo(t: Target, s: Suite, type: string, n = 1): Promise<string> {
  await t.admin('POST', '/__mock/callbacks/drain', { corpid: s.provider_corpid, timeout_ms: 20_000 });
  const got = infos(s, type);
  expect(got.length, `${type} callbacks`).toBeGreaterThanOrEqual(n);
  return got[got.length - 1]!;
}

async function suiteToken(s: Suite): Promise<string> {
  const ticket = xmlField(infos(s, 'suite_ticket').at(-1)!, 'SuiteTicket');
  const r = await call(base, 'service_get_suite_token', { body: { suite_id: s.suite_id, suite_secret: s.suite_secret, suite_ticket: ticket as string } });
  expect(r.errcode, JSON.stringify(r.json)).toBe(0);
  return r.json!['suite_access_token'] as string;
}

/** Pre-auth code with session info, then the install page's form posted: the redirect's auth_code. */
async function installVia(token: string, s: Suite, corp: TestCorp, scope = 'all'): Promise<{ auth_code: string; location: URL }> {
  const pre = await call(base, 'service_get_pre_auth_code', { token });
  expect(pre.errcode).toBe(0);
  expect(pre.json!['expires_in']).toBe(1200);
  const preCode = pre.json!['pre_auth_code'] as string;
  const si = await call(base, 'service_set_session_info', { token, body: { pre_auth_code: preCode, session_info: { appid: [], auth_type: 1 } } });
  expect(si.errcode).toBe(0);
  const page = `${base}/3rdapp/install?suite_id=${s.suite_id}&pre_auth_code=${encodeURIComponent(preCode)}&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/installed')}&state=abc123`;
  const get = await fetch(page);
  expect(get.status).toBe(200);
  expect(await get.text()).toContain('同意授权');
  const post = await fetch(page, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action: 'install', corpid: corp.corpid, userid: sample(corp), scope }).toString(),
  });
  expect(post.status).toBe(302);
  const location = new URL(post.headers.get('location')!);
  expect(location.searchParams.get('state')).toBe('abc123');
  expect(location.searchParams.get('expires_in')).toBe('600');
  return { auth_code: location.searchParams.get('auth_code')!, location };
}

/** Runs `fn` with a new suite, and closes its instruction receiver afterwards. */
async function withSuite(fn: (s: Suite) => Promise<void>): Promise<void> {
  const s = await newSuite(target);
  try {
    await fn(s);
  } finally {
    await s.receiver.close();
  }
}

/** The suite's ticket and token, and a fresh corp that installed its app through the install page. */
async function installFresh(s: Suite): Promise<{ token: string; corp: TestCorp; auth_code: string }> {
  await waitInfo(target, s, 'suite_ticket');
  const token = await suiteToken(s);
  const corp = await target.newCorp();
  const { auth_code } = await installVia(token, s, corp);
  return { token, corp, auth_code };
}

describe('service providers and third-party apps', () => {
  mockOnly('When a suite walks the whole journey, then each credential works where WeCom takes it and stops after cancel_auth', () =>
    withSuite(async (s) => {
      // suite_ticket pushed to the instruction callback, receiveid = suite_id, ToUserName = suite_id.
      const ticketXml = await waitInfo(target, s, 'suite_ticket');
      expect(xmlField(ticketXml, 'SuiteId')).toBe(s.suite_id);
      expect(s.receiver.received.find((r) => r.opened)!.opened!.receiveId).toBe(s.suite_id);
      const token = await suiteToken(s);

      const corp = await target.newCorp();
      const { auth_code } = await installVia(token, s, corp);
      const created = await waitInfo(target, s, 'create_auth');
      expect(xmlField(created, 'AuthCode')).toBe(auth_code);
      expect(xmlField(created, 'State')).toBe('abc123');

      const perm = await call(base, 'service_get_permanent_code', { token, body: { auth_code } });
      expect(perm.errcode, JSON.stringify(perm.json)).toBe(0);
      const permanent_code = perm.json!['permanent_code'] as string;
      const authCorp = perm.json!['auth_corp_info'] as { corpid: string };
      expect(authCorp.corpid).toBe(corp.corpid);
      const agent = (perm.json!['auth_info'] as { agent: Array<{ agentid: number; privilege: { allow_party: number[] } }> }).agent[0]!;
      expect(agent.privilege.allow_party).toEqual([1]);
      const admin = perm.json!['auth_user_info'] as { userid: string; open_userid: string; name: string };
      expect(admin.name).toBe(admin.userid);

      // The same code twice → 40078.
      const again = await call(base, 'service_get_permanent_code', { token, body: { auth_code } });
      expect(again.errcode).toBe(code('INVALID_AUTH_CODE'));

      const info = await call(base, 'service_get_auth_info', { token, body: { auth_corpid: corp.corpid, permanent_code } });
      expect(info.errcode).toBe(0);
      const admins = await call(base, 'service_get_admin_list', { token, body: { auth_corpid: corp.corpid, agentid: agent.agentid } });
      expect(admins.errcode).toBe(0);
      expect((admins.json!['admin'] as Array<{ open_userid: string }>)[0]!.open_userid).toBe(admin.open_userid);

      // get_corp_token: an access_token of the corp, as the suite's app.
      const ct = await call(base, 'service_get_corp_token', { token, body: { auth_corpid: corp.corpid, permanent_code } });
      expect(ct.errcode).toBe(0);
      // The token get_permanent_code answered, while valid (7,200 s).
      expect(ct.json!['access_token']).toBe(perm.json!['access_token']);
      expect(ct.json!['expires_in']).toBeLessThanOrEqual(7200);
      const corpToken = ct.json!['access_token'] as string;
      const who = sample(corp);
      // Third-party apps name members by their provider's ciphertext userid (thirdparty-ids.contract.test.ts).
      const user = await call(base, 'user_get', { token: corpToken, query: { userid: await cipherFor(base, corp, corpToken, who) } });
      expect(user.errcode, JSON.stringify(user.json)).toBe(0);
      // Provider's view: name replaced by the userid, a per-provider open_userid.
      expect(user.json!['name']).toBe(user.json!['userid']);
      const ownToken = (await call(base, 'gettoken', { query: { corpid: corp.corpid, corpsecret: corp.appSecret } })).json!['access_token'] as string;
      const own = await call(base, 'user_get', { token: ownToken, query: { userid: who } });
      expect(user.json!['open_userid']).not.toBe(own.json!['open_userid']);
      expect(user.json!['open_userid']).toMatch(/^wo/);

      // A suite token is not an access_token, and a corp token is not a suite token.
      const asAccess = await call(base, 'user_get', { token, query: { userid: who } });
      expect(asAccess.errcode).toBe(code('INVALID_ACCESS_TOKEN'));
      const asSuite = await call(base, 'service_get_pre_auth_code', { token: corpToken });
      expect(asSuite.errcode).toBe(code('INVALID_ACCESS_TOKEN'));

      // cancel_auth: the callback, then the corp token and the permanent code stop working.
      const cancel = await target.admin('POST', `/__mock/suites/${s.suite_id}/auths/${corp.corpid}`, { action: 'cancel_auth' });
      expect(cancel.status).toBe(200);
      const cancelled = await waitInfo(target, s, 'cancel_auth');
      expect(xmlField(cancelled, 'AuthCorpId')).toBe(corp.corpid);
      const refused = await call(base, 'user_get', { token: corpToken, query: { userid: who } });
      expect(refused.errcode).toBe(code('INVALID_ACCESS_TOKEN'));
      const after = await call(base, 'service_get_corp_token', { token, body: { auth_corpid: corp.corpid, permanent_code } });
      expect(after.errcode).toBe(code('INVALID_PERMANENT_CODE'));
    }));

  mockOnly('When the clock passes 10 minutes, then a new ticket is pushed; a ticket older than 30 minutes or of another suite gets 40085', async () => {
    const s = await newSuite(target);
    const other = await newSuite(target);
    try {
      const first = xmlField(await waitInfo(target, s, 'suite_ticket'), 'SuiteTicket')!;
      const foreign = xmlField(await waitInfo(target, other, 'suite_ticket'), 'SuiteTicket')!;
      const get = (ticket: string, secret = s.suite_secret, id = s.suite_id) =>
        call(base, 'service_get_suite_token', { body: { suite_id: id, suite_secret: secret, suite_ticket: ticket } });
      expect((await get(foreign)).errcode).toBe(code('INVALID_SUITE_TICKET'));
      expect((await get(first, 'wrong')).errcode).toBe(code('INVALID_SUITE_SECRET'));
      expect((await get(first, s.suite_secret, 'ww0000000000000000')).errcode).toBe(code('INVALID_SUITE_ID'));
      expect((await call(base, 'service_get_suite_token', { unchecked: true, body: { suite_secret: 'x', suite_ticket: 'y' } })).errcode).toBe(code('SUITE_ID_MISSING'));
      const t1 = await get(first);
      expect(t1.errcode).toBe(0);

      await target.admin('POST', '/__mock/clock', { corpid: s.provider_corpid, advance_seconds: 601 });
      const second = xmlField(await waitInfo(target, s, 'suite_ticket', 2), 'SuiteTicket')!;
      expect(second).not.toBe(first);
      // The on-demand push gives yet another value.
      const pushed = await target.admin<{ suite_ticket: string }>('POST', `/__mock/suites/${s.suite_id}/ticket`);
      expect(pushed.status).toBe(201);
      expect(pushed.json.suite_ticket).not.toBe(second);

      await target.admin('POST', '/__mock/clock', { corpid: s.provider_corpid, advance_seconds: 1800 });
      expect((await get(first)).errcode).toBe(code('INVALID_SUITE_TICKET'));
      // The suite token of before is now expired (7,200 s are not over yet: still fine), then after 7,200 s → 42009.
      await target.admin('POST', '/__mock/clock', { corpid: s.provider_corpid, advance_seconds: 7200 });
      const expired = await call(base, 'service_get_pre_auth_code', { token: t1.json!['suite_access_token'] as string });
      expect(expired.errcode).toBe(code('SUITE_ACCESS_TOKEN_EXPIRED'));
      const unknown = await call(base, 'service_get_pre_auth_code', { token: 'nope' });
      expect(unknown.errcode).toBe(code('INVALID_SUITE_TOKEN'));
    } finally {
      await s.receiver.close();
      await other.receiver.close();
    }
  });

  mockOnly('When the provider token is asked for, then it works for get_login_info of the 3rd_qrConnect code, once', () =>
    withSuite(async (s) => {
      const bad = await call(base, 'service_get_provider_token', { body: { corpid: s.provider_corpid, provider_secret: 'wrong' } });
      expect(bad.errcode).toBe(code('INVALID_CREDENTIAL'));
      const pt = await call(base, 'service_get_provider_token', { body: { corpid: s.provider_corpid, provider_secret: s.provider_secret } });
      expect(pt.errcode).toBe(0);
      const providerToken = pt.json!['provider_access_token'] as string;
      const corp = await target.newCorp();
      const page = `${base}/wwopen/sso/3rd_qrConnect?appid=${s.suite_id}&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/login')}&state=s1&usertype=admin`;
      const post = await fetch(page, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ corpid: corp.corpid, userid: sample(corp) }).toString(),
      });
      expect(post.status).toBe(302);
      const authCode = new URL(post.headers.get('location')!).searchParams.get('auth_code')!;
      const info = await call(base, 'service_get_login_info', { query: { access_token: providerToken }, body: { auth_code: authCode } });
      expect(info.errcode, JSON.stringify(info.json)).toBe(0);
      expect(info.json!['usertype']).toBe(1);
      expect((info.json!['corp_info'] as { corpid: string }).corpid).toBe(corp.corpid);
      const twice = await call(base, 'service_get_login_info', { query: { access_token: providerToken }, body: { auth_code: authCode } });
      expect(twice.errcode).toBe(code('INVALID_OAUTH_CODE'));
      // A suite token where the provider token is needed → 40014.
      const token = await suiteToken(s);
      const wrongKind = await call(base, 'service_get_login_info', { query: { access_token: token }, body: { auth_code: authCode } });
      expect(wrongKind.errcode).toBe(code('INVALID_ACCESS_TOKEN'));
    }));

  mockOnly('When a member opens the third-party app, then getuserinfo3rd names CorpId, UserId, open_userid and a user_ticket for getuserdetail3rd', () =>
    withSuite(async (s) => {
      const { token, corp, auth_code } = await installFresh(s);
      expect((await call(base, 'service_get_permanent_code', { token, body: { auth_code } })).errcode).toBe(0);
      const c = await target.admin<{ code: string }>('POST', `/__mock/suites/${s.suite_id}/oauth-code`, { corpid: corp.corpid, userid: sample(corp), scope: 'snsapi_privateinfo' });
      expect(c.status).toBe(201);
      const r = await call(base, 'service_auth_getuserinfo3rd', { token, query: { code: c.json.code } });
      expect(r.errcode, JSON.stringify(r.json)).toBe(0);
      expect(r.json!['CorpId']).toBe(corp.corpid);
      expect(r.json!['UserId']).toBe(sample(corp));
      expect(r.json!['DeviceId']).toBeTruthy();
      const d = await call(base, 'service_getuserdetail3rd', { token, body: { user_ticket: r.json!['user_ticket'] as string } });
      expect(d.errcode).toBe(0);
      expect(d.json!['open_userid']).toBe(r.json!['open_userid']);
      const legacy = await call(base, 'service_getuserinfo3rd', { token, query: { code: c.json.code } });
      expect(legacy.errcode).toBe(code('INVALID_OAUTH_CODE'));
      const visitor = await target.admin<{ code: string }>('POST', `/__mock/suites/${s.suite_id}/oauth-code`, { corpid: corp.corpid });
      const v = await call(base, 'service_getuserinfo3rd', { token, query: { code: visitor.json.code } });
      expect(v.json!['OpenId']).toMatch(/^o/);
      const badTicket = await call(base, 'service_getuserdetail3rd', { token, body: { user_ticket: 'nope' } });
      expect(badTicket.errcode).toBe(code('INVALID_USER_TICKET'));
    }));

  mockOnly('When the permanent code is reset or the scope changed, then reset_permanent_code and change_auth are pushed and the old permanent code is refused', () =>
    withSuite(async (s) => {
      const { token, corp, auth_code } = await installFresh(s);
      const perm = await call(base, 'service_get_permanent_code', { token, body: { auth_code } });
      const old = perm.json!['permanent_code'] as string;
      const changed = await target.admin('POST', `/__mock/suites/${s.suite_id}/auths/${corp.corpid}`, { action: 'change_auth', scope: 'self' });
      expect(changed.status).toBe(200);
      expect(xmlField(await waitInfo(target, s, 'change_auth'), 'AuthCorpId')).toBe(corp.corpid);
      await target.admin('POST', `/__mock/suites/${s.suite_id}/auths/${corp.corpid}`, { action: 'reset_permanent_code' });
      const reset = await waitInfo(target, s, 'reset_permanent_code');
      const newCode = xmlField(reset, 'AuthCode')!;
      const refused = await call(base, 'service_get_corp_token', { token, body: { auth_corpid: corp.corpid, permanent_code: old } });
      expect(refused.errcode).toBe(code('INVALID_PERMANENT_CODE'));
      const again = await call(base, 'service_get_permanent_code', { token, body: { auth_code: newCode } });
      expect(again.errcode).toBe(0);
      expect(again.json!['permanent_code']).not.toBe(old);
      const agent = (again.json!['auth_info'] as { agent: Array<{ privilege: { allow_user: string[] } }> }).agent[0]!;
      expect(agent.privilege.allow_user).toEqual([sample(corp)]);
    }));
});
