import { describe, expect, it } from 'vitest';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { areaToken, call, code } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;
const tokenOf = async (corp: TestCorp) => areaToken(base, corp, 'meeting');
const advance = (corp: TestCorp, s: number) => target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: s });
const join = (corp: TestCorp, meetingid: string, who: object) => target.admin<{ tmp_openid: string; waiting: boolean }>('POST', `/__mock/corps/${corp.corpid}/meetings/${meetingid}/attendees`, who);

/** A meeting that is in progress, with its admin and a second member. */
async function running(corp: TestCorp, token: string, settings: object = {}) {
  const [admin, u2] = corp.raw!.sample_userids! as [string, string];
  const c = await call(base, 'meeting_create', { token, body: { admin_userid: admin, title: '进行中的会', meeting_start: Math.floor(Date.now() / 1000) + 60, meeting_duration: 3600, invitees: { userid: [admin, u2] }, settings } });
  await advance(corp, 120);
  return { meetingid: c.json!.meetingid!, admin, u2 };
}

describe.skipIf(!target.isMock)('会议 (meeting): control, rooms, polls, webinars, enrolment, layouts', () => {
  it('When the waiting room is on, then a joiner waits until let in, and mute and kick-out act on the live attendee list', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const { meetingid, u2 } = await running(corp, token, { enable_waiting_room: true });
    const j = await join(corp, meetingid, { userid: u2 });
    expect(j.json.waiting).toBe(true);
    const waiting = await call(base, 'meeting_waitingroom_get_current_user_list', { token, body: { meetingid } });
    expect(waiting.json!.user_list!.map((u) => u.userid)).toEqual([u2]);
    const tmp_openid = j.json.tmp_openid;
    expect((await call(base, 'meeting_realcontrol_manage_waiting_room_users', { token, body: { meetingid, operate_type: 1, operated_users: [{ tmp_openid, instance_id: 1 }] } })).errcode).toBe(0);
    expect((await call(base, 'meeting_realcontrol_mute_user', { token, body: { meetingid, option: true, operated_user: [{ tmp_openid, instance_id: 1 }] } })).errcode).toBe(0);
    const rt = await call(base, 'meeting_get_realtime_attendee_list', { token, body: { meetingid } });
    expect(rt.json!.attendees).toEqual([expect.objectContaining({ userid: u2, audio_state: false })]);
    expect((await call(base, 'meeting_realcontrol_kickout_users', { token, body: { meetingid, operated_users: [{ tmp_openid, instance_id: 1 }] } })).errcode).toBe(0);
    expect((await call(base, 'meeting_get_realtime_attendee_list', { token, body: { meetingid } })).json!.attendees).toEqual([]);
    expect((await call(base, 'meeting_realcontrol_mute_user', { token, body: { meetingid, option: true, operated_user: [{ tmp_openid: 'nobody', instance_id: 1 }] } })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await call(base, 'meeting_realcontrol_dismiss', { token, body: { meetingid } })).errcode).toBe(0);
    expect((await call(base, 'meeting_get_info', { token, body: { meetingid } })).json!.status).toBe(3);
  });

  it('When a phone is called out, then it rings, answers after 10 s of mock time and is in the meeting', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const { meetingid } = await running(corp, token);
    const c = await call(base, 'meeting_phone_callout', { token, body: { meetingid, phone_numbers: [{ area: 86, phone: '13800000000' }, { area: 86, phone: 'x' }] } });
    expect(c.json!.phone_numbers![0]!.status).toBe('CALLING');
    expect(c.json!.invalid_phone_numbers!.length).toBe(1);
    await advance(corp, 11);
    const st = await call(base, 'meeting_phone_get_callout_status', { token, body: { meetingid } });
    expect(st.json!.phone_numbers![0]!.status).toBe('ANSWERED');
    const rt = await call(base, 'meeting_get_realtime_attendee_list', { token, body: { meetingid } });
    expect(rt.json!.attendees!.map((a) => a.tmp_openid)).toContain(st.json!.phone_numbers![0]!.tmp_openid);
  });

  it('When a poll runs among the attendees, then its detail counts their votes, and unknown themes answer 40058', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const { meetingid, u2 } = await running(corp, token);
    await join(corp, meetingid, { userid: u2 });
    const t = await call(base, 'meeting_poll_create_theme', { token, body: { meetingid, poll_topic: '午饭', is_anony: 0, poll_questions: [{ question_desc: '吃什么', question_type: 1, poll_option: ['面', '饭'] }] } });
    const poll_theme_id = t.json!.poll_theme_id!;
    const p = await call(base, 'meeting_poll_start', { token, body: { meetingid, poll_theme_id } });
    const d = await call(base, 'meeting_poll_get_poll_detail', { token, body: { meetingid, poll_id: p.json!.poll_id! } });
    expect(d.json!.vote_total_num).toBe(1);
    expect(d.json!.poll_question_data![0]!.option_info![0]!.option_user![0]!.userid).toBe(u2);
    const list = await call(base, 'meeting_poll_get_poll_list', { token, body: { meetingid } });
    expect(list.json!.polls_theme_info![0]!.poll_theme_id).toBe(poll_theme_id);
    expect((await call(base, 'meeting_poll_get_theme_info', { token, body: { meetingid, poll_theme_id: 'nope' } })).errcode).toBe(code('INVALID_PARAMETER'));
  });

  it('When a Rooms device is booked into a meeting, then it lists that meeting and shows in use while it runs', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const rooms = await call(base, 'meeting_rooms_list', { token, body: {} });
    expect(rooms.json!.meeting_room_list!.length).toBe(3);
    const meeting_room_id = rooms.json!.meeting_room_list![0]!.meeting_room_id!;
    const { meetingid } = await running(corp, token);
    expect((await call(base, 'meeting_rooms_book', { token, body: { meetingid, meeting_room_id_list: [meeting_room_id] } })).errcode).toBe(0);
    const lm = await call(base, 'meeting_rooms_list_meetings', { token, body: { meeting_room_id } });
    expect(lm.json!.meeting_info_list!.map((m) => m.meetingid)).toEqual([meetingid]);
    const info = await call(base, 'meeting_rooms_get_info', { token, body: { meeting_room_id } });
    expect(info.json!.hardware_info!.meeting_room_status).toBe(1);
    expect((await call(base, 'meeting_rooms_get_info', { token, body: { meeting_room_id: 'nope' } })).errcode).toBe(code('INVALID_PARAMETER'));
  });

  it('When a webinar is created and people enrol, then approvals change their status and unknown enrolments answer 730006', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const [admin, u2] = corp.raw!.sample_userids! as [string, string];
    const now = Math.floor(Date.now() / 1000);
    const w = await call(base, 'meeting_webinar_create', { token, body: { admin_userid: admin, title: '发布会', start_time: String(now + 3600), end_time: String(now + 7200) } });
    expect(w.errcode).toBe(0);
    const meetingid = w.json!.meetingid!;
    expect((await call(base, 'meeting_webinar_get', { token, body: { meetingid } })).json!.title).toBe('发布会');
    const imp = await call(base, 'meeting_webinar_enroll_import', { token, body: { meetingid, enroll_list: [{ userid: u2 }, { area: '86', phone_number: '13900000000', nick_name: '客人' }] } });
    expect(imp.json!.total_count).toBe(2);
    const id = imp.json!.enroll_list![1]!.enroll_id!;
    expect((await call(base, 'meeting_webinar_enroll_approve', { token, body: { meetingid, action: 2, enroll_id_list: [id] } })).json!.handled_count).toBe(1);
    const refused = await call(base, 'meeting_webinar_enroll_list', { token, body: { meetingid, status: 2 } });
    expect(refused.json!.enroll_list!.map((e) => e.enroll_id)).toEqual([id]);
    expect((await call(base, 'meeting_webinar_enroll_delete', { token, body: { meetingid, enroll_id_list: [{ enroll_id: 'nope' }] } })).errcode).toBe(code('MEETING_INVALID_ENROLL_ID'));
    expect((await call(base, 'meeting_webinar_cancel', { token, body: { meetingid } })).errcode).toBe(0);
    expect((await call(base, 'meeting_webinar_get', { token, body: { meetingid } })).errcode).toBe(0);
  });

  it('When layouts and backgrounds are added, then the lists list them, the default follows, and deleting removes them', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const { meetingid } = await running(corp, token);
    const tpl = await call(base, 'meeting_layout_list_template', { token });
    const layout_template_id = tpl.json!.layout_template_list![0]!.layout_template_id!;
    const add = await call(base, 'meeting_layout_add', { token, body: { meetingid, default_layout_order: 1, layout_list: [{ page_list: [{ layout_template_id, user_seat_list: [] }] }] } });
    expect(add.json!.selected_layout_id).toBe(add.json!.layout_list![0]!.layout_id);
    const md5 = '0123456789abcdef0123456789abcdef';
    const bg = await call(base, 'meeting_layout_add_background', { token, body: { meetingid, image_list: [{ image_url: 'https://example.invalid/a.png', image_md5: md5 }] } });
    const background_id = bg.json!.background_list![0]!.background_id!;
    expect((await call(base, 'meeting_layout_delete_background', { token, body: { meetingid, background_id } })).errcode).toBe(0);
    expect((await call(base, 'meeting_layout_list_background', { token, body: { meetingid } })).json!.background_list).toEqual([]);
    expect((await call(base, 'meeting_layout_set_default', { token, body: { meetingid, selected_layout_id: 'nope' } })).errcode).toBe(code('INVALID_PARAMETER'));
  });
});
