import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

async function appToken(): Promise<{ corpid: string; token: string }> {
  const corp = await target.newCorp();
  return { corpid: corp.corpid, token: await getToken(base, corp.corpid, corp.appSecret) };
}

describe('JS-SDK tickets', () => {
  it('When the corp ticket is fetched twice while valid, then the same ticket comes back with 7,200 s', async () => {
    const { token } = await appToken();
    const a = await call(base, 'get_jsapi_ticket', { token });
    const b = await call(base, 'get_jsapi_ticket', { token });
    expect(a.errcode).toBe(0);
    expect(a.json?.['expires_in']).toBe(7200);
    expect(b.json?.['ticket']).toBe(a.json?.['ticket']);
  });

  it('When the agent_config ticket is fetched, then it differs from the corp ticket', async () => {
    const { token } = await appToken();
    const corpTicket = await call(base, 'get_jsapi_ticket', { token });
    const agent = await call(base, 'ticket_get', { token, query: { type: 'agent_config' } });
    expect(agent.errcode).toBe(0);
    expect(agent.json?.['ticket']).toEqual(expect.any(String));
    expect(agent.json?.['ticket']).not.toBe(corpTicket.json?.['ticket']);
  });

  it('When the ticket type is wrong or missing, then 91040', async () => {
    const { token } = await appToken();
    for (const type of ['jsapi', undefined]) {
      const r = await call(base, 'ticket_get', { unchecked: true, token, query: { type } });
      expect(r.errcode).toBe(code('INVALID_TICKET_TYPE'));
    }
  });

  it.skipIf(!target.isMock)('When a system secret\'s token asks for a ticket, then 48002', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.raw!.secrets.contacts);
    expect((await call(base, 'get_jsapi_ticket', { token: t })).errcode).toBe(code('API_FORBIDDEN'));
  });

  it.skipIf(!target.isMock)('When an app fetches tickets more than 100 times in an hour, then 45009 until the hour passes', async () => {
    const { corpid, token } = await appToken();
    // Start just after an hour boundary of the corp's clock, so the 101 fetches share one hourly window.
    const now = (await target.admin<{ now_ms: number }>('GET', `/__mock/clock?corpid=${corpid}`)).json.now_ms;
    await target.admin('POST', '/__mock/clock', { corpid, advance_seconds: (3_600_000 - (now % 3_600_000)) / 1000 + 1 });
    const answers: number[] = [];
    for (let i = 0; i < 101; i++) {
      // Both ticket operations are sent type=agent_config (get_jsapi_ticket declares no parameter and ignores it).
      const r = await call(base, i % 2 === 0 ? 'get_jsapi_ticket' : 'ticket_get', { unchecked: true, token, query: { type: 'agent_config' } });
      answers.push(r.errcode ?? NaN);
    }
    expect(answers.slice(0, 100).every((c) => c === 0)).toBe(true);
    expect(answers[100]).toBe(code('API_FREQ_OUT_OF_LIMIT'));
    await target.admin('POST', '/__mock/clock', { corpid, advance_seconds: 3600 });
    const fresh = await getToken(base, corpid, (await target.admin<{ apps: Array<{ secret: string }> }>('GET', `/__mock/corps/${corpid}`)).json.apps[0]!.secret);
    expect((await call(base, 'get_jsapi_ticket', { token: fresh })).errcode).toBe(0);
  });

  it.skipIf(!target.isMock)('When the ticket expires on the mock clock, then a new one is issued', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const a = await call(base, 'get_jsapi_ticket', { token });
    await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 7000 });
    const b = await call(base, 'get_jsapi_ticket', { token });
    expect(b.json?.['ticket']).toBe(a.json?.['ticket']);
    expect(b.json?.['expires_in']).toBeLessThanOrEqual(200);
    await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 201 });
    const token2 = await getToken(base, corp.corpid, corp.appSecret);
    const c = await call(base, 'get_jsapi_ticket', { token: token2 });
    expect(c.json?.['ticket']).not.toBe(a.json?.['ticket']);
  });
});
