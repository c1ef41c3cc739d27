/**
 * Exchanging sign-in codes: auth/getuserinfo, the legacy user/getuserinfo and auth/getuserdetail —
 * single use, 300 s of mock time, bound to the app, user_ticket rules (doc path/91023, 95833).
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { addApp, advance, authorizeParams, codeFor, logins, openPage, pageUrl, postChoice } from './flow.js';

const target = await suiteTarget();
const base = target.baseUrl;
const mockOnly = it.skipIf(!target.isMock);

const getuserinfo = (token: string, c: string | undefined) => call(base, 'auth_getuserinfo', { token, query: { code: c } });
const legacy = (token: string, c: string | undefined) => call(base, 'user_getuserinfo', { token, query: { code: c } });
const detail = (token: string, ticket: unknown) =>
  call(base, 'auth_getuserdetail', { unchecked: true, token, body: ticket === undefined ? {} : { user_ticket: ticket } });

describe('auth/getuserinfo', () => {
  it('When the code is missing, then 41008; when it is unknown, then 40029', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    expect((await getuserinfo(token, undefined)).errcode).toBe(code('AUTH_CODE_MISSING'));
    const bad = await getuserinfo(token, 'not-a-code-we-issued');
    expect(bad.errcode).toBe(code('INVALID_OAUTH_CODE'));
    expect(bad.errmsg).toMatch(/^invalid code/);
    expect((await getuserinfo(token, 'x'.repeat(600))).errcode).toBe(code('INVALID_OAUTH_CODE'));
  });

  mockOnly('When a snsapi_base code is exchanged, then the member\'s lower-case userid comes back without user_ticket', async () => {
    const corp = await target.newCorp();
    const userid = corp.raw!.sample_userids![0]!;
    const c = await codeFor(base, corp, userid);
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const r = await getuserinfo(token, c);
    expect(r.errcode).toBe(0);
    expect(r.json).toEqual({ errcode: 0, errmsg: 'ok', userid });
  });

  mockOnly('When a code is used a second time, then 40029', async () => {
    const corp = await target.newCorp();
    const c = await codeFor(base, corp, corp.raw!.sample_userids![0]!);
    const token = await getToken(base, corp.corpid, corp.appSecret);
    expect((await getuserinfo(token, c)).errcode).toBe(0);
    expect((await getuserinfo(token, c)).errcode).toBe(code('INVALID_OAUTH_CODE'));
    expect((await legacy(token, c)).errcode).toBe(code('INVALID_OAUTH_CODE'));
  });

  mockOnly('When the code is older than 300 s of mock time, then 40029; at 299 s it still works', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const early = await codeFor(base, corp, corp.raw!.sample_userids![0]!);
    const late = await codeFor(base, corp, corp.raw!.sample_userids![1]!);
    await advance(target, corp.corpid, 299);
    expect((await getuserinfo(token, early)).errcode).toBe(0);
    await advance(target, corp.corpid, 2);
    expect((await getuserinfo(token, late)).errcode).toBe(code('INVALID_OAUTH_CODE'));
  });

  mockOnly('When another app\'s token exchanges the code, then 40029 and the code stays usable by its own app', async () => {
    const corp = await target.newCorp();
    const other = await addApp(target, corp.corpid);
    const c = await codeFor(base, corp, corp.raw!.sample_userids![0]!);
    const otherToken = await getToken(base, corp.corpid, other.secret);
    expect((await getuserinfo(otherToken, c)).errcode).toBe(code('INVALID_OAUTH_CODE'));
    const contactsToken = await getToken(base, corp.corpid, corp.raw!.secrets.contacts);
    expect((await getuserinfo(contactsToken, c)).errcode).toBe(code('INVALID_OAUTH_CODE'));
    const own = await getToken(base, corp.corpid, corp.appSecret);
    expect((await getuserinfo(own, c)).json?.['userid']).toBe(corp.raw!.sample_userids![0]);
  });

  // 50001 跳转域名不在可信域名内 (the official errcode list): the code was issued for a redirect_uri whose host is
  // not the exchanging app's trusted domain (developer.work.weixin.qq.com/document/path/91022, 91023).
  mockOnly('When an app whose trusted domain is not the redirect_uri\'s host exchanges the code, then 50001', async () => {
    const corp = await target.newCorp();
    const other = await addApp(target, corp.corpid, { trusted_domain: 'elsewhere.example.test' });
    const c = await codeFor(base, corp, corp.raw!.sample_userids![0]!);
    expect((await getuserinfo(await getToken(base, corp.corpid, other.secret), c)).errcode).toBe(code('REDIRECT_URL_NOT_TRUSTED'));
    expect((await legacy(await getToken(base, corp.corpid, other.secret), c)).errcode).toBe(code('REDIRECT_URL_NOT_TRUSTED'));
    expect((await getuserinfo(await getToken(base, corp.corpid, corp.appSecret), c)).json?.['userid']).toBe(corp.raw!.sample_userids![0]);
  });

  mockOnly('When a snsapi_base link has no agentid, then any app whose trusted domain matches may exchange the code', async () => {
    const corp = await target.newCorp();
    const other = await addApp(target, corp.corpid);
    const c = await codeFor(base, corp, corp.raw!.sample_userids![0]!, { agentid: undefined });
    const r = await getuserinfo(await getToken(base, corp.corpid, other.secret), c);
    expect(r.json?.['userid']).toBe(corp.raw!.sample_userids![0]);
  });

  mockOnly('When a visitor who is not a member signs in, then openid (and external_userid when set) instead of userid', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const a = await postChoice(pageUrl(base, '/connect/oauth2/authorize', authorizeParams(corp)), { action: 'visitor' });
    const r = await getuserinfo(token, a.code!);
    expect(r.json?.['openid']).toEqual(expect.any(String));
    expect(r.json?.['userid']).toBeUndefined();
    await target.admin('POST', '/__mock/oauth/next-user', { corpid: corp.corpid, visitor: true, external_userid: 'wmEXTERNAL0001' });
    const b = await openPage(pageUrl(base, '/connect/oauth2/authorize', authorizeParams(corp)));
    const l = await legacy(token, b.code!);
    expect(l.json).toMatchObject({ errcode: 0, OpenId: expect.any(String), DeviceId: expect.any(String), external_userid: 'wmEXTERNAL0001' });
    expect(l.json?.['UserId']).toBeUndefined();
  });
});

describe('user/getuserinfo (legacy casing)', () => {
  mockOnly('When a snsapi_privateinfo code is exchanged, then UserId, DeviceId, user_ticket and expires_in come back', async () => {
    const corp = await target.newCorp();
    const userid = corp.raw!.sample_userids![0]!;
    const c = await codeFor(base, corp, userid, { scope: 'snsapi_privateinfo' });
    const r = await legacy(await getToken(base, corp.corpid, corp.appSecret), c);
    expect(r.json).toEqual({ errcode: 0, errmsg: 'ok', UserId: userid, DeviceId: expect.any(String), user_ticket: expect.any(String), expires_in: 1800 });
    expect(r.json?.['userid']).toBeUndefined();
  });

  mockOnly('When the same member signs in twice, then the DeviceId is the same', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const userid = corp.raw!.sample_userids![0]!;
    const a = await legacy(token, await codeFor(base, corp, userid));
    const b = await legacy(token, await codeFor(base, corp, userid));
    expect(a.json?.['DeviceId']).toBe(b.json?.['DeviceId']);
  });

  it('When the code is missing, then 41008', async () => {
    const corp = await target.newCorp();
    expect((await legacy(await getToken(base, corp.corpid, corp.appSecret), undefined)).errcode).toBe(code('AUTH_CODE_MISSING'));
  });
});

describe('user_ticket and auth/getuserdetail', () => {
  mockOnly('When snsapi_privateinfo signs in a member of the visible range, then getuserdetail answers the private fields, gender as a string', async () => {
    const corp = await target.newCorp();
    const userid = corp.raw!.sample_userids![0]!;
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const r = await getuserinfo(token, await codeFor(base, corp, userid, { scope: 'snsapi_privateinfo' }));
    expect(r.json?.['userid']).toBe(userid);
    const ticket = r.json?.['user_ticket'];
    expect(ticket).toEqual(expect.any(String));
    const d = await detail(token, ticket);
    expect(d.errcode).toBe(0);
    expect(d.json).toMatchObject({ userid, gender: expect.stringMatching(/^[012]$/), avatar: expect.any(String), qr_code: expect.any(String), mobile: expect.any(String), email: expect.any(String), biz_mail: expect.any(String), address: expect.any(String) });
    // Reusable while valid.
    expect((await detail(token, ticket)).errcode).toBe(0);
    const [login] = (await logins(target, corp.corpid)).slice(-1);
    expect(login).toMatchObject({ exchanged: true, exchanged_by: 'auth_getuserinfo', user_ticket_issued: true, scope: 'snsapi_privateinfo' });
  });

  // snsapi_privateinfo needs the member inside the app's visible range (developer.work.weixin.qq.com/document/path/91022):
  // the page refuses and no code is issued; snsapi_base still signs the member in.
  mockOnly('When the member is outside the app\'s visible range, then snsapi_privateinfo shows the error page without a code; snsapi_base gives the userid', async () => {
    const corp = await target.newCorp();
    const [inside, outside] = [corp.raw!.sample_userids![0]!, corp.raw!.sample_userids![1]!];
    const app = await addApp(target, corp.corpid, { allow_party: [], allow_user: [inside] });
    const token = await getToken(base, corp.corpid, app.secret);
    const page = await openPage(pageUrl(base, '/connect/oauth2/authorize', authorizeParams(corp, { login_hint: outside, scope: 'snsapi_privateinfo', agentid: app.agentid })));
    expect(page.status).toBe(200);
    expect(page.location).toBeUndefined();
    expect(page.html).toContain('无权限访问该应用');
    const r = await getuserinfo(token, await codeFor(base, corp, outside, { scope: 'snsapi_base', agentid: app.agentid }));
    expect(r.json).toEqual({ errcode: 0, errmsg: 'ok', userid: outside });
    const ok = await getuserinfo(token, await codeFor(base, corp, inside, { scope: 'snsapi_privateinfo', agentid: app.agentid }));
    expect(ok.json?.['user_ticket']).toEqual(expect.any(String));
  });

  mockOnly('When the user_ticket is older than 1,800 s, then 84014; unknown or another app\'s, then 84015; missing, then 84090', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const r = await getuserinfo(token, await codeFor(base, corp, corp.raw!.sample_userids![0]!, { scope: 'snsapi_privateinfo' }));
    const ticket = r.json?.['user_ticket'] as string;
    const other = await addApp(target, corp.corpid);
    expect((await detail(await getToken(base, corp.corpid, other.secret), ticket)).errcode).toBe(code('INVALID_USER_TICKET'));
    expect((await detail(token, 'no-such-ticket')).errcode).toBe(code('INVALID_USER_TICKET'));
    expect((await detail(token, undefined)).errcode).toBe(code('USER_TICKET_MISSING'));
    await advance(target, corp.corpid, 1799);
    expect((await detail(token, ticket)).errcode).toBe(0);
    await advance(target, corp.corpid, 2);
    const fresh = await getToken(base, corp.corpid, corp.appSecret);
    expect((await detail(fresh, ticket)).errcode).toBe(code('USER_TICKET_EXPIRED'));
  });

  mockOnly('When the member was deleted after signing in, then getuserdetail answers 60111', async () => {
    const corp = await target.newCorp();
    const userid = corp.raw!.sample_userids![1]!;
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const ticket = (await getuserinfo(token, await codeFor(base, corp, userid, { scope: 'snsapi_privateinfo' }))).json?.['user_ticket'];
    const sync = await getToken(base, corp.corpid, corp.raw!.secrets.contacts);
    expect((await call(base, 'user_delete', { token: sync, query: { userid } })).errcode).toBe(0);
    expect((await detail(token, ticket)).errcode).toBe(code('USERID_NOT_FOUND'));
  });

  mockOnly('When the member left the app\'s visible range after signing in, then getuserdetail answers 60011', async () => {
    const corp = await target.newCorp();
    const [inside, other] = [corp.raw!.sample_userids![0]!, corp.raw!.sample_userids![1]!];
    const app = await addApp(target, corp.corpid, { allow_party: [], allow_user: [inside] });
    const token = await getToken(base, corp.corpid, app.secret);
    const ticket = (await getuserinfo(token, await codeFor(base, corp, inside, { scope: 'snsapi_privateinfo', agentid: app.agentid }))).json?.['user_ticket'];
    const moved = await target.admin('PATCH', `/__mock/corps/${corp.corpid}/apps/${app.agentid}`, { allow_user: [other] });
    expect(moved.status).toBe(200);
    expect((await detail(token, ticket)).errcode).toBe(code('NO_PRIVILEGE'));
  });
});
