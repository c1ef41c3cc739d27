import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { areaCorp, call, code } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

describe.skipIf(!target.isMock)('紧急通知 (pstncc)', () => {
  it('When members are called, then each call rings, is answered or not, and its state follows the mock clock', async () => {
    const { corp, token } = await areaCorp(target, 'pstncc');
    const users = corp.raw!.sample_userids!.slice(0, 5);
    const r = await call(base, 'pstncc_call', { token, body: { callee_userid: [...users, users[0]!, 'no-such-user'] } });
    expect(r.errcode).toBe(0);
    const states = r.json!.states!;
    expect(states.length).toBe(users.length + 1);
    expect(states.at(-1)).toMatchObject({ userid: 'no-such-user', code: code('USERID_NOT_FOUND'), callid: '' });
    const placed = states.filter((s) => s.code === 0);
    expect(placed.length).toBeGreaterThan(0);
    for (const s of placed) {
      const st = await call(base, 'pstncc_getstates', { token, body: { callee_userid: s.userid!, callid: s.callid! } });
      expect(st.json).toMatchObject({ errcode: 0, istalked: 0, calltime: 0, talktime: 0, reason: 0 });
    }
    await target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 200 });
    for (const s of placed) {
      const st = (await call(base, 'pstncc_getstates', { token, body: { callee_userid: s.userid!, callid: s.callid! } })).json!;
      if (st.istalked === 1) {
        expect(st.calltime).toBeGreaterThan(0);
        expect(st.talktime).toBeGreaterThanOrEqual(5);
        expect(st.reason).toBe(0);
      } else expect(st.reason).toBe(1);
    }
    const other = await call(base, 'pstncc_getstates', { token, body: { callee_userid: 'someone-else', callid: placed[0]!.callid! } });
    expect(other.errcode).toBe(code('INVALID_PARAMETER'));
  });

  it('When another area\'s secret calls, then 48002 answers', async () => {
    const { corp, token } = await areaCorp(target, 'dial');
    expect((await call(base, 'pstncc_call', { token, body: { callee_userid: ['x'] } })).errcode).toBe(code('API_FORBIDDEN'));
  });
});
