/**
 * Every callback the mock delivers matches its webhook schema in spec/webhooks (strictly: header elements
 * included, nothing undeclared), read with the harness's own XML reader. One corp receives every message,
 * member event, system event and contacts change on its app, 通讯录同步, 客户联系 and 会话存档 callbacks; a
 * provider's suite installed in a second corp receives the instruction callbacks (suite_ticket, create_auth,
 * change_auth, reset_permanent_code, cancel_auth) and that corp's contacts and customer changes in the
 * InfoType form. Mock only (it drives the control plane).
 */
import { describe, expect, it } from 'vitest';
import { type Target, type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { ReceiverCrypto } from '../../harness/crypto.js';
import { CallbackReceiver } from '../../harness/receiver.js';
import { call, getToken } from '../../harness/client.js';
import { checkWebhookXml, webhookErrors, WEBHOOK_SCHEMAS } from '../../harness/webhook-schemas.js';
import { readCallbackXml } from '../../harness/xml.js';
import { appReceiver, drain, simulate, type CallbackEntry } from './helpers.js';
import { installed } from '../provider/helpers.js';
import { docChanges } from '../wedoc/helpers.js';

const target = await suiteTarget();

const MESSAGES = ['text', 'image', 'voice', 'video', 'location', 'link'];
// WeCom's member events of an app (doc path/90240), written out here rather than imported: the suite checks the mock.
const MEMBER_EVENTS = [
  'subscribe', 'unsubscribe', 'enter_agent', 'LOCATION', 'click', 'view', 'scancode_push',
  'scancode_waitmsg', 'pic_sysphoto', 'pic_photo_or_album', 'pic_weixin', 'location_select', 'template_card_event',
];
const SYSTEM_EVENTS: Array<[string, string | undefined]> = [
  ['batch_job_result', undefined],
  ['msgaudit_notify', undefined],
  ...['add_external_contact', 'edit_external_contact', 'add_half_external_contact', 'del_external_contact', 'del_follow_user', 'transfer_fail'].map(
    (c): [string, string] => ['change_external_contact', c],
  ),
  ...['create', 'update', 'dismiss'].map((c): [string, string] => ['change_external_chat', c]),
  ...['create', 'update', 'delete', 'shuffle'].map((c): [string, string] => ['change_external_tag', c]),
];

/** Points the corp's 通讯录同步, 客户联系, 会话存档 and 微信客服 callbacks at receivers of the harness. */
async function systemReceivers(t: Target, corp: TestCorp): Promise<CallbackReceiver[]> {
  const creds = await t.admin<{ receivers: Array<{ receiver: string; token: string; encoding_aes_key: string }> }>(
    'GET',
    `/__mock/callbacks/config?corpid=${corp.corpid}`,
  );
  const out: CallbackReceiver[] = [];
  for (const kind of ['contacts', 'customer_contact', 'archive', 'kf']) {
    const c = creds.json.receivers.find((r) => r.receiver === kind)!;
    const rx = await CallbackReceiver.start(new ReceiverCrypto(c.token, c.encoding_aes_key, corp.corpid));
    out.push(rx);
    const put = await t.admin('PUT', '/__mock/callbacks/config', { corpid: corp.corpid, receiver: kind, url: rx.url, retry_backoff_ms: [0, 0] });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
  }
  return out;
}

/** Contacts writes that emit every change_contact kind (member, department, tag). */
async function contactChanges(base: string, corp: TestCorp, tag: string): Promise<void> {
  const token = await getToken(base, corp.corpid, corp.contactsSecret!);
  const post = async (id: 'user_create' | 'user_update' | 'department_create' | 'department_update' | 'tag_create' | 'tag_addtagusers', body: unknown): Promise<Record<string, unknown>> => {
    const r = await call(base, id, { unchecked: true, token, body });
    expect(r.errcode, `${id}: ${r.text}`).toBe(0);
    return r.json!;
  };
  await post('user_create', {
    userid: `${tag}u1`,
    name: '张三',
    department: [1],
    mobile: '15913215421',
    extattr: { attrs: [{ type: 0, name: '爱好', text: { value: '旅游' } }, { type: 1, name: '主页', web: { url: 'https://a.test', title: 'A' } }] },
  });
  await post('user_update', { userid: `${tag}u1`, position: '经理', new_userid: `${tag}u2` });
  const dept = (await post('department_create', { name: `部门${tag}`, parentid: 1 }))['id'] as number;
  await post('department_update', { id: dept, name: `部门${tag}改` });
  const tagid = (await post('tag_create', { tagname: `标签${tag}` }))['tagid'] as number;
  await post('tag_addtagusers', { tagid, userlist: [`${tag}u2`] });
  const del = await call(base, 'user_delete', { token, query: { userid: `${tag}u2` } });
  expect(del.errcode, del.text).toBe(0);
  const delDept = await call(base, 'department_delete', { token, query: { id: dept } });
  expect(delDept.errcode, delDept.text).toBe(0);
}

/** 日程 writes by the app that emit every calendar event (they go to the app whose calendar it is). */
async function calendarChanges(t: Target, corp: TestCorp): Promise<void> {
  const token = await getToken(t.baseUrl, corp.corpid, corp.raw!.apps[0]!.secret);
  const [u1, u2] = corp.raw!.sample_userids!;
  const ok = (r: { errcode: number | undefined; text?: string }) => expect(r.errcode, r.text).toBe(0);
  const cal = await call(t.baseUrl, 'oa_calendar_add', { token, body: { calendar: { organizer: u1!, summary: '回调' } } });
  ok(cal);
  const cal_id = cal.json!.cal_id!;
  ok(await call(t.baseUrl, 'oa_calendar_update', { token, body: { calendar: { cal_id, summary: '回调2' } } }));
  const start = Math.floor(Date.now() / 1000) + 86_400;
  const sch = await call(t.baseUrl, 'oa_schedule_add', { token, body: { schedule: { cal_id, organizer: u1!, start_time: start, end_time: start + 3600, attendees: [{ userid: u2! }] } } });
  ok(sch);
  const schedule_id = sch.json!.schedule_id!;
  ok(await call(t.baseUrl, 'oa_schedule_update', { token, body: { schedule: { schedule_id, summary: 'x' } } }));
  expect((await t.admin('POST', `/__mock/corps/${corp.corpid}/schedules/${schedule_id}/attendees/${u2}`, { response_status: 1 })).status).toBe(200);
  ok(await call(t.baseUrl, 'oa_schedule_del', { token, body: { schedule_id } }));
  ok(await call(t.baseUrl, 'oa_calendar_del', { token, body: { cal_id } }));
}

/**
 * 会议 and 直播 of the app: the admin edits and cancels, a meeting starts, is joined, a screen shared and a recording
 * started, paused, resumed and stopped, it is left, muted, calls a phone and
 * an MRA device out, is dismissed and its record deleted, someone enrols and withdraws, the waiting room is used; a living is booked
 * and cancelled.
 */
async function meetingAndLivingChanges(t: Target, corp: TestCorp): Promise<void> {
  const token = await getToken(t.baseUrl, corp.corpid, corp.raw!.apps[0]!.secret);
  const [u1, u2] = corp.raw!.sample_userids!;
  const ok = (r: { errcode: number | undefined; text?: string }) => expect(r.errcode, r.text).toBe(0);
  const now = Math.floor(Date.now() / 1000);
  const create = async (meeting_start: number) => {
    const r = await call(t.baseUrl, 'meeting_create', { token, body: { admin_userid: u1!, title: '回调', meeting_start, meeting_duration: 600 } });
    ok(r);
    return r.json!.meetingid!;
  };
  const edits = (id: string) => `/__mock/corps/${corp.corpid}/meetings/${id}/admin-edits`;
  const later = await create(now + 86_400);
  expect((await t.admin('POST', edits(later), { action: 'modify', title: '回调2' })).status).toBe(200);
  expect((await t.admin('POST', edits(later), { action: 'cancel' })).status).toBe(200);
  const meetingid = await create(now);
  const j = await t.admin<{ tmp_openid: string }>('POST', `/__mock/corps/${corp.corpid}/meetings/${meetingid}/attendees`, { userid: u2 });
  expect(j.status, JSON.stringify(j.json)).toBe(201);
  ok(await call(t.baseUrl, 'meeting_realcontrol_set_cohost', { token, body: { meetingid, operated_user: { tmp_openid: j.json.tmp_openid }, action: true } }));
  // What attendees do in the client: u2 shares and stops sharing, the admin (the host) runs a recording through its states.
  const host = await t.admin<{ tmp_openid: string }>('POST', `/__mock/corps/${corp.corpid}/meetings/${meetingid}/attendees`, { userid: u1 });
  const actions: Array<[string, string]> = [
    [j.json.tmp_openid, 'share_screen'], [j.json.tmp_openid, 'stop_sharing'],
    ...['start_recording', 'pause_recording', 'resume_recording', 'stop_recording'].map((a): [string, string] => [host.json.tmp_openid, a]),
  ];
  for (const [tmp, action] of actions) {
    const r = await t.admin('POST', `/__mock/corps/${corp.corpid}/meetings/${meetingid}/attendees/${tmp}/actions`, { action });
    expect(r.status, `${action}: ${JSON.stringify(r.json)}`).toBe(200);
  }
  expect((await t.admin('DELETE', `/__mock/corps/${corp.corpid}/meetings/${meetingid}/attendees/${j.json.tmp_openid}`)).status).toBe(200);
  for (const mute_all of [true, false]) ok(await call(t.baseUrl, 'meeting_realcontrol_set', { token, body: { meetingid, mute_all } }));
  ok(await call(t.baseUrl, 'meeting_phone_callout', { token, body: { meetingid, phone_numbers: [{ area: 86, phone: '13800000002' }] } }));
  ok(await call(t.baseUrl, 'meeting_rooms_call', { token, body: { meetingid, mra_address: { protocol: 1, dial_string: 'sip:room@example.invalid' } } }));
  expect((await t.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 11 })).status).toBe(200);
  ok(await call(t.baseUrl, 'meeting_realcontrol_dismiss', { token, body: { meetingid } }));
  const files = await call(t.baseUrl, 'meeting_record_get_file_list', { token, body: { meetingid } });
  ok(await call(t.baseUrl, 'meeting_record_delete_file', { token, body: { meetingid, record_file_id: files.json!.record_files![0]!.record_file_id! } }));
  // Enrolment through the page and its withdrawal (enroll, cancel_enroll).
  const enrolled = await call(t.baseUrl, 'meeting_create', { token, body: { admin_userid: u1!, title: '报名', meeting_start: now + 86_400, meeting_duration: 600, settings: { enable_enroll: true } } });
  ok(enrolled);
  const enrolments = `/__mock/corps/${corp.corpid}/meetings/${enrolled.json!.meetingid!}/enrolments`;
  const e = await t.admin<{ enroll_id: string }>('POST', enrolments, { userid: u2 });
  expect(e.status, JSON.stringify(e.json)).toBe(201);
  expect((await t.admin('DELETE', `${enrolments}/${e.json.enroll_id}`)).status).toBe(200);
  // The waiting room: in, let in, moved back, removed.
  const waiting = (await call(t.baseUrl, 'meeting_create', { token, body: { admin_userid: u1!, title: '等候室', meeting_start: now, meeting_duration: 600, settings: { enable_waiting_room: true } } })).json!.meetingid!;
  const w = await t.admin<{ tmp_openid: string }>('POST', `/__mock/corps/${corp.corpid}/meetings/${waiting}/attendees`, { userid: u2 });
  for (const operate_type of [1, 2, 3]) {
    ok(await call(t.baseUrl, 'meeting_realcontrol_manage_waiting_room_users', { token, body: { meetingid: waiting, operate_type, operated_users: [{ tmp_openid: w.json.tmp_openid, instance_id: 1 }] } }));
  }
  // A webinar's warm-up upload result (webinar_warm_up_upload).
  const webinar = await call(t.baseUrl, 'meeting_webinar_create', { token, body: { admin_userid: u1!, title: '暖场', start_time: String(now + 3600), end_time: String(now + 7200) } });
  ok(webinar);
  ok(await call(t.baseUrl, 'meeting_webinar_update_warm_up', { token, body: { meetingid: webinar.json!.meetingid!, warm_up_picture: 'https://img.example.test/warm.png' } }));
  // A webinar in progress: an attendee made a cohost (webinar_role_change).
  const live = await call(t.baseUrl, 'meeting_webinar_create', { token, body: { admin_userid: u1!, title: '角色', start_time: String(now), end_time: String(now + 3600) } });
  ok(live);
  await t.admin('POST', '/__mock/clock', { corpid: corp.corpid, advance_seconds: 60 });
  const guest = await t.admin<{ tmp_openid: string }>('POST', `/__mock/corps/${corp.corpid}/meetings/${live.json!.meetingid!}/attendees`, { userid: u2 });
  expect(guest.status, JSON.stringify(guest.json)).toBe(201);
  ok(await call(t.baseUrl, 'meeting_realcontrol_set_cohost', { token, body: { meetingid: live.json!.meetingid!, action: true, operated_user: { tmp_openid: guest.json.tmp_openid } } }));
  const living = await call(t.baseUrl, 'living_create', { token, body: { anchor_userid: u1!, theme: '回调', living_start: now + 3600, living_duration: 600 } });
  ok(living);
  ok(await call(t.baseUrl, 'living_cancel', { token, body: { livingid: living.json!.livingid! } }));
}

