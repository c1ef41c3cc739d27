/**
 * 会议 callbacks received on the creating app's callback URL (decrypted by the harness, checked against
 * spec/webhooks/meeting): enrolments through the enrolment page (enroll, cancel_enroll), entering before the
 * host, the waiting room, meeting_statistics / start_meeting, and what attendees do in the client — sharing a
 * screen and controlling the cloud recording. Mock only (it drives the control plane).
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import type { TestCorp } from '../../harness/target.js';
import { areaToken, call, code, getToken } from '../../harness/client.js';
import { checkWebhookXml } from '../../harness/webhook-schemas.js';
import { appReceiver, drain, type AppReceiver } from '../callbacks/helpers.js';

const target = await suiteTarget();
const base = target.baseUrl;
const advance = (corp: TestCorp, s: number) => target.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: s });
const corpPath = (corp: TestCorp, meetingid: string, tail: string) => `/__mock/corps/${corp.corpid}/meetings/${meetingid}/${tail}`;

/**
 * A fresh corp whose first app (callable in 会议) has a receiver; `run` drives it and answers what the
 * assertions need; then every delivery is checked against its webhook schema and answered as JSON.
 */
async function received<T>(run: (corp: TestCorp, token: string, rx: AppReceiver) => Promise<T>): Promise<{ events: Record<string, unknown>[]; got: T }> {
  const corp = await target.newCorp();
  const rx = await appReceiver(target, corp);
  try {
    const got = await run(corp, await getToken(base, corp.corpid, corp.raw!.apps[0]!.secret), rx);
    await drain(target, corp.corpid);
    const checks = rx.receiver.plaintexts().map(checkWebhookXml);
    expect(checks.flatMap((c) => c.errors)).toEqual([]);
    return { events: checks.map((c) => c.json), got };
  } finally {
    await rx.receiver.close();
  }
}

const kinds = (xs: Record<string, unknown>[]) => xs.map((x) => x['ChangeType']);

/** A meeting of the corp's first member, booked to start in a minute and brought in progress on the mock clock. */
async function inProgress(corp: TestCorp, token: string, title: string, settings: object = {}): Promise<{ admin: string; meetingid: string }> {
  const admin = corp.raw!.sample_userids![0]!;
  const c = await call(base, 'meeting_create', { token, body: { admin_userid: admin, title, meeting_start: Math.floor(Date.now() / 1000) + 60, meeting_duration: 3600, settings } });
  expect(c.errcode, c.text).toBe(0);
  await advance(corp, 120);
  return { admin, meetingid: c.json!.meetingid! };
}

