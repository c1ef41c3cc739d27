import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { areaCorp, call, code } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;
const DAY = 86_400;

describe.skipIf(!target.isMock)('智慧硬件 (hardware)', () => {
  it('When device checkin data is read, then it follows the members\' 打卡 punches, and filter 2 keeps at most two a day', async () => {
    const { corp, token } = await areaCorp(target, 'checkin');
    const now = Math.floor((await target.admin<{ now_ms: number }>('GET', '/__mock/clock')).json.now_ms / 1000);
    const users = corp.raw!.sample_userids!.slice(0, 3);
    const punches = await call(base, 'checkin_getcheckindata', { token, body: { opencheckindatatype: 1, starttime: now - 14 * DAY, endtime: now, useridlist: users } });
    const real = punches.json!.checkindata!.filter((p) => p.checkin_time! > 0 && p.checkin_type !== '外出打卡');
    const all = await call(base, 'hardware_get_hardware_checkin_data', { token, body: { filter_type: 1, starttime: now - 14 * DAY, endtime: now, useridlist: users } });
    expect(all.errcode).toBe(0);
    expect(all.json!.checkindata!.length).toBe(real.length);
    expect(all.json!.checkindata!.length).toBeGreaterThan(0);
    const two = await call(base, 'hardware_get_hardware_checkin_data', { token, body: { filter_type: 2, starttime: now - 14 * DAY, endtime: now, useridlist: users } });
    expect(two.json!.checkindata!.length).toBeLessThanOrEqual(users.length * 2 * 15);
    expect((await call(base, 'hardware_get_hardware_checkin_data', { token, body: { filter_type: 1, starttime: now - 40 * DAY, endtime: now, useridlist: users } })).errcode).toBe(code('CHECKIN_TIME_RANGE_TOO_LONG'));
    expect((await call(base, 'hardware_get_hardware_checkin_data', { token, body: { filter_type: 1, starttime: now - DAY, endtime: now, useridlist: ['ghost'] } })).errcode).toBe(code('USERID_NOT_FOUND'));
  });
});