async function outbox(t: Target, corpid: string): Promise<CallbackEntry[]> {
  await drain(t, corpid);
  const r = await t.admin<{ entries: CallbackEntry[] }>('GET', `/__mock/callbacks?corpid=${corpid}&limit=1000`);
  expect(r.status).toBe(200);
  return r.json.entries;
}

const CORP_HEADER = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType'];
const SUITE_HEADER = ['SuiteId', 'InfoType', 'TimeStamp'];

describe('webhook schemas', () => {
  it('When a payload has an undeclared element, or a change event has neither Event nor InfoType, then the schema refuses it', () => {
    const corp = { ToUserName: 'ww1', FromUserName: 'sys', CreateTime: 1403610513, MsgType: 'event', Event: 'change_contact', ChangeType: 'delete_user', UserID: 'a' };
    expect(webhookErrors('ChangeContactDeleteUser', corp)).toEqual([]);
    expect(webhookErrors('ChangeContactDeleteUser', { SuiteId: 'ww2', AuthCorpId: 'ww1', InfoType: 'change_contact', TimeStamp: 1403610513, ChangeType: 'delete_user', UserID: 'a' })).toEqual([]);
    expect(webhookErrors('ChangeContactDeleteUser', { ChangeType: 'delete_user', UserID: 'a' })).not.toEqual([]);
    expect(webhookErrors('ChangeContactDeleteUser', { ...corp, Surprise: 'x' })).not.toEqual([]);
    expect(webhookErrors('ChangeContactDeleteUser', { ...corp, CreateTime: 'yesterday' })).not.toEqual([]);
  });
});

