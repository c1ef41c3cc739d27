import { describe, expect, it } from 'vitest';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { areaToken, call, code } from '../../harness/client.js';
import { WEBHOOK_SCHEMAS, webhookErrors } from '../../harness/webhook-schemas.js';

const target = await suiteTarget();
const base = target.baseUrl;
const tokenOf = async (corp: TestCorp) => areaToken(base, corp, 'calendar');
const DAY = 86_400;
/** Midnight of the current China day. */
const today = () => Math.floor((Date.now() / 1000 + 8 * 3600) / DAY) * DAY - 8 * 3600;
const events = async (corpid: string) =>
  (await target.admin<{ events: Array<{ event: Record<string, unknown> }> }>('GET', `/__mock/events?corpid=${corpid}&since=0`)).json.events
    .map((e) => e.event)
    .filter((e) => /calendar|schedule/.test(String(e['Event'])));

describe.skipIf(!target.isMock)('日程 (calendar)', () => {
  it('When a calendar is added, read, updated and deleted, then it keeps its fields, refuses a new organizer, and events follow each step', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const [u1, u2, u3] = corp.raw!.sample_userids!;
    const add = await call(base, 'oa_calendar_add', { token, body: { calendar: { organizer: u1!, readonly: 1, summary: '项目', color: '#FF3030', shares: [{ userid: u2! }, { userid: u3!, readonly: 1 }] } } });
    expect(add.errcode).toBe(0);
    const cal_id = add.json!.cal_id!;
    const got = await call(base, 'oa_calendar_get', { token, body: { cal_id_list: [cal_id] } });
    expect(got.json!.calendar_list![0]).toMatchObject({ cal_id, organizer: u1, summary: '项目', color: '#FF3030', shares: [{ userid: u2 }, { userid: u3, readonly: 1 }] });
    expect((await call(base, 'oa_calendar_update', { token, body: { calendar: { cal_id, organizer: u2!, summary: 'x' } } })).errcode).toBe(code('ORGANIZER_IMMUTABLE'));
    expect((await call(base, 'oa_calendar_update', { token, body: { calendar: { cal_id, color: 'red' } } })).errcode).toBe(code('INVALID_CALENDAR_COLOR'));
    expect((await call(base, 'oa_calendar_update', { token, body: { calendar: { cal_id, is_public: 1 } } })).errcode).toBe(code('PUBLIC_RANGE_REQUIRED'));
    expect((await call(base, 'oa_calendar_update', { token, body: { calendar: { cal_id, description: '新描述' } } })).errcode).toBe(0);
    expect((await call(base, 'oa_calendar_del', { token, body: { cal_id } })).errcode).toBe(0);
    expect((await call(base, 'oa_calendar_get', { token, body: { cal_id_list: [cal_id] } })).errcode).toBe(code('CALENDAR_DELETED'));
    expect((await call(base, 'oa_calendar_get', { token, body: { cal_id_list: ['nope'] } })).errcode).toBe(code('INVALID_CALENDAR_ID'));
    expect((await call(base, 'oa_calendar_get', { token, body: { cal_id_list: [] } })).errcode).toBe(code('CALENDAR_ID_LIST_EMPTY'));
    const evs = (await events(corp.corpid)).map((e) => e['Event']);
    expect(evs).toEqual(['add_calendar', 'modify_calendar', 'delete_calendar']);
  });

  it('When the demo corp is read, then its calendar holds a week of schedules and a daily stand-up expanded on workdays', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const day = today();
    // The seeded calendar is the 日程 secret's default: a schedule without cal_id lands there.
    const add = await call(base, 'oa_schedule_add', { token, body: { schedule: { organizer: corp.raw!.sample_userids![0]!, start_time: day + 20 * 3600, end_time: day + 21 * 3600, summary: '加班' } } });
    expect(add.errcode).toBe(0);
    const one = await call(base, 'oa_schedule_get', { token, body: { schedule_id_list: [add.json!.schedule_id!] } });
    const cal_id = one.json!.schedule_list![0]!.cal_id!;
    const all = await call(base, 'oa_schedule_get_by_calendar', { token, body: { cal_id } });
    expect(all.json!.schedule_list!.length).toBe(9);
    const week = await call(base, 'oa_schedule_get_by_calendar', { token, body: { cal_id, start_time: day, end_time: day + 7 * DAY } });
    const standups = week.json!.schedule_list!.filter((s) => s.summary === '站会');
    expect(standups.length).toBeGreaterThanOrEqual(5);
    expect(new Set(standups.map((s) => s.schedule_id)).size).toBe(1);
    expect(standups.every((s) => (s.start_time! - day) % DAY === 9.5 * 3600)).toBe(true);
    expect((await call(base, 'oa_schedule_get_by_calendar', { token, body: { cal_id, limit: 1001 } })).errcode).toBe(code('PAGE_SIZE_TOO_LARGE'));
    expect((await call(base, 'oa_schedule_get_by_calendar', { token, body: { cal_id, start_time: day, end_time: day + 40 * DAY } })).errcode).toBe(code('INVALID_PAGE'));
  });

  it('When a weekly schedule changes one occurrence, then only that day moves, and deleting the rest ends the series', async () => {
    const corp = await target.newCorp({ scenario: 'empty' });
    const token = await tokenOf(corp);
    const typical = await target.newCorp();
    const t2 = await tokenOf(typical);
    const [u1, u2] = typical.raw!.sample_userids!;
    const cal_id = (await call(base, 'oa_calendar_add', { token: t2, body: { calendar: { organizer: u1!, summary: '周会' } } })).json!.cal_id!;
    const start = today() + 30 * DAY + 10 * 3600;
    const sid = (await call(base, 'oa_schedule_add', { token: t2, body: { schedule: { cal_id, organizer: u1!, start_time: start, end_time: start + 3600, attendees: [{ userid: u2! }],
      reminders: { is_remind: 1, remind_before_event_secs: 900, is_repeat: 1, repeat_type: 1 } } } })).json!.schedule_id!;
    const window = { cal_id, start_time: start - DAY, end_time: start + 29 * DAY };
    const starts = async () => (await call(base, 'oa_schedule_get_by_calendar', { token: t2, body: window })).json!.schedule_list!.map((s) => (s.start_time! - start) / DAY);
    expect(await starts()).toEqual([0, 7, 14, 21, 28]);
    expect((await call(base, 'oa_schedule_update', { token: t2, body: { schedule: { schedule_id: sid }, op_mode: 1, op_start_time: start + 3 * DAY } })).errcode).toBe(code('INVALID_OP_START_TIME'));
    const moved = await call(base, 'oa_schedule_update', { token: t2, body: { schedule: { schedule_id: sid, start_time: start + 8 * DAY, end_time: start + 8 * DAY + 3600 }, op_mode: 1, op_start_time: start + 7 * DAY } });
    expect(moved.errcode).toBe(0);
    expect(moved.json!.schedule_id).not.toBe(sid);
    expect(await starts()).toEqual([0, 8, 14, 21, 28]);
    expect((await call(base, 'oa_schedule_del', { token: t2, body: { schedule_id: sid, op_mode: 2, op_start_time: start + 21 * DAY } })).errcode).toBe(0);
    expect(await starts()).toEqual([0, 8, 14]);
    const got = await call(base, 'oa_schedule_get', { token: t2, body: { schedule_id_list: [sid] } });
    expect(got.json!.schedule_list![0]!.reminders).toMatchObject({ is_repeat: 1, repeat_type: 1, exclude_time_list: [{ start_time: start + 7 * DAY }], remind_time_diffs: [-900] });
    // Unknown attendees and op_mode on a single schedule are refused; another corp's secret does not know the calendar.
    expect((await call(base, 'oa_schedule_add_attendees', { token: t2, body: { schedule_id: sid, attendees: [{ userid: 'ghost' }] } })).errcode).toBe(code('INVALID_USERID'));
    expect((await call(base, 'oa_schedule_update', { token: t2, body: { schedule: { schedule_id: moved.json!.schedule_id! }, op_mode: 1, op_start_time: start + 8 * DAY } })).errcode).toBe(code('OP_MODE_ONLY_FOR_RECURRING'));
    expect((await call(base, 'oa_schedule_get_by_calendar', { token, body: { cal_id } })).errcode).toBe(code('INVALID_CALENDAR_ID'));
  });

  it('When attendees are added and removed and the schedule is cancelled, then get shows each state and status 1 at the end', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const [u1, u2, u3] = corp.raw!.sample_userids!;
    const cal_id = (await call(base, 'oa_calendar_add', { token, body: { calendar: { organizer: u1!, summary: '评审' } } })).json!.cal_id!;
    const start = today() + 2 * DAY + 15 * 3600;
    const sid = (await call(base, 'oa_schedule_add', { token, body: { schedule: { cal_id, organizer: u1!, start_time: start, end_time: start + 3600, attendees: [{ userid: u2! }] } } })).json!.schedule_id!;
    await call(base, 'oa_schedule_add_attendees', { token, body: { schedule_id: sid, attendees: [{ userid: u3! }] } });
    await call(base, 'oa_schedule_del_attendees', { token, body: { schedule_id: sid, attendees: [{ userid: u2! }] } });
    const got = await call(base, 'oa_schedule_get', { token, body: { schedule_id_list: [sid] } });
    expect(got.json!.schedule_list![0]!.attendees).toEqual([{ userid: u3, response_status: 0 }]);
    expect((await call(base, 'oa_schedule_add', { token, body: { schedule: { cal_id, organizer: u1!, start_time: start, end_time: start - 1 } } })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await call(base, 'oa_schedule_add', { token, body: { schedule: { cal_id, organizer: u1!, start_time: start, end_time: start + 1, reminders: { is_repeat: 1, repeat_type: 3 } } } })).errcode).toBe(code('UNSUPPORTED_REPEAT_TYPE'));
    expect((await call(base, 'oa_schedule_del', { token, body: { schedule_id: sid } })).errcode).toBe(0);
    expect((await call(base, 'oa_schedule_get', { token, body: { schedule_id_list: [sid] } })).json!.schedule_list![0]!.status).toBe(1);
    expect((await call(base, 'oa_schedule_del', { token, body: { schedule_id: sid } })).errcode).toBe(code('SCHEDULE_DELETED'));
    const evs = (await events(corp.corpid)).map((e) => e['Event']);
    expect(evs).toEqual(['add_calendar', 'add_schedule', 'modify_schedule', 'modify_schedule', 'delete_schedule']);
  });

  it('When a schedule names a meeting room, then the room is booked for it, a clash answers 90498, and cancelling frees the room', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const roomToken = await areaToken(base, corp, 'meetingroom');
    const [u1] = corp.raw!.sample_userids!;
    const cal_id = (await call(base, 'oa_calendar_add', { token, body: { calendar: { organizer: u1!, summary: '会议' } } })).json!.cal_id!;
    const day = today() + 3 * DAY;
    const body = { schedule: { cal_id, organizer: u1!, start_time: day + 16 * 3600, end_time: day + 17 * 3600, meetingroom_id: 2 } };
    const sid = (await call(base, 'oa_schedule_add', { token, body })).json!.schedule_id!;
    const info = async () => (await call(base, 'oa_meetingroom_get_booking_info', { token: roomToken, body: { meetingroom_id: 2, start_time: day, end_time: day + DAY } })).json!.booking_list![0]!.schedule!;
    expect((await info()).map((b) => b.schedule_id)).toEqual([sid]);
    expect((await call(base, 'oa_schedule_add', { token, body })).errcode).toBe(code('SCHEDULE_ROOM_ALREADY_BOOKED'));
    await call(base, 'oa_schedule_del', { token, body: { schedule_id: sid } });
    expect(await info()).toEqual([]);
  });

  it('When an attendee answers through the control plane, then get shows the answer and every calendar event fits its webhook schema', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const [u1, u2] = corp.raw!.sample_userids!;
    const cal_id = (await call(base, 'oa_calendar_add', { token, body: { calendar: { organizer: u1!, summary: '答复' } } })).json!.cal_id!;
    const start = today() + DAY + 11 * 3600;
    const sid = (await call(base, 'oa_schedule_add', { token, body: { schedule: { cal_id, organizer: u1!, start_time: start, end_time: start + 3600, attendees: [{ userid: u2! }] } } })).json!.schedule_id!;
    const r = await target.admin('POST', `/__mock/corps/${corp.corpid}/schedules/${sid}/attendees/${u2}`, { response_status: 1 });
    expect(r.status).toBe(200);
    expect((await target.admin('POST', `/__mock/corps/${corp.corpid}/schedules/${sid}/attendees/ghost`, { response_status: 1 })).status).toBe(404);
    const got = await call(base, 'oa_schedule_get', { token, body: { schedule_id_list: [sid] } });
    expect(got.json!.schedule_list![0]!.attendees).toEqual([{ userid: u2, response_status: 1 }]);
    await call(base, 'oa_calendar_update', { token, body: { calendar: { cal_id, summary: '答复2' } } });
    await call(base, 'oa_schedule_update', { token, body: { schedule: { schedule_id: sid, summary: 'x' } } });
    await call(base, 'oa_schedule_del', { token, body: { schedule_id: sid } });
    // A cancelled schedule has no attendees to answer any more.
    const gone = await target.admin<{ error: { code: string } }>('POST', `/__mock/corps/${corp.corpid}/schedules/${sid}/attendees/${u2}`, { response_status: 2 });
    expect([gone.status, gone.json.error.code]).toEqual([404, 'schedule_not_found']);
    await call(base, 'oa_calendar_del', { token, body: { cal_id } });
    const evs = await events(corp.corpid);
    expect(evs.map((e) => e['Event'])).toEqual(['add_calendar', 'add_schedule', 'update_schedule_attendee_status', 'modify_calendar', 'modify_schedule', 'delete_schedule', 'delete_calendar']);
    expect(evs[2]).toEqual({ Event: 'update_schedule_attendee_status', CalId: cal_id, ScheduleId: sid });
    for (const e of evs) expect(webhookErrors(WEBHOOK_SCHEMAS.get(`${String(e['Event'])}/`)!, e)).toEqual([]);
  });
});
