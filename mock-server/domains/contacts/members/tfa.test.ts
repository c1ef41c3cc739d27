/**
 * Second factor end to end: a code issued for a member's sign-in (issueTfaCode, what the sign-in flow
 * calls) is exchanged by auth/get_tfa_info, and the tfa_code confirmed by user/tfa_succ.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../index.js';
import { issueTfaCode } from './tfa.js';

const app = createApp({ demoCorp: false, log: () => {} });
const { server, url } = await app.listen(0);
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function json(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(`${url}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return (await r.json()) as Record<string, unknown>;
}

describe('auth/get_tfa_info and user/tfa_succ', () => {
  it('When a member signs in with a second factor, then the code gives their userid and the tfa_code activates them once', async () => {
    const corp = app.createCorp({ seed: 5 });
    const c = corp.domains.contacts;
    const member = [...c.users.values()].find((m) => m.status === 4)!;
    const token = (await json(`/cgi-bin/gettoken?corpid=${corp.corpid}&corpsecret=${corp.secrets.contacts}`))['access_token'] as string;
    const code = issueTfaCode(c, member.userid, corp.clock.nowMs(), corp.rng);

    const info = await json(`/cgi-bin/auth/get_tfa_info?access_token=${token}`, { code });
    expect(info).toMatchObject({ errcode: 0, userid: member.userid, tfa_code: expect.any(String) });
    // The code is good once.
    expect((await json(`/cgi-bin/auth/get_tfa_info?access_token=${token}`, { code }))['errcode']).toBe(40029);

    // Another member's tfa_code does not confirm this one.
    const other = [...c.users.values()].find((m) => m.userid !== member.userid)!;
    expect((await json(`/cgi-bin/user/tfa_succ?access_token=${token}`, { userid: other.userid, tfa_code: info['tfa_code'] }))['errcode']).toBe(40207);

    const ok = await json(`/cgi-bin/user/tfa_succ?access_token=${token}`, { userid: member.userid, tfa_code: info['tfa_code'] });
    expect(ok['errcode']).toBe(0);
    expect(c.getUser(member.userid)!.status).toBe(1);
    expect((await json(`/cgi-bin/user/tfa_succ?access_token=${token}`, { userid: member.userid, tfa_code: info['tfa_code'] }))['errcode']).toBe(40207);
    expect(corp.events.since(0).map((e) => e.event)).toContainEqual({ Event: 'change_contact', ChangeType: 'update_user', UserID: member.userid, Status: 1 });
  });

  it('When the code is older than 5 minutes, then 40029', async () => {
    const corp = app.createCorp({ seed: 6 });
    const c = corp.domains.contacts;
    const userid = [...c.users.values()][0]!.userid;
    const code = issueTfaCode(c, userid, corp.clock.nowMs(), corp.rng);
    corp.clock.advance(301);
    const token = (await json(`/cgi-bin/gettoken?corpid=${corp.corpid}&corpsecret=${corp.secrets.contacts}`))['access_token'] as string;
    expect((await json(`/cgi-bin/auth/get_tfa_info?access_token=${token}`, { code }))['errcode']).toBe(40029);
  });
});