describe.skipIf(!target.isMock)('webhook schemas of delivered callbacks', () => {
  it('When every kind of callback is delivered, then each plaintext carries its header and validates strictly against its webhook schema', async () => {
    const base = target.baseUrl;
    const receivers: CallbackReceiver[] = [];
    const corp = await target.newCorp();
    const s = await installed(target);
    try {
      // One corp: app, 通讯录同步, 客户联系 and 会话存档 callbacks.
      const { receiver, agentid } = await appReceiver(target, corp, undefined, { retry_backoff_ms: [0, 0] });
      receivers.push(receiver, ...(await systemReceivers(target, corp)));
      const userid = corp.raw!.sample_userids![0]!;
      for (const msgtype of MESSAGES) await simulate(target, 'message', { corpid: corp.corpid, agentid, userid, msgtype });
      for (const event of MEMBER_EVENTS) await simulate(target, 'event', { corpid: corp.corpid, agentid, userid, event });
      for (const [event, ChangeType] of SYSTEM_EVENTS) {
        await simulate(target, 'event', { corpid: corp.corpid, event, ...(ChangeType && { fields: { ChangeType } }) });
      }
      await contactChanges(base, corp, 'a');
      // A WeChat customer writes to the demo kf account: kf_msg_or_event on the 微信客服 callback (and the callable apps).
      const kf = await target.admin<{ accounts: Array<{ open_kfid: string }> }>('GET', `/__mock/corps/${corp.corpid}/kf`);
      expect((await target.admin('POST', '/__mock/simulate/kf', { corpid: corp.corpid, open_kfid: kf.json.accounts[0]!.open_kfid })).status).toBe(201);
      // 审批: a submitted application (sys_approval_change) and a third-party flow application (open_approval_change).
      const approval = await getToken(base, corp.corpid, (corp.raw!['areas'] as Record<string, { secret: string }>)['approval']!.secret);
      const tpl = await call(base, 'oa_approval_create_template', { token: approval, body: { template_name: [{ text: '采购', lang: 'zh_CN' }], template_content: { controls: [{ property: { control: 'Text', id: 'Text-1', title: [{ text: '物品', lang: 'zh_CN' }] } }] } } });
      const users = corp.raw!.sample_userids!;
      const applied = await call(base, 'oa_applyevent', {
        token: approval,
        body: { creator_userid: users[0]!, template_id: tpl.json!.template_id!, use_template_approver: 0, process: { node_list: [{ type: 1, apv_rel: 1, userid: [users[1]!] }, { type: 2, apv_rel: 1, userid: [users[2]!] }] }, apply_data: { contents: [{ control: 'Text', id: 'Text-1', value: { text: '显示器' } }] } },
      });
      expect(applied.errcode, applied.text).toBe(0);
      const open = await target.admin('POST', `/__mock/corps/${corp.corpid}/open-approvals`, { agentid, applyer: users[0], approvers: [users[1]], notifyer: [users[2]] });
      expect(open.status, JSON.stringify(open.json)).toBe(201);
      await docChanges(target, corp);
      await calendarChanges(target, corp);
      await meetingAndLivingChanges(target, corp);
      // 企业互联: a parent corp shares an app with this corp → share_agent_change to the shared app.
      const parent = await target.newCorp();
      await target.admin('POST', '/__mock/corpgroup/links', { parent_corpid: parent.corpid, member_corpid: corp.corpid, agentid: parent.agentid, member_agentid: agentid });

      // A suite installed in a second corp: instruction callbacks, then the corp's data events in the InfoType form.
      const who = s.corp.raw!.sample_userids![0]!;
      await simulate(target, 'event', { corpid: s.corp.corpid, event: 'change_external_contact', agentid: s.agentid, userid: who, fields: { ChangeType: 'add_external_contact' } });
      await contactChanges(base, s.corp, 'b');
      for (const action of ['change_auth', 'reset_permanent_code', 'cancel_auth']) {
        const r = await target.admin('POST', `/__mock/suites/${s.suite_id}/auths/${s.corp.corpid}`, { action });
        expect(r.status, `${action}: ${JSON.stringify(r.json)}`).toBeLessThan(300);
      }

      const entries = [...(await outbox(target, corp.corpid)), ...(await outbox(target, s.corp.corpid)), ...(await outbox(target, s.provider_corpid))];
      const problems: string[] = [];
      const seen = new Set<string>();
      const forms = new Map<string, Set<string>>();
      for (const e of entries) {
        const r = checkWebhookXml(e.plaintext);
        const where = `${e.id} ${e.receiver.kind} ${e.event_type}`;
        for (const err of r.errors) problems.push(`${where}: ${err}`);
        if (!r.schema) continue;
        seen.add(r.schema);
        const raw = readCallbackXml(e.plaintext);
        const suiteForm = e.receiver.kind === 'suite';
        // AgentID names the app a member addressed (messages and member events); system events carry none.
        const addressed = e.receiver.kind === 'app' && (MESSAGES.includes(e.event_type) || MEMBER_EVENTS.includes(e.event_type));
        const header = suiteForm ? SUITE_HEADER : [...CORP_HEADER, ...(raw['MsgType'] === 'event' ? ['Event'] : []), ...(addressed ? ['AgentID'] : [])];
        for (const h of header) if (raw[h] === undefined) problems.push(`${where}: no <${h}>`);
        forms.set(r.schema, (forms.get(r.schema) ?? new Set()).add(suiteForm ? 'suite' : 'corp'));
      }
      expect(problems).toEqual([]);
      // Every webhook schema was exercised by at least one delivery.
      expect([...WEBHOOK_SCHEMAS.values()].filter((n) => !seen.has(n))).toEqual([]);
      // Contacts and customer changes were delivered in both forms.
      for (const name of ['ChangeContactCreateUser', 'ChangeContactUpdateUser', 'ChangeContactUpdateTag', 'ChangeExternalContactAddExternalContact']) {
        expect([...(forms.get(name) ?? [])].sort(), name).toEqual(['corp', 'suite']);
      }
    } finally {
      for (const r of receivers) await r.close();
      await s.close();
    }
  });
});
