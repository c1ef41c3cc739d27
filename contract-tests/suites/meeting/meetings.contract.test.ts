import { describe, expect, it } from 'vitest';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { areaToken, call, code, getToken } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;
const tokenOf = async (corp: TestCorp) => areaToken(base, corp, 'meeting');
const advance = (corp: TestCorp, s: number) => target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: s });

describe.skipIf(!target.isMock)('会议 (meeting): lifecycle', () => {
  it('When a meeting is created, then it is scheduled, starts and ends on the mock clock, and joins show up in get_info and the attendee list', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const [admin, u2] = corp.raw!.sample_userids! as [string, string];
    const now = Math.floor(Date.now() / 1000);
    const c = await call(base, 'meeting_create', { token, body: { admin_userid: admin, title: '项目评审', meeting_start: now + 600, meeting_duration: 1800, invitees: { userid: [admin, u2] } } });
    expect(c.errcode).toBe(0);
    const meetingid = c.json!.meetingid!;
    expect((await call(base, 'meeting_get_info', { token, body: { meetingid } })).json).toMatchObject({ status: 1, title: '项目评审', admin_userid: admin });
    const early = await target.admin('POST', `/__mock/corps/${corp.corpid}/meetings/${meetingid}/attendees`, { userid: u2 });
    expect(early.status).toBe(409);
    await advance(corp, 700);
    expect((await call(base, 'meeting_get_info', { token, body: { meetingid } })).json!.status).toBe(2);
    const j = await target.admin<{ tmp_openid: string }>('POST', `/__mock/corps/${corp.corpid}/meetings/${meetingid}/attendees`, { userid: u2 });
    expect(j.status).toBe(201);
    const rt = await call(base, 'meeting_get_realtime_attendee_list', { token, body: { meetingid } });
    expect(rt.json!.attendees!.map((a) => a.userid)).toEqual([u2]);
    await advance(corp, 120);
    expect((await target.admin('DELETE', `/__mock/corps/${corp.corpid}/meetings/${meetingid}/attendees/${j.json.tmp_openid}`)).status).toBe(200);
    const info = await call(base, 'meeting_get_info', { token, body: { meetingid } });
    expect(info.json!.attendees!.member!.find((m) => m.userid === u2)).toMatchObject({ total_join_count: 1 });
    expect(info.json!.attendees!.member!.find((m) => m.userid === u2)!.cumulative_time).toBeGreaterThanOrEqual(120);
    expect((await call(base, 'meeting_cancel', { token, body: { meetingid } })).errcode).toBe(code('MEETING_STARTED_OR_ENDED_UNCANCELLABLE'));
    await advance(corp, 1800);
    expect((await call(base, 'meeting_get_info', { token, body: { meetingid } })).json!.status).toBe(3);
    const list = await call(base, 'meeting_get_attendee_list', { token, body: { meetingid } });
    expect(list.json!.attendees!.length).toBe(1);
    const files = await call(base, 'meeting_record_get_file_list', { token, body: { meetingid } });
    expect(files.json!.record_files!.length).toBe(1);
  });

  it('When a scheduled meeting is updated, then get_info shows the fields given, a new time re-books its start, and bad updates answer their errcodes', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const [admin, u2, u3] = corp.raw!.sample_userids! as [string, string, string];
    const now = Math.floor(Date.now() / 1000);
    const meetingid = (await call(base, 'meeting_create', { token, body: { admin_userid: admin, title: '周会', meeting_start: now + 600, meeting_duration: 1800, invitees: { userid: [admin] }, settings: { password: '1234' } } })).json!.meetingid!;
    const up = await call(base, 'meeting_update', { token, body: { meetingid, title: ' 周会（改） ', location: '3 楼', meeting_start: now + 3600, meeting_duration: 900, invitees: { userid: [admin, u2] }, settings: { enable_waiting_room: true } } });
    expect(up.errcode, up.text).toBe(0);
    const info = (await call(base, 'meeting_get_info', { token, body: { meetingid } })).json!;
    expect(info).toMatchObject({ title: '周会（改）', location: '3 楼', meeting_start: now + 3600, meeting_duration: 900, status: 1 });
    expect(info.attendees!.member!.map((a) => a.userid)).toEqual([admin, u2]);
    // Settings change key by key: the password given at creation stays.
    expect(info.settings).toMatchObject({ password: '1234', enable_waiting_room: true });
    // The old start passes without starting it; the new one starts it.
    await advance(corp, 700);
    expect((await call(base, 'meeting_get_info', { token, body: { meetingid } })).json!.status).toBe(1);
    const half = await call(base, 'meeting_update', { token, body: { meetingid, meeting_start: now + 4000 } });
    expect(half.errcode).toBe(code('MEETING_INVALID_TIME_RANGE'));
    expect((await call(base, 'meeting_update', { token, body: { meetingid, invitees: { userid: [u3, 'nobody-here'] } } })).errcode).toBe(code('MEETING_INVALID_ATTENDEE'));
    expect((await call(base, 'meeting_update', { token, body: { meetingid, title: '  ' } })).errcode).toBe(code('MEETING_INVALID_TITLE'));
    // Over 300 invitees: 400020 (counted before the members are looked up).
    const crowd = Array.from({ length: 301 }, (_, i) => `guest${i}`);
    expect((await call(base, 'meeting_update', { token, body: { meetingid, invitees: { userid: crowd } } })).errcode).toBe(code('MEETING_TOO_MANY_ATTENDEES'));
    expect((await call(base, 'meeting_update', { token, body: { meetingid: 'nope' } })).errcode).toBe(code('INVALID_MEETING_ID'));
    await advance(corp, 3000);
    expect((await call(base, 'meeting_get_info', { token, body: { meetingid } })).json!.status).toBe(2);
    expect((await call(base, 'meeting_update', { token, body: { meetingid, title: '晚了' } })).errcode).toBe(code('MEETING_STARTED_OR_ENDED_IMMUTABLE'));
    const later = (await call(base, 'meeting_create', { token, body: { admin_userid: admin, title: '取消后改', meeting_start: now + 90_000, meeting_duration: 600 } })).json!.meetingid!;
    expect((await call(base, 'meeting_cancel', { token, body: { meetingid: later } })).errcode).toBe(0);
    expect((await call(base, 'meeting_update', { token, body: { meetingid: later, title: '不行' } })).errcode).toBe(code('MEETING_CANCELLED'));
  });

  it('When a scheduled meeting is cancelled, then get_info says 4, a second cancel 400041, and an unknown id 90602, and a secret of another area 48002', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const admin = corp.raw!.sample_userids![0]!;
    const c = await call(base, 'meeting_create', { token, body: { admin_userid: admin, title: '取消的会', meeting_start: Math.floor(Date.now() / 1000) + 3600, meeting_duration: 600 } });
    const meetingid = c.json!.meetingid!;
    expect((await call(base, 'meeting_cancel', { token, body: { meetingid } })).errcode).toBe(0);
    expect((await call(base, 'meeting_get_info', { token, body: { meetingid } })).json!.status).toBe(4);
    expect((await call(base, 'meeting_cancel', { token, body: { meetingid } })).errcode).toBe(code('MEETING_CANCELLED'));
    expect((await call(base, 'meeting_get_info', { token, body: { meetingid: 'nope' } })).errcode).toBe(code('INVALID_MEETING_ID'));
    const bad = await call(base, 'meeting_create', { token, body: { admin_userid: admin, title: 'x', meeting_start: 100, meeting_duration: 600 } });
    expect(bad.errcode).toBe(code('MEETING_START_IN_PAST'));
    const ids = await call(base, 'meeting_get_user_meetingid', { token, body: { userid: admin } });
    expect(ids.json!.meetingid_list).toContain(meetingid);
    const other = await areaToken(base, corp, 'meetingroom');
    expect((await call(base, 'meeting_get_info', { token: other, body: { meetingid } })).errcode).toBe(code('API_FORBIDDEN'));
  });

  it('When the demo corp is read, then its admin has a finished meeting with a record and transcript', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const admin = corp.raw!.sample_userids![0]!;
    const ids = await call(base, 'meeting_get_user_meetingid', { token, body: { userid: admin } });
    const meetingid = ids.json!.meetingid_list![0]!;
    expect((await call(base, 'meeting_get_info', { token, body: { meetingid } })).json!.status).toBe(3);
    const files = await call(base, 'meeting_record_get_file_list', { token, body: { meetingid } });
    const record_file_id = files.json!.record_files![0]!.record_file_id!;
    const paras = await call(base, 'meeting_record_transcript_get_paragraph_list', { token, body: { meetingid, record_file_id } });
    expect(paras.json!.paragraphs!.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!target.isMock)('会议 (meeting): meeting_change events', () => {
  const events = async (corp: TestCorp) =>
    (await target.admin<{ events: { event: Record<string, unknown> }[] }>('GET', `/__mock/events?corpid=${corp.corpid}`)).json.events
      .map((e) => e.event)
      .filter((e) => e['Event'] === 'meeting_change');
  const edit = (corp: TestCorp, meetingid: string, body: Record<string, unknown>) => target.admin<{ status: number }>('POST', `/__mock/corps/${corp.corpid}/meetings/${meetingid}/admin-edits`, body);

  it('When an app\'s meeting is edited by its admin, starts, is joined and left and ends, then the app hears modify_meeting, meeting_start, join_meeting, join_meeting_before_host, role_change, quit_meeting, meeting_end, recording_complete in order', async () => {
    const corp = await target.newCorp();
    const app = corp.raw!.apps[0]!;
    const token = await getToken(base, corp.corpid, app.secret);
    const [admin, u2] = corp.raw!.sample_userids! as [string, string];
    const now = Math.floor(Date.now() / 1000);
    const meetingid = (await call(base, 'meeting_create', { token, body: { admin_userid: admin, title: '周会', meeting_start: now + 600, meeting_duration: 1800 } })).json!.meetingid!;
    expect(await events(corp)).toEqual([]);
    const e = await edit(corp, meetingid, { action: 'modify', title: '周会（改）', meeting_start: now + 900 });
    expect(e.status, JSON.stringify(e.json)).toBe(200);
    expect((await call(base, 'meeting_get_info', { token, body: { meetingid } })).json).toMatchObject({ title: '周会（改）', meeting_start: now + 900 });
    await advance(corp, 1000);
    const j = await target.admin<{ tmp_openid: string }>('POST', `/__mock/corps/${corp.corpid}/meetings/${meetingid}/attendees`, { userid: u2 });
    expect(j.status).toBe(201);
    const cohost = (action: boolean) => call(base, 'meeting_realcontrol_set_cohost', { token, body: { meetingid, operated_user: { tmp_openid: j.json.tmp_openid }, action } });
    expect((await cohost(true)).errcode).toBe(0);
    expect((await cohost(true)).errcode).toBe(0); // no change, no event
    expect((await cohost(false)).errcode).toBe(0);
    expect((await target.admin('DELETE', `/__mock/corps/${corp.corpid}/meetings/${meetingid}/attendees/${j.json.tmp_openid}`)).status).toBe(200);
    await target.admin('POST', `/__mock/corps/${corp.corpid}/meetings/${meetingid}/attendees`, { userid: u2 });
    expect((await call(base, 'meeting_realcontrol_dismiss', { token, body: { meetingid } })).errcode).toBe(0);
    const seen = await events(corp);
    // The admin never came in, and the meeting lets members in before the host (the default): join_meeting_before_host.
    expect(seen.map((x) => x['ChangeType'])).toEqual(['modify_meeting', 'meeting_start', 'join_meeting', 'join_meeting_before_host', 'role_change', 'role_change', 'quit_meeting', 'join_meeting', 'join_meeting_before_host', 'quit_meeting', 'meeting_end', 'recording_complete']);
    expect(seen[3]).toMatchObject({ FromUserName: u2, FromUserTmpOpenId: j.json.tmp_openid });
    expect(seen[4]).toMatchObject({ FromUserName: 'sys', OperatedUser: { UserId: u2, TmpOpenId: j.json.tmp_openid, UserRole: 6 } });
    expect(seen[5]).toMatchObject({ OperatedUser: { UserRole: 0 } });
    for (const x of seen) expect(x).toMatchObject({ MeetingId: meetingid, AgentID: app.agentid });
    expect(seen[0]).toMatchObject({ FromUserName: admin });
    expect(seen[0]!['FromUserTmpOpenId']).toBeUndefined();
    expect(seen[1]).toMatchObject({ FromUserName: 'sys' });
    expect(seen[2]).toMatchObject({ FromUserName: u2, FromUserTmpOpenId: j.json.tmp_openid });
    // Once ended, the admin can neither re-time nor cancel it.
    expect((await edit(corp, meetingid, { action: 'cancel' })).status).toBe(409);
    expect((await edit(corp, meetingid, { action: 'modify', meeting_duration: 600 })).status).toBe(409);
  });

  it('When the admin cancels a booked meeting, then cancel_meeting is sent once; a cancel through the API itself, bad edits and webinars send nothing', async () => {
    const corp = await target.newCorp();
    const app = corp.raw!.apps[0]!;
    const token = await getToken(base, corp.corpid, app.secret);
    const admin = corp.raw!.sample_userids![0]!;
    const now = Math.floor(Date.now() / 1000);
    const create = async () => (await call(base, 'meeting_create', { token, body: { admin_userid: admin, title: '会', meeting_start: now + 3600, meeting_duration: 600 } })).json!.meetingid!;
    const a = await create();
    const b = await create();
    expect((await edit(corp, a, { action: 'cancel' })).json.status).toBe(4);
    expect((await call(base, 'meeting_get_info', { token, body: { meetingid: a } })).json!.status).toBe(4);
    expect((await edit(corp, a, { action: 'cancel' })).status).toBe(409);
    expect((await call(base, 'meeting_cancel', { token, body: { meetingid: b } })).errcode).toBe(0);
    expect((await edit(corp, b, { action: 'modify', title: 'x' })).status).toBe(409);
    const c = await create();
    expect((await edit(corp, c, { action: 'rename' })).status).toBe(400);
    expect((await edit(corp, c, { action: 'modify', meeting_start: 100 })).status).toBe(400);
    expect((await edit(corp, c, { action: 'modify', title: ' ' })).status).toBe(400);
    expect((await edit(corp, 'nope', { action: 'cancel' })).status).toBe(404);
    const w = await call(base, 'meeting_webinar_create', { token, body: { admin_userid: admin, title: '研讨会', start_time: String(now + 60), end_time: String(now + 3600) } });
    expect(w.errcode, w.text).toBe(0);
    expect((await edit(corp, w.json!.meetingid!, { action: 'cancel' })).status).toBe(404);
    await advance(corp, 4300);
    const seen = await events(corp);
    expect(seen.filter((x) => x['MeetingId'] === a).map((x) => x['ChangeType'])).toEqual(['cancel_meeting']);
    expect(seen.filter((x) => x['MeetingId'] === b)).toEqual([]);
    expect(seen.filter((x) => x['MeetingId'] === c).map((x) => x['ChangeType'])).toEqual(['meeting_start', 'meeting_end']);
    expect(seen.filter((x) => x['MeetingId'] === w.json!.meetingid)).toEqual([]);
  });
});
