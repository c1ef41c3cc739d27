/**
 * JS-SDK: would wx.config / wx.agentConfig accept a signature (POST /__mock/jssdk/check), with the
 * published known-answer vector, and the ticket fetch quotas (400/h per corp, 100/h per app → 45009).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { addApp, advance } from './flow.js';

const target = await suiteTarget();
const base = target.baseUrl;
const mockOnly = it.skipIf(!target.isMock);

const vector = (JSON.parse(readFileSync(new URL('../../../fixtures/vectors/jssdk.json', import.meta.url), 'utf8')) as {
  published: { ticket: string; nonceStr: string; timestamp: string; url: string; stringToSign: string; signature: string };
}).published;

/** The harness's own signature (sha1 of the fixed-order string), independent of the mock's code. */
function sign(ticket: string, nonceStr: string, timestamp: string | number, url: string): string {
  const page = url.split('#')[0]!;
  return createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${page}`).digest('hex');
}

interface Check {
  accepted: boolean;
  errMsg: string;
  problems: Array<{ reason: string }>;
  expected: { ticket: string | null; string_to_sign: string | null; signature: string | null; ticket_expires_in: number | null };
}
const check = async (body: Record<string, unknown>) => {
  const r = await target.admin<Check>('POST', '/__mock/jssdk/check', body);
  expect(r.status).toBe(200);
  return r.json;
};

describe('JS-SDK signature check', () => {
  mockOnly('When the published vector is checked, then the string to sign and the signature are the published ones', async () => {
    const corp = await target.newCorp();
    const r = await check({ corpid: corp.corpid, url: vector.url, timestamp: vector.timestamp, nonceStr: vector.nonceStr, signature: vector.signature, ticket: vector.ticket });
    expect(r.expected.string_to_sign).toBe(vector.stringToSign);
    expect(r.expected.signature).toBe(vector.signature);
    expect(r.expected.signature).toMatch(/^0f9de62f/);
    expect(r.problems.map((p) => p.reason)).not.toContain('invalid_signature');
    // The vector's ticket is not this corp's live ticket, nor its url a trusted domain: not accepted.
    expect(r.accepted).toBe(false);
    expect(r.problems.map((p) => p.reason)).toEqual(expect.arrayContaining(['ticket_unknown', 'url_not_trusted']));
  });

  mockOnly('When wx.config is signed with the live corp ticket on a trusted page, then it is accepted; a #fragment does not matter', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const ticket = (await call(base, 'get_jsapi_ticket', { token })).json?.['ticket'] as string;
    const url = `https://${corp.raw!.apps[0]!.trusted_domain}/page?x=1`;
    const r = await check({ corpid: corp.corpid, url: `${url}#top`, timestamp: 1700000000, nonceStr: 'abc', signature: sign(ticket, 'abc', 1700000000, url) });
    expect(r).toMatchObject({ accepted: true, errMsg: 'config:ok', problems: [] });
    expect(r.expected.ticket).toBe(ticket);
  });

  mockOnly('When the signature is wrong, then "config:invalid signature" with the expected string and signature', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const ticket = (await call(base, 'get_jsapi_ticket', { token })).json?.['ticket'] as string;
    const url = `https://${corp.raw!.apps[0]!.trusted_domain}/page`;
    const r = await check({ corpid: corp.corpid, url, timestamp: '1', nonceStr: 'n', signature: sign(ticket, 'n', 2, url) });
    expect(r.accepted).toBe(false);
    expect(r.errMsg).toBe('config:invalid signature');
    expect(r.expected.string_to_sign).toBe(`jsapi_ticket=${ticket}&noncestr=n&timestamp=1&url=${url}`);
    expect(r.expected.signature).toBe(sign(ticket, 'n', 1, url));
  });

  mockOnly('When no ticket was fetched, or it expired on the mock clock, then not accepted', async () => {
    const corp = await target.newCorp();
    const url = `https://${corp.raw!.apps[0]!.trusted_domain}/page`;
    const none = await check({ corpid: corp.corpid, url, timestamp: 1, nonceStr: 'n', signature: 'x' });
    expect(none.problems.map((p) => p.reason)).toEqual(['no_ticket']);
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const ticket = (await call(base, 'get_jsapi_ticket', { token })).json?.['ticket'] as string;
    await advance(target, corp.corpid, 7201);
    const r = await check({ corpid: corp.corpid, url, timestamp: 1, nonceStr: 'n', signature: sign(ticket, 'n', 1, url) });
    expect(r.accepted).toBe(false);
    expect(r.problems.map((p) => p.reason)).toEqual(['ticket_expired']);
  });

  mockOnly('When wx.agentConfig is signed with the app ticket, then accepted only on the app\'s trusted domain and not with the corp ticket', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const agentTicket = (await call(base, 'ticket_get', { token, query: { type: 'agent_config' } })).json?.['ticket'] as string;
    const corpTicket = (await call(base, 'get_jsapi_ticket', { token })).json?.['ticket'] as string;
    const url = `https://${corp.raw!.apps[0]!.trusted_domain}/app`;
    const ok = await check({ corpid: corp.corpid, kind: 'agentConfig', agentid: corp.agentid, url, timestamp: 5, nonceStr: 'q', signature: sign(agentTicket, 'q', 5, url) });
    expect(ok).toMatchObject({ accepted: true, errMsg: 'agentConfig:ok' });
    const withCorpTicket = await check({ corpid: corp.corpid, kind: 'agentConfig', agentid: corp.agentid, url, timestamp: 5, nonceStr: 'q', signature: sign(corpTicket, 'q', 5, url) });
    expect(withCorpTicket.problems.map((p) => p.reason)).toEqual(['invalid_signature']);
    const elsewhere = 'https://other.example.test/app';
    const off = await check({ corpid: corp.corpid, kind: 'agentConfig', agentid: corp.agentid, url: elsewhere, timestamp: 5, nonceStr: 'q', signature: sign(agentTicket, 'q', 5, elsewhere) });
    expect(off).toMatchObject({ accepted: false, errMsg: 'agentConfig:invalid url domain' });
    expect(off.problems.map((p) => p.reason)).toEqual(['url_not_trusted']);
  });

  mockOnly('When agentConfig names no or an unknown agentid, or the corp is unknown, then the check says so', async () => {
    const corp = await target.newCorp();
    const base = { corpid: corp.corpid, kind: 'agentConfig', url: 'https://x.example.test/', timestamp: 1, nonceStr: 'n', signature: 's' };
    expect((await target.admin('POST', '/__mock/jssdk/check', base)).status).toBe(400);
    const unknown = await check({ ...base, agentid: 42 });
    expect(unknown.problems.map((p) => p.reason)).toContain('unknown_agentid');
    expect((await target.admin('POST', '/__mock/jssdk/check', { ...base, corpid: 'wwnothere000000000', agentid: 1 })).status).toBe(404);
  });
});

