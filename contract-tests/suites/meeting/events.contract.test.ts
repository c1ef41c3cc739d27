/**
 * 会议 callbacks received on the creating app's callback URL (decrypted by the harness, checked against
 * spec/webhooks/meeting): enrolments through the enrolment page (enroll, cancel_enroll), entering before the
 * host, the waiting room, and meeting_statistics / start_meeting. Mock only (it drives the control plane).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openTarget, type TestCorp } from '../../harness/target.js';
import { call, getToken } from '../../harness/client.js';
import { checkWebhookXml } from '../../harness/webhook-schemas.js';
import { appReceiver, drain, type AppReceiver } from '../callbacks/helpers.js';

const target = await openTarget();
afterAll(() => target.close());
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
});