describe.skipIf(!target.isMock)('会议 (meeting): callbacks on the app\'s URL', () => {
  it('When people enrol through the page and withdraw, then the app hears enroll and cancel_enroll with the EnrollId; the app\'s own import and delete stay silent', async () => {
    const { events, got } = await received(async (corp, token) => {
      const [admin, u2] = corp.raw!.sample_userids! as [string, string];
      const now = Math.floor(Date.now() / 1000);
      const enrol = (id: string, body: object) => target.admin<{ enroll_id: string; status: number; tmp_openid: string }>('POST', corpPath(corp, id, 'enrolments'), body);
      const plain = await call(base, 'meeting_create', { token, body: { admin_userid: admin, title: '不报名', meeting_start: now + 3600, meeting_duration: 1800 } });
      expect((await enrol(plain.json!.meetingid!, { userid: u2 })).status).toBe(409);
      const c = await call(base, 'meeting_create', { token, body: { admin_userid: admin, title: '报名会', meeting_start: now + 3600, meeting_duration: 1800, settings: { enable_enroll: true } } });
      expect(c.errcode, c.text).toBe(0);
      const meetingid = c.json!.meetingid!;
      // approve_type 1 自动审批 (the default): approved at once.
      const a = await enrol(meetingid, { userid: u2 });
      expect(a.status, JSON.stringify(a.json)).toBe(201);
      expect(a.json.status).toBe(3);
      expect((await enrol(meetingid, { userid: u2 })).status).toBe(409);
      expect((await enrol(meetingid, { userid: 'nobody-here' })).status).toBe(400);
      expect((await enrol(meetingid, {})).status).toBe(400);
      // approve_type 2 手动审批: a guest waits for approval.
      expect((await call(base, 'meeting_enroll_set_config', { token, body: { meetingid, approve_type: 2 } })).errcode).toBe(0);
      const g = await enrol(meetingid, { phone_number: '13900000001', nick_name: '访客' });
      expect(g.json.status).toBe(1);
      const pending = await call(base, 'meeting_enroll_list', { token, body: { meetingid, status: 1 } });
      expect(pending.json!.enroll_list!.map((e) => [e.enroll_id, e.nick_name, e.enroll_source_type])).toEqual([[g.json.enroll_id, '访客', 1]]);
      // The app itself importing or deleting is not a user enrolling: nothing is sent.
      const imp = await call(base, 'meeting_enroll_import', { token, body: { meetingid, enroll_list: [{ userid: admin }] } });
      expect(imp.errcode, imp.text).toBe(0);
      expect((await call(base, 'meeting_enroll_delete', { token, body: { meetingid, enroll_id_list: [{ enroll_id: imp.json!.enroll_list![0]!.enroll_id! }] } })).errcode).toBe(0);
      // The member withdraws.
      const del = await target.admin('DELETE', corpPath(corp, meetingid, `enrolments/${a.json.enroll_id}`));
      expect(del.status).toBe(200);
      expect((await target.admin('DELETE', corpPath(corp, meetingid, `enrolments/${a.json.enroll_id}`))).status).toBe(404);
      const left = await call(base, 'meeting_enroll_list', { token, body: { meetingid } });
      expect(left.json!.enroll_list!.map((e) => e.enroll_id)).toEqual([g.json.enroll_id]);
      // Webinars enrol too (doc path/98781: 会议或网络研讨会).
      const w = await call(base, 'meeting_webinar_create', { token, body: { admin_userid: admin, title: '研讨会', start_time: String(now + 3600), end_time: String(now + 7200) } });
      const webinarid = w.json!.meetingid!;
      const wa = await enrol(webinarid, { userid: u2 });
      expect(wa.status).toBe(201);
      return { u2, agentid: corp.raw!.apps[0]!.agentid, meetingid, webinarid, member: a.json, guest: g.json, webinar: wa.json };
    });
    const { u2, agentid, meetingid, webinarid, member, guest, webinar } = got;
    expect(kinds(events)).toEqual(['enroll', 'enroll', 'cancel_enroll', 'enroll']);
    expect(events[0]).toMatchObject({ Event: 'meeting_change', FromUserName: u2, FromUserTmpOpenId: member.tmp_openid, MeetingId: meetingid, EnrollId: member.enroll_id, AgentID: agentid });
    expect(events[1]).toMatchObject({ FromUserName: '', FromUserTmpOpenId: guest.tmp_openid, MeetingId: meetingid, EnrollId: guest.enroll_id });
    expect(events[2]).toMatchObject({ FromUserName: u2, FromUserTmpOpenId: member.tmp_openid, MeetingId: meetingid, EnrollId: member.enroll_id });
    expect(events[3]).toMatchObject({ FromUserName: u2, MeetingId: webinarid, EnrollId: webinar.enroll_id });
  });

  it('When a webinar gets a warm-up picture or video, then its app hears webinar_warm_up_upload from sys with WarmUpInfo; other warm-up settings alone send nothing', async () => {
    const { events, got } = await received(async (corp, token) => {
      const admin = corp.raw!.sample_userids![0]!;
      const now = Math.floor(Date.now() / 1000);
      const w = await call(base, 'meeting_webinar_create', { token, body: { admin_userid: admin, title: '暖场', start_time: String(now + 3600), end_time: String(now + 7200) } });
      expect(w.errcode, w.text).toBe(0);
      const meetingid = w.json!.meetingid!;
      const warm = (body: object) => call(base, 'meeting_webinar_update_warm_up', { token, body: { meetingid, ...body } });
      expect((await warm({ allow_attendees_invite_others: true })).errcode).toBe(0);
      expect((await warm({ warm_up_picture: 'https://img.example.test/warm.png' })).errcode).toBe(0);
      expect((await warm({ warm_up_video: 'https://img.example.test/warm.mp4' })).errcode).toBe(0);
      return { meetingid, agentid: corp.raw!.apps[0]!.agentid };
    });
    expect(kinds(events)).toEqual(['webinar_warm_up_upload', 'webinar_warm_up_upload']);
    expect(events[0]).toMatchObject({ Event: 'meeting_change', FromUserName: 'sys', MeetingId: got.meetingid, AgentID: got.agentid, WarmUpInfo: { WarmUpPicture: 'https://img.example.test/warm.png', WarmUpVideo: '', UploadStatus: 1 } });
    // The second upload reports the webinar's warm-up as it now is: the picture stays.
    expect(events[1]!['WarmUpInfo']).toEqual({ WarmUpPicture: 'https://img.example.test/warm.png', WarmUpVideo: 'https://img.example.test/warm.mp4', UploadStatus: 1 });
  });

  it('When a webinar attendee is made and unmade a cohost, then its app hears webinar_role_change (not role_change) from sys with the new UserRole', async () => {
    const { events, got } = await received(async (corp, token) => {
      const [admin, u2] = corp.raw!.sample_userids! as [string, string];
      const now = Math.floor(Date.now() / 1000);
      const w = await call(base, 'meeting_webinar_create', { token, body: { admin_userid: admin, title: '角色', start_time: String(now + 60), end_time: String(now + 3600) } });
      expect(w.errcode, w.text).toBe(0);
      const meetingid = w.json!.meetingid!;
      await advance(corp, 120);
      const j = await target.admin<{ tmp_openid: string }>('POST', corpPath(corp, meetingid, 'attendees'), { userid: u2 });
      expect(j.status, JSON.stringify(j.json)).toBe(201);
      const cohost = (action: boolean) => call(base, 'meeting_realcontrol_set_cohost', { token, body: { meetingid, action, operated_user: { tmp_openid: j.json.tmp_openid } } });
      expect((await cohost(true)).errcode).toBe(0);
      expect((await cohost(true)).errcode).toBe(0); // no change, no event
      expect((await cohost(false)).errcode).toBe(0);
      return { meetingid, u2, tmp: j.json.tmp_openid };
    });
    expect(kinds(events)).toEqual(['webinar_role_change', 'webinar_role_change']);
    expect(events[0]).toMatchObject({ Event: 'meeting_change', FromUserName: 'sys', MeetingId: got.meetingid, OperatedUser: { UserId: got.u2, TmpOpenId: got.tmp, UserRole: 6 } });
    expect(events[1]).toMatchObject({ OperatedUser: { UserRole: 0 } });
  });

  it('When members enter a meeting, then the first one in starts it (meeting_statistics / start_meeting to the app), and entering while no host is in sends join_meeting_before_host unless the meeting forbids it', async () => {
    const { events, got } = await received(async (corp, token) => {
      const [admin, u2, u3] = corp.raw!.sample_userids! as [string, string, string];
      const now = Math.floor(Date.now() / 1000);
      const create = async (settings: object) => (await call(base, 'meeting_create', { token, body: { admin_userid: admin, title: '晨会', meeting_start: now + 60, meeting_duration: 3600, settings } })).json!.meetingid!;
      const open = await create({});
      const strict = await create({ allow_enter_before_host: false });
      const guestFirst = await create({});
      await advance(corp, 120);
      const join = async (id: string, who: object) => {
        const r = await target.admin<{ tmp_openid: string }>('POST', corpPath(corp, id, 'attendees'), who);
        expect(r.status, JSON.stringify(r.json)).toBe(201);
        return r.json.tmp_openid;
      };
      const u2tmp = await join(open, { userid: u2 });
      await join(open, { userid: admin });
      await join(open, { userid: u3 });
      await join(strict, { userid: u2 });
      await join(guestFirst, { nickname: '外部嘉宾' });
      // statistics/get_start_list (doc path/99651) lists the same starts: type 1 发起成功; 2 发起失败 has none here.
      const starts = (type: number) => call(base, 'meeting_statistics_get_start_list', { token, body: { type, begin_time: now, end_time: now + 86_400 } });
      const ok = await starts(1);
      expect(ok.json!.meeting_list!.map((r) => r.userid).sort()).toEqual([admin, u2, u2].sort());
      expect(ok.json!.meeting_list!.every((r) => r.start_time! >= now + 120)).toBe(true);
      expect((await starts(2)).json!.meeting_list).toEqual([]);
      expect((await starts(3)).errcode).toBe(code('INVALID_PARAMETER'));
      return { admin, u2, u3, u2tmp, open, strict, guestFirst, agentid: corp.raw!.apps[0]!.agentid };
    });
    const { admin, u2, u3, u2tmp, open, strict, guestFirst, agentid } = got;
    // meeting_statistics has no MeetingId (doc path/99648): its place in the order tells which meeting it started.
    const order = events.map((e) => (e['Event'] === 'meeting_statistics' ? `start_meeting:${String(e['FromUserName'])}` : `${String(e['ChangeType'])}:${String(e['MeetingId'])}`));
    expect(order).toEqual([
      `meeting_start:${open}`, `meeting_start:${strict}`, `meeting_start:${guestFirst}`,
      `start_meeting:${u2}`, `join_meeting:${open}`, `join_meeting_before_host:${open}`,
      `join_meeting:${open}`,
      `join_meeting:${open}`,
      `start_meeting:${u2}`, `join_meeting:${strict}`,
      `start_meeting:${admin}`, `join_meeting:${guestFirst}`, `join_meeting_before_host:${guestFirst}`,
    ]);
    const started = events.filter((e) => e['Event'] === 'meeting_statistics');
    for (const e of started) expect(e).toMatchObject({ ChangeType: 'start_meeting', Status: 1, AgentID: agentid });
    expect(started.every((e) => e['MeetingId'] === undefined)).toBe(true);
    expect(events.find((e) => e['ChangeType'] === 'join_meeting_before_host')).toMatchObject({ FromUserName: u2, FromUserTmpOpenId: u2tmp, MeetingId: open, AgentID: agentid });
    expect(events.filter((e) => e['ChangeType'] === 'join_meeting' && e['MeetingId'] === open).map((e) => e['FromUserName'])).toEqual([u2, admin, u3]);
  });

  it('When the waiting room is on, then going in, being let in, moved back, removed and leaving are each reported with the attendee as OperatedUser', async () => {
    const { events, got } = await received(async (corp, token) => {
      const [, u2, u3] = corp.raw!.sample_userids! as [string, string, string];
      const { admin, meetingid } = await inProgress(corp, token, '等候室', { enable_waiting_room: true, allow_enter_before_host: false });
      const join = async (who: object) => (await target.admin<{ tmp_openid: string; waiting: boolean }>('POST', corpPath(corp, meetingid, 'attendees'), who)).json;
      expect((await join({ userid: admin })).waiting).toBe(false);
      const w2 = await join({ userid: u2 });
      expect(w2.waiting).toBe(true);
      const manage = (operate_type: number, tmp_openid: string) => call(base, 'meeting_realcontrol_manage_waiting_room_users', { token, body: { meetingid, operate_type, operated_users: [{ tmp_openid, instance_id: 1 }] } });
      // 2 moves someone in the meeting into the waiting room; 1 lets a waiting one in — each refuses the other place (40058).
      expect((await manage(2, w2.tmp_openid)).errcode).toBe(code('INVALID_PARAMETER'));
      expect((await manage(1, w2.tmp_openid)).errcode).toBe(0);
      expect((await manage(1, w2.tmp_openid)).errcode).toBe(code('INVALID_PARAMETER'));
      expect((await manage(2, w2.tmp_openid)).errcode).toBe(0);
      expect((await manage(3, w2.tmp_openid)).errcode).toBe(0);
      const w3 = await join({ userid: u3 });
      expect((await target.admin('DELETE', corpPath(corp, meetingid, `attendees/${w3.tmp_openid}`))).status).toBe(200);
      return { u2, u3, meetingid, t2: w2.tmp_openid, t3: w3.tmp_openid };
    });
    const { u2, u3, meetingid, t2, t3 } = got;
    const changes = events.filter((e) => e['Event'] === 'meeting_change');
    expect(kinds(changes)).toEqual([
      'meeting_start', 'join_meeting', // the admin, who skips the waiting room
      'join_waiting_room', 'join_from_meeting_room', 'join_meeting', 'quit_meeting', 'move_to_waiting_room', 'quit_waiting_room',
      'join_waiting_room', 'quit_waiting_room',
    ]);
    for (const e of changes) expect(e['MeetingId']).toBe(meetingid);
    const operated = { OperatedUser: { UserId: u2, TmpOpenId: t2 } };
    expect(changes[2]).toMatchObject({ FromUserName: u2, FromUserTmpOpenId: t2 });
    // The host acting is the API here: FromUserName sys, no FromUserTmpOpenId.
    for (const i of [3, 6, 7]) {
      expect(changes[i]).toMatchObject({ FromUserName: 'sys', ...operated });
      expect(changes[i]!['FromUserTmpOpenId']).toBeUndefined();
    }
    expect(changes[9]).toMatchObject({ FromUserName: u3, FromUserTmpOpenId: t3, OperatedUser: { UserId: u3, TmpOpenId: t3 } });
  });

  it('When the API mutes all and lifts it, calls a phone out, and the meeting ends with a cloud record that is then deleted, then the app hears each with FromUserName sys', async () => {
    const { events, got } = await received(async (corp, token) => {
      const { admin, meetingid } = await inProgress(corp, token, '录制');
      expect((await target.admin('POST', corpPath(corp, meetingid, 'attendees'), { userid: admin })).status).toBe(201);
      const set = (mute_all: boolean) => call(base, 'meeting_realcontrol_set', { token, body: { meetingid, mute_all } });
      expect((await set(true)).errcode).toBe(0);
      expect((await set(false)).errcode).toBe(0);
      expect((await set(false)).errcode).toBe(0);
      const out = await call(base, 'meeting_phone_callout', { token, body: { meetingid, phone_numbers: [{ area: 86, phone: '13800000001' }] } });
      expect(out.errcode, out.text).toBe(0);
      await advance(corp, 11);
      expect((await call(base, 'meeting_realcontrol_dismiss', { token, body: { meetingid } })).errcode).toBe(0);
      const files = await call(base, 'meeting_record_get_file_list', { token, body: { meetingid } });
      const record_file_id = files.json!.record_files![0]!.record_file_id!;
      expect((await call(base, 'meeting_record_delete_file', { token, body: { meetingid, record_file_id } })).errcode).toBe(0);
      return { meetingid };
    });
    const changes = events.filter((e) => e['Event'] === 'meeting_change');
    const sys = changes.filter((e) => e['FromUserName'] === 'sys');
    expect(kinds(sys)).toEqual([
      'meeting_start', 'meeting_mute_all', 'meeting_unmute_all', 'meeting_unmute_all',
      'pstn_status_update', 'pstn_status_update', 'meeting_end', 'recording_complete', 'delete_recording',
    ]);
    for (const e of sys) {
      expect(e['MeetingId']).toBe(got.meetingid);
      expect(e['FromUserTmpOpenId']).toBeUndefined();
    }
    expect(sys.filter((e) => e['ChangeType'] === 'pstn_status_update').map((e) => e['PstnStatus'])).toEqual(['START_INVITE', 'START_ACCEPT']);
    // The answered phone is an outside attendee: it joins (FromUserName empty) after START_ACCEPT.
    const i = changes.findIndex((e) => e['PstnStatus'] === 'START_ACCEPT');
    expect(changes[i + 1]).toMatchObject({ ChangeType: 'join_meeting', FromUserName: '' });
  });

  it('When a Rooms device is called and answers, and an MRA device\'s call is cancelled, then the app hears meeting_room_response with the device and 2 入会中 / 5 取消呼叫', async () => {
    const { events, got } = await received(async (corp, token) => {
      const { meetingid } = await inProgress(corp, token, '会议室');
      const meeting_room_id = (await call(base, 'meeting_rooms_list', { token, body: {} })).json!.meeting_room_list![0]!.meeting_room_id!;
      const status = async (body: object) => (await call(base, 'meeting_rooms_get_response_status', { token, body: { meetingid, ...body } })).json!.status;
      expect((await call(base, 'meeting_rooms_call', { token, body: { meetingid, meeting_room_id } })).errcode).toBe(0);
      expect(await status({ meeting_room_id })).toBe(4); // 呼叫中
      const mra_address = { protocol: 2, dial_string: '10.0.0.8' };
      const mra = await call(base, 'meeting_rooms_call', { token, body: { meetingid, mra_address } });
      expect((await call(base, 'meeting_rooms_cancel_call', { token, body: { meetingid, mra_address, invite_id: mra.json!.invite_id! } })).errcode).toBe(0);
      expect(await status({ mra_address })).toBe(5);
      await advance(corp, 6);
      expect(await status({ meeting_room_id })).toBe(2);
      expect(await status({ mra_address })).toBe(5);
      return { meetingid, meeting_room_id };
    });
    const answers = events.filter((e) => e['ChangeType'] === 'meeting_room_response');
    expect(answers).toEqual([
      expect.objectContaining({ FromUserName: 'sys', MeetingId: got.meetingid, MraAddress: { Protocol: 2, DialString: '10.0.0.8' }, RoomResponseStatus: 5 }),
      expect.objectContaining({ FromUserName: 'sys', MeetingId: got.meetingid, MeetingRoomId: got.meeting_room_id, RoomResponseStatus: 2 }),
    ]);
    expect(answers[1]!['MraAddress']).toBeUndefined();
  });

  it('When the member who starts a meeting is outside the app\'s visible range, then the app hears no start_meeting and its get_start_list leaves that start out, while the 会议 secret sees every start', async () => {
    const { events, got } = await received(async (corp, token) => {
      const [, u2] = corp.raw!.sample_userids! as [string, string];
      const app = corp.raw!.apps[0]!;
      const first = corp.raw!.sample_userids![0]!;
      const other = (await call(base, 'meeting_create', { token, body: { admin_userid: first, title: '另一个', meeting_start: Math.floor(Date.now() / 1000) + 60, meeting_duration: 3600 } })).json!.meetingid!;
      const { admin, meetingid } = await inProgress(corp, token, '可见范围'); // both in progress now
      const narrowed = await target.admin('PATCH', `/__mock/corps/${corp.corpid}/apps/${app.agentid}`, { allow_party: [], allow_user: [admin] });
      expect(narrowed.status, JSON.stringify(narrowed.json)).toBe(200);
      expect((await target.admin('POST', corpPath(corp, meetingid, 'attendees'), { userid: u2 })).status).toBe(201);
      expect((await target.admin('POST', corpPath(corp, other, 'attendees'), { userid: admin })).status).toBe(201);
      const now = Math.floor(Date.now() / 1000);
      const body = { type: 1, begin_time: now, end_time: now + 86_400 };
      const byApp = await call(base, 'meeting_statistics_get_start_list', { token, body });
      const bySecret = await call(base, 'meeting_statistics_get_start_list', { token: await areaToken(base, corp, 'meeting'), body });
      return { admin, u2, byApp: byApp.json!.meeting_list!.map((r) => r.userid), bySecret: bySecret.json!.meeting_list!.map((r) => r.userid).sort() };
    });
    expect(events.filter((e) => e['Event'] === 'meeting_statistics').map((e) => e['FromUserName'])).toEqual([got.admin]);
    expect(got.byApp).toEqual([got.admin]);
    expect(got.bySecret).toEqual([got.admin, got.u2].sort());
  });

  it('When attendees share screens and hosts control the recording in the client, then the app hears each kind from its actor, the meeting\'s end closes the share and stops the recording from sys, and wrong states, non-hosts and absent attendees are refused', async () => {
    const { events, got } = await received(async (corp, token) => {
      const [, u2, u3] = corp.raw!.sample_userids! as [string, string, string];
      const { admin, meetingid } = await inProgress(corp, token, '共享与录制');
      const join = async (id: string, who: object) => {
        const r = await target.admin<{ tmp_openid: string; waiting: boolean }>('POST', corpPath(corp, id, 'attendees'), who);
        expect(r.status, JSON.stringify(r.json)).toBe(201);
        return r.json;
      };
      const act = (tmp: string, action: string, id = meetingid) =>
        target.admin<{ error?: { code: string; message: string }; sharer: string | null; recording: string }>('POST', corpPath(corp, id, `attendees/${tmp}/actions`), { action });
      const refused = async (tmp: string, action: string, status: number, error: string, id = meetingid) => {
        const r = await act(tmp, action, id);
        expect([r.status, r.json.error?.code], `${action} by ${tmp}: ${JSON.stringify(r.json)}`).toEqual([status, error]);
        return r.json.error?.message ?? '';
      };
      const done = async (tmp: string, action: string) => {
        const r = await act(tmp, action);
        expect(r.status, `${action} by ${tmp}: ${JSON.stringify(r.json)}`).toBe(200);
        return r.json;
      };
      const ta = (await join(meetingid, { userid: admin })).tmp_openid;
      const t2 = (await join(meetingid, { userid: u2 })).tmp_openid;
      const tg = (await join(meetingid, { nickname: '外部嘉宾' })).tmp_openid;
      await refused(t2, 'dance', 400, 'bad_body'); // the route's schema lists the actions
      await refused('tmp_nobody', 'share_screen', 404, 'not_in_meeting');
      // One screen at a time; only the sharer stops it.
      expect((await done(t2, 'share_screen')).sharer).toBe(t2);
      const rt = await call(base, 'meeting_get_realtime_attendee_list', { token, body: { meetingid } });
      expect(rt.json!.attendees!.map((x) => [x.tmp_openid, x.screen_shared_state])).toEqual([[ta, false], [t2, true], [tg, false]]);
      expect(await refused(tg, 'share_screen', 409, 'screen_shared')).toContain(u2);
      await refused(t2, 'share_screen', 409, 'screen_shared');
      expect(await refused(ta, 'stop_sharing', 409, 'not_sharing')).toContain(u2);
      expect((await done(t2, 'stop_sharing')).sharer).toBeNull();
      await refused(t2, 'stop_sharing', 409, 'not_sharing');
      await done(tg, 'share_screen');
      // Recording: only a host or a cohost, off → on ⇄ paused → off.
      await refused(t2, 'start_recording', 403, 'not_host');
      await refused(tg, 'start_recording', 403, 'not_host');
      expect(await refused(ta, 'pause_recording', 409, 'recording_state')).toContain('off');
      expect((await done(ta, 'start_recording')).recording).toBe('on');
      expect(await refused(ta, 'start_recording', 409, 'recording_state')).toContain('on');
      await refused(ta, 'resume_recording', 409, 'recording_state');
      expect((await call(base, 'meeting_realcontrol_set_cohost', { token, body: { meetingid, operated_user: { tmp_openid: t2 }, action: true } })).errcode).toBe(0);
      expect((await done(t2, 'pause_recording')).recording).toBe('paused');
      expect(await refused(t2, 'pause_recording', 409, 'recording_state')).toContain('paused');
      expect((await done(ta, 'resume_recording')).recording).toBe('on');
      expect((await done(t2, 'stop_recording')).recording).toBe('off');
      await refused(ta, 'stop_recording', 409, 'recording_state');
      await done(ta, 'start_recording');
      await done(t2, 'pause_recording');
      // The sharer leaving closes the share first; then it is an absent attendee.
      expect((await target.admin('DELETE', corpPath(corp, meetingid, `attendees/${tg}`))).status).toBe(200);
      await refused(tg, 'share_screen', 404, 'not_in_meeting');
      // The host closes a share through the API (realcontrol/close_screen_share): from sys.
      await done(t2, 'share_screen');
      expect((await call(base, 'meeting_realcontrol_close_screen_share', { token, body: { meetingid, operated_user: { tmp_openid: t2 } } })).errcode).toBe(0);
      expect((await done(t2, 'share_screen')).sharer).toBe(t2);
      // Someone in the waiting room is not in the meeting.
      const wr = await inProgress(corp, token, '等候室', { enable_waiting_room: true });
      const w3 = await join(wr.meetingid, { userid: u3 });
      expect(w3.waiting).toBe(true);
      await refused(w3.tmp_openid, 'share_screen', 409, 'in_waiting_room', wr.meetingid);
      // The meeting ends with u2 sharing and the recording paused.
      expect((await call(base, 'meeting_realcontrol_dismiss', { token, body: { meetingid } })).errcode).toBe(0);
      await refused(t2, 'share_screen', 409, 'not_in_progress');
      const later = await call(base, 'meeting_create', { token, body: { admin_userid: admin, title: '未开始', meeting_start: Math.floor(Date.now() / 1000) + 86_400, meeting_duration: 600 } });
      await refused(ta, 'start_recording', 409, 'not_in_progress', later.json!.meetingid!);
      return { admin, u2, meetingid, ta, t2, tg, agentid: corp.raw!.apps[0]!.agentid };
    });
    const { admin, u2, meetingid, ta, t2, tg, agentid } = got;
    const changes = events.filter((e) => e['Event'] === 'meeting_change' && e['MeetingId'] === meetingid);
    const flat = ['open_screen_share', 'close_screen_share', 'start_recording', 'pause_recording', 'resume_recording', 'stop_recording'];
    const seen = changes.filter((e) => flat.includes(e['ChangeType'] as string) || e['ChangeType'] === 'quit_meeting' || e['ChangeType'] === 'meeting_end' || e['ChangeType'] === 'recording_complete');
    const who = (e: Record<string, unknown>) => `${String(e['ChangeType'])}:${e['FromUserName'] === 'sys' ? 'sys' : String(e['FromUserTmpOpenId'])}`;
    expect(seen.map(who)).toEqual([
      `open_screen_share:${t2}`, `close_screen_share:${t2}`, `open_screen_share:${tg}`,
      `start_recording:${ta}`, `pause_recording:${t2}`, `resume_recording:${ta}`, `stop_recording:${t2}`,
      `start_recording:${ta}`, `pause_recording:${t2}`,
      `close_screen_share:${tg}`, `quit_meeting:${tg}`,
      `open_screen_share:${t2}`, 'close_screen_share:sys', `open_screen_share:${t2}`,
      'close_screen_share:sys', 'stop_recording:sys', `quit_meeting:${ta}`, `quit_meeting:${t2}`, 'meeting_end:sys', 'recording_complete:sys',
    ]);
    // The flat elements only (the schema check above refuses anything else): the actor and its tmp_openid.
    for (const e of seen.filter((x) => flat.includes(x['ChangeType'] as string))) {
      expect(Object.keys(e).sort()).toEqual(
        ['AgentID', 'ChangeType', 'CreateTime', 'Event', 'FromUserName', 'MeetingId', 'MsgType', 'ToUserName', ...(e['FromUserName'] === 'sys' ? [] : ['FromUserTmpOpenId'])].sort(),
      );
      expect(e).toMatchObject({ MsgType: 'event', Event: 'meeting_change', MeetingId: meetingid, AgentID: agentid });
    }
    expect(seen[0]).toMatchObject({ FromUserName: u2, FromUserTmpOpenId: t2 });
    expect(seen[2]).toMatchObject({ FromUserName: '', FromUserTmpOpenId: tg });
    expect(seen[3]).toMatchObject({ FromUserName: admin, FromUserTmpOpenId: ta });
  });
});
