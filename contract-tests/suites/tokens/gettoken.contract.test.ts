import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

describe('gettoken', () => {
  it('When the corp id and an app secret are right, then a token valid 7,200 s comes back', async () => {
    const corp = await target.newCorp();
    const r = await call(base, 'gettoken', { query: { corpid: corp.corpid, corpsecret: corp.appSecret } });
    expect(r.status).toBe(200);
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('ok');
    expect(r.json?.['access_token']).toEqual(expect.any(String));
    expect((r.json?.['access_token'] as string).length).toBeLessThanOrEqual(512);
    expect(r.json?.['expires_in']).toBeGreaterThan(7000);
    expect(r.json?.['expires_in']).toBeLessThanOrEqual(7200);
  });

  it('When called again while the token is valid, then the same token comes back', async () => {
    const corp = await target.newCorp();
    const a = await getToken(base, corp.corpid, corp.appSecret);
    const b = await getToken(base, corp.corpid, corp.appSecret);
    expect(b).toBe(a);
  });

  it.skipIf(!target.isMock)('When different secrets of one corp are used, then each gets its own token', async () => {
    const corp = await target.newCorp();
    const s = corp.raw!.secrets;
    const tokens = await Promise.all([corp.appSecret, s.contacts, s.customer_contact, s.archive].map((x) => getToken(base, corp.corpid, x)));
    expect(new Set(tokens).size).toBe(4);
  });

  it('When called without any parameter, then corpsecret is reported missing first (41004)', async () => {
    const r = await call(base, 'gettoken');
    expect(r.errcode).toBe(code('CORPSECRET_MISSING'));
    expect(r.errmsg).toMatch(/^corpsecret missing/);
  });

  it('When only the corpid is missing, then 41002', async () => {
    const r = await call(base, 'gettoken', { query: { corpsecret: 'x' } });
    expect(r.errcode).toBe(code('CORPID_MISSING'));
  });

  it('When the corpid is unknown, even a well-formed ww id, then 40013', async () => {
    const r = await call(base, 'gettoken', { query: { corpid: 'ww0123456789abcdef', corpsecret: 'x' } });
    expect(r.errcode).toBe(code('INVALID_CORPID'));
    expect(r.errmsg).toMatch(/^invalid corpid/);
  });

  it('When the secret is wrong, then 40001', async () => {
    const corp = await target.newCorp();
    const r = await call(base, 'gettoken', { query: { corpid: corp.corpid, corpsecret: `${corp.appSecret}x` } });
    expect(r.errcode).toBe(code('INVALID_CREDENTIAL'));
    expect(r.errmsg).toMatch(/^invalid credential/);
  });

  it.skipIf(!target.isMock)('When another corp\'s secret is used, then 40001 (secrets are per corp)', async () => {
    const [a, b] = await Promise.all([target.newCorp(), target.newCorp()]);
    const r = await call(base, 'gettoken', { query: { corpid: a.corpid, corpsecret: b.appSecret } });
    expect(r.errcode).toBe(code('INVALID_CREDENTIAL'));
  });

  it.skipIf(!target.isMock)('When the mock clock passes 7,200 s, then the token answers 42001 and gettoken issues a new one', async () => {
    const corp = await target.newCorp();
    const t1 = await getToken(base, corp.corpid, corp.appSecret);
    const ok = await call(base, 'getcallbackip', { token: t1 });
    expect(ok.errcode).toBe(0);
    await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 7200 });
    const dead = await call(base, 'getcallbackip', { token: t1 });
    expect(dead.errcode).toBe(code('ACCESS_TOKEN_EXPIRED'));
    const t2 = await getToken(base, corp.corpid, corp.appSecret);
    expect(t2).not.toBe(t1);
    expect((await call(base, 'getcallbackip', { token: t2 })).errcode).toBe(0);
  });

  it.skipIf(!target.isMock)('When the control plane expires tokens early, then the next call answers 42001', async () => {
    const corp = await target.newCorp();
    const t1 = await getToken(base, corp.corpid, corp.appSecret);
    const r = await target.admin<{ expired: number }>('POST', `/__mock/corps/${corp.corpid}/tokens/expire`, {});
    expect(r.json.expired).toBe(1);
    expect((await call(base, 'getcallbackip', { token: t1 })).errcode).toBe(code('ACCESS_TOKEN_EXPIRED'));
  });
});

describe('using a token', () => {
  it('When the token is missing, then 41001', async () => {
    const r = await call(base, 'getcallbackip');
    expect(r.errcode).toBe(code('ACCESS_TOKEN_MISSING'));
    expect(r.json?.['ip_list']).toEqual([]);
  });

  it('When the token is sent in a header or in the body instead of the query, then it is ignored (41001)', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    const h = await call(base, 'getcallbackip', { headers: { authorization: `Bearer ${t}`, access_token: t } });
    expect(h.errcode).toBe(code('ACCESS_TOKEN_MISSING'));
    const b = await call(base, 'user_list_id', { unchecked: true, body: { access_token: t, limit: 1 } });
    expect(b.errcode).toBe(code('ACCESS_TOKEN_MISSING'));
  });

  it('When the token is unknown, then 40014', async () => {
    const r = await call(base, 'getcallbackip', { token: 'not-a-token' });
    expect(r.errcode).toBe(code('INVALID_ACCESS_TOKEN'));
  });

  it('When the token is bad and parameters are missing too, then the token is reported first', async () => {
    const r = await call(base, 'user_get', { token: 'nope' });
    expect(r.errcode).toBe(code('INVALID_ACCESS_TOKEN'));
  });

  it.skipIf(!target.isMock)('When a corp is deleted, then its tokens are unknown (40014)', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    await target.admin('DELETE', `/__mock/corps/${corp.corpid}`);
    expect((await call(base, 'getcallbackip', { token: t })).errcode).toBe(code('INVALID_ACCESS_TOKEN'));
  });
});

describe('IP lists', () => {
  it('When getcallbackip and get_api_domain_ip are called, then each answers a non-empty IPv4 list', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    for (const op of ['getcallbackip', 'get_api_domain_ip'] as const) {
      const r = await call(base, op, { token: t });
      expect(r.errcode).toBe(0);
      const list = r.json?.['ip_list'] as string[];
      expect(list.length).toBeGreaterThan(0);
      for (const ip of list) expect(ip).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
    }
  });
});
