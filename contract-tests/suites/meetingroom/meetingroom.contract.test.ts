import { describe, expect, it } from 'vitest';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { areaToken, call, code } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;
const tokenOf = async (corp: TestCorp) => areaToken(base, corp, 'meetingroom');
/** Midnight of the current China day. */
const today = () => Math.floor((Date.now() / 1000 + 8 * 3600) / 86400) * 86400 - 8 * 3600;

describe.skipIf(!target.isMock)('会议室 (meetingroom)', () => {
  it('When a room is added to an empty corp, then it is listed free, a second room of the same name is refused, and only members may book it', async () => {
    const corp = await target.newCorp({ scenario: 'empty' });
    const token = await tokenOf(corp);
    const add = await call(base, 'oa_meetingroom_add', { token, body: { name: '3F-会议室', capacity: 8, city: '深圳', building: 'A座', floor: '3F', equipment: [1, 3] } });
    expect(add.errcode).toBe(0);
    const id = add.json!.meetingroom_id!;
    const dup = await call(base, 'oa_meetingroom_add', { token, body: { name: '3F-会议室', capacity: 8 } });
    expect(dup.errcode).toBe(code('INVALID_PARAMETER'));
    const empty = await call(base, 'oa_meetingroom_get_booking_info', { token, body: { meetingroom_id: id } });
    expect(empty.json!.booking_list).toEqual([{ meetingroom_id: id, schedule: [] }]);
    expect((await target.admin('POST', `/__mock/corps/${corp.corpid}/meetingrooms/${id}/bookings`, { booker: 'nobody', start_time: 1, end_time: 2 })).status).toBe(400);
  });

  it('When the demo corp is read, then its rooms carry the seeded booking, and a booking made through the control plane shows up and conflicts are refused', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const day = today();
    const r = await call(base, 'oa_meetingroom_get_booking_info', { token, body: { start_time: day, end_time: day + 86400, city: '深圳', building: '腾讯大厦' } });
    expect(r.errcode).toBe(0);
    expect(r.json!.booking_list!.length).toBe(3);
    expect(r.json!.booking_list![0]!.schedule!.length).toBe(1);
    const booker = corp.raw!.sample_userids![0]!;
    const b = await target.admin<{ booking_id: string }>('POST', `/__mock/corps/${corp.corpid}/meetingrooms/2/bookings`, { booker, start_time: day + 15 * 3600, end_time: day + 16 * 3600 });
    expect(b.status).toBe(201);
    const clash = await target.admin('POST', `/__mock/corps/${corp.corpid}/meetingrooms/2/bookings`, { booker, start_time: day + 15 * 3600 + 1800, end_time: day + 17 * 3600 });
    expect(clash.status).toBe(409);
    const one = await call(base, 'oa_meetingroom_get_booking_info', { token, body: { meetingroom_id: 2, start_time: day + 12 * 3600, end_time: day + 86400 } });
    expect(one.json!.booking_list![0]!.schedule![0]).toMatchObject({ booking_id: b.json.booking_id, booker, start_time: day + 15 * 3600, status: 0 });
    expect((await target.admin('DELETE', `/__mock/corps/${corp.corpid}/meetingroom-bookings/${b.json.booking_id}`)).status).toBe(200);
    const after = await call(base, 'oa_meetingroom_get_booking_info', { token, body: { meetingroom_id: 2, start_time: day, end_time: day + 86400 } });
    expect(after.json!.booking_list![0]!.schedule).toEqual([]);
  });

  it('When the span crosses a day, the room is unknown or a range member does not exist, then 40058 / 40003 answer', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const day = today();
    const cross = await call(base, 'oa_meetingroom_get_booking_info', { token, body: { start_time: day + 20 * 3600, end_time: day + 30 * 3600 } });
    expect(cross.errcode).toBe(code('INVALID_PARAMETER'));
    expect(cross.json!.booking_list).toEqual([]);
    expect((await call(base, 'oa_meetingroom_get_booking_info', { token, body: { meetingroom_id: 999 } })).errcode).toBe(code('INVALID_PARAMETER'));
    const bad = await call(base, 'oa_meetingroom_add', { token, body: { name: 'X', capacity: 2, range: { user_list: ['no-such-user'] } } });
    expect(bad.errcode).toBe(code('INVALID_USERID'));
  });
});