describe('JS-SDK ticket quotas', () => {
  mockOnly('When a corp fetches tickets more than 400 times in an hour across its apps, then 45009 until the hour passes', async () => {
    const corp = await target.newCorp();
    const secrets = [corp.appSecret];
    for (let i = 0; i < 4; i++) secrets.push((await addApp(target, corp.corpid)).secret);
    // Start right after an hour boundary of the corp's clock, so the 401 fetches share one fixed window.
    const now = (await target.admin<{ now_ms: number }>('GET', `/__mock/clock?corpid=${corp.corpid}`)).json.now_ms;
    await advance(target, corp.corpid, (3_600_000 - (now % 3_600_000)) / 1000 + 1);
    const tokens = await Promise.all(secrets.map((s) => getToken(base, corp.corpid, s)));
    const fetch100 = async (token: string): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < 100; i++) {
        // Both ticket operations are sent type=agent_config (get_jsapi_ticket declares no parameter and ignores it).
        const r = await call(base, i % 2 ? 'ticket_get' : 'get_jsapi_ticket', { unchecked: true, token, query: { type: 'agent_config' } });
        out.push(r.errcode ?? NaN);
      }
      return out;
    };
    for (const t of tokens.slice(0, 4)) expect((await fetch100(t)).every((c) => c === 0)).toBe(true);
    // The fifth app is under its own 100/h but the corp is at 400.
    const fifth = await call(base, 'get_jsapi_ticket', { token: tokens[4]! });
    expect(fifth.errcode).toBe(code('API_FREQ_OUT_OF_LIMIT'));
    await advance(target, corp.corpid, 3600);
    const fresh = await getToken(base, corp.corpid, secrets[4]!);
    expect((await call(base, 'get_jsapi_ticket', { token: fresh })).errcode).toBe(0);
  });
});
