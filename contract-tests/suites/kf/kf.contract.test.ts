/** 微信客服 (kf): accounts, servicers, sessions, sync_msg, send_msg (doc path/94638 and the pages it lists). Mock only. */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { JPEG, messageCorp, type MessageCorp } from '../message/helpers.js';

const target = await suiteTarget();

interface KfCorp {
  c: MessageCorp;
  token: string;
  avatar: string;
  open_kfid: string;
}

async function kfCorp(): Promise<KfCorp> {
  const c = await messageCorp(target);
  const secret = (c.corp.raw as unknown as { areas: Record<string, { secret: string }> }).areas['kf']!.secret;
  const token = await getToken(target, c.corp.corpid, secret);
  const avatar = await c.upload('image', JPEG);
  const r = await call(target, 'kf_account_add', { token, body: { name: '售后客服', media_id: avatar } });
  expect(r.errcode).toBe(0);
  return { c, token, avatar, open_kfid: r.json!.open_kfid! };
}

const simulate = (corpid: string, body: Record<string, unknown>) =>
  target.admin<{ external_userid: string; token: string; welcome_code?: string; message: Record<string, unknown> }>('POST', '/__mock/simulate/kf', { corpid, ...body });

describe.skipIf(!target.isMock)('微信客服 (kf)', () => {
  it('When the demo corp is read, then it has a kf account with a servicer and a session served by that servicer', async () => {
    const c = await messageCorp(target);
    const secret = (c.corp.raw as unknown as { areas: Record<string, { secret: string }> }).areas['kf']!.secret;
    const token = await getToken(target, c.corp.corpid, secret);
    const list = await call(target, 'kf_account_list', { token, body: {} });
    expect(list.json?.account_list).toHaveLength(1);
    const open_kfid = list.json!.account_list![0]!.open_kfid;
    const servicers = await call(target, 'kf_servicer_list', { token, query: { open_kfid } });
    const servicer = servicers.json!.servicer_list![0]!.userid!;
    const view = await target.admin<{ sessions: Array<{ external_userid: string; service_state: number; servicer_userid: string }> }>('GET', `/__mock/corps/${c.corp.corpid}/kf`);
    const session = view.json.sessions[0]!;
    expect(session).toMatchObject({ service_state: 3, servicer_userid: servicer });
    const state = await call(target, 'kf_service_state_get', { token, body: { open_kfid, external_userid: session.external_userid } });
    expect(state.json).toMatchObject({ service_state: 3, servicer_userid: servicer });
    const msgs = await call(target, 'kf_sync_msg', { token, body: { open_kfid } });
    expect(msgs.json?.msg_list?.map((m) => m.origin)).toEqual([4, 3, 3, 5]);
  });

  it('When an app outside the area calls, then 48002; the area secret and the listed apps may', async () => {
    const k = await kfCorp();
    expect((await call(target, 'kf_account_list', { token: k.c.token, body: {} })).errcode).toBe(0);
    await target.admin('PATCH', `/__mock/corps/${k.c.corp.corpid}/areas/kf`, { callable_agentids: [] });
    expect((await call(target, 'kf_account_list', { token: k.c.token, body: {} })).errcode).toBe(code('API_FORBIDDEN'));
    expect((await call(target, 'kf_account_list', { token: k.token, body: {} })).errcode).toBe(0);
  });

  it('When accounts are added, renamed and deleted, then names, avatars and ids are checked', async () => {
    const k = await kfCorp();
    expect((await call(target, 'kf_account_add', { token: k.token, body: { name: '一二三四五六七八九十一二三四五六七', media_id: k.avatar } })).errcode).toBe(code('INVALID_KF_ACCOUNT_NAME'));
    expect((await call(target, 'kf_account_add', { token: k.token, body: { name: '客服', media_id: 'nope' } })).errcode).toBe(code('INVALID_MEDIA_ID'));
    expect((await call(target, 'kf_account_update', { token: k.token, body: { open_kfid: k.open_kfid, name: '新名字' } })).errcode).toBe(0);
    const list = await call(target, 'kf_account_list', { token: k.token, body: { offset: 0, limit: 100 } });
    expect(list.json?.account_list?.find((a) => a.open_kfid === k.open_kfid)).toMatchObject({ name: '新名字', manage_privilege: true });
    const link = await call(target, 'kf_add_contact_way', { token: k.token, body: { open_kfid: k.open_kfid, scene: 'spring_sale' } });
    expect(link.json?.url).toMatch(/^https:\/\/work\.weixin\.qq\.com\/kf\/kfc\w+\?enc_scene=/);
    expect((await call(target, 'kf_account_del', { token: k.token, body: { open_kfid: k.open_kfid } })).errcode).toBe(0);
    expect((await call(target, 'kf_account_del', { token: k.token, body: { open_kfid: k.open_kfid } })).errcode).toBe(code('KF_ACCOUNT_NOT_FOUND'));
    expect((await call(target, 'kf_servicer_list', { token: k.token, query: { open_kfid: 'wkUNKNOWN' } })).errcode).toBe(code('INVALID_OPEN_KFID'));
  });

  it('When servicers are added and removed, then each entry has its own result', async () => {
    const k = await kfCorp();
    const [a, b] = k.c.users as [string, string];
    const add = await call(target, 'kf_servicer_add', { token: k.token, body: { open_kfid: k.open_kfid, userid_list: [a, 'ghost'], department_id_list: [1] } });
    expect(add.json?.result_list).toEqual([
      { userid: a, errcode: 0, errmsg: 'success' },
      { userid: 'ghost', errcode: code('USERID_NOT_FOUND'), errmsg: expect.any(String) },
      { department_id: 1, errcode: 0, errmsg: 'success' },
    ]);
    expect((await call(target, 'kf_servicer_add', { token: k.token, body: { open_kfid: k.open_kfid, userid_list: [a] } })).json?.result_list?.[0]?.errmsg).toBe('ignored');
    const del = await call(target, 'kf_servicer_del', { token: k.token, body: { open_kfid: k.open_kfid, userid_list: [a, b] } });
    expect(del.json?.result_list?.map((r) => r.errmsg)).toEqual(['success', 'ignored']);
    const list = await call(target, 'kf_servicer_list', { token: k.token, query: { open_kfid: k.open_kfid } });
    expect(list.json?.servicer_list).toEqual([{ department_id: 1 }]);
  });

  it('When a customer enters and writes, then the callback token reads the messages and the welcome code works once within 20 s', async () => {
    const k = await kfCorp();
    const enter = await simulate(k.c.corp.corpid, { action: 'enter', open_kfid: k.open_kfid, scene: 'spring_sale', nickname: '李四' });
    expect(enter.status).toBe(201);
    const customer = enter.json.external_userid;
    expect(enter.json.welcome_code).toBeTruthy();
    const welcome = { code: enter.json.welcome_code!, msgtype: 'text' as const, text: { content: '欢迎咨询' } };
    expect((await call(target, 'kf_send_msg_on_event', { token: k.token, body: welcome })).errcode).toBe(0);
    expect((await call(target, 'kf_send_msg_on_event', { token: k.token, body: welcome })).errcode).toBe(code('INVALID_WELCOME_CODE'));
    const sent = await simulate(k.c.corp.corpid, { action: 'message', open_kfid: k.open_kfid, external_userid: customer, msgtype: 'location' });
    const events = await target.admin<{ events: Array<{ event: Record<string, unknown> }> }>('GET', `/__mock/events?corpid=${k.c.corp.corpid}`);
    expect(events.json.events.filter((e) => e.event['Event'] === 'kf_msg_or_event').map((e) => e.event['Token'])).toContain(sent.json.token);
    const first = await call(target, 'kf_sync_msg', { token: k.token, body: { token: sent.json.token, open_kfid: k.open_kfid, limit: 1 } });
    expect(first.json).toMatchObject({ has_more: 1, msg_list: [{ origin: 4, msgtype: 'event', event: { event_type: 'enter_session', scene: 'spring_sale', external_userid: customer } }] });
    const next = await call(target, 'kf_sync_msg', { token: k.token, body: { cursor: first.json!.next_cursor!, open_kfid: k.open_kfid } });
    expect(next.json).toMatchObject({ has_more: 0, msg_list: [{ origin: 3, msgtype: 'location', external_userid: customer }] });
    expect((await call(target, 'kf_sync_msg', { token: k.token, body: { token: 'ENCnope' } })).errcode).toBe(code('INVALID_KF_MSG_TOKEN'));
    expect((await call(target, 'kf_sync_msg', { token: k.token, body: { cursor: 'made-up-cursor-value' } })).errcode).toBe(code('INVALID_CURSOR'));
    const batch = await call(target, 'kf_customer_batchget', { token: k.token, body: { external_userid_list: [customer, 'wmnobody'], need_enter_session_context: 1 } });
    expect(batch.json).toMatchObject({ customer_list: [{ external_userid: customer, nickname: '李四', enter_session_context: { scene: 'spring_sale' } }], invalid_external_userid: ['wmnobody'] });
    // A second welcome code within 20 s of mock time is refused once it expired.
    const again = await simulate(k.c.corp.corpid, { action: 'enter', open_kfid: k.open_kfid, nickname: '王五' });
    await target.admin('POST', '/__mock/clock', { corpid: k.c.corp.corpid, advance_seconds: 21 });
    expect((await call(target, 'kf_send_msg_on_event', { token: k.token, body: { ...welcome, code: again.json.welcome_code! } })).errcode).toBe(code('INVALID_WELCOME_CODE'));
  });

  it('When the corp answers a customer, then 5 messages per customer message within 48 h and only in states 0 and 1', async () => {
    const k = await kfCorp();
    const m = await simulate(k.c.corp.corpid, { action: 'message', open_kfid: k.open_kfid });
    const touser = m.json.external_userid;
    const send = () => call(target, 'kf_send_msg', { token: k.token, body: { touser, open_kfid: k.open_kfid, msgtype: 'text', text: { content: '您好' } } });
    for (let i = 0; i < 5; i++) expect((await send()).errcode).toBe(0);
    expect((await send()).errcode).toBe(code('KF_MSG_COUNT_LIMIT'));
    await simulate(k.c.corp.corpid, { action: 'message', open_kfid: k.open_kfid, external_userid: touser });
    expect((await send()).errcode).toBe(0);
    expect((await call(target, 'kf_send_msg', { token: k.token, body: { touser, open_kfid: k.open_kfid, msgid: 'dup1', msgtype: 'image', image: { media_id: 'nope' } } })).errcode).toBe(code('INVALID_MEDIA_ID'));
    expect((await call(target, 'kf_send_msg', { token: k.token, body: { touser, open_kfid: k.open_kfid, msgid: 'dup1', msgtype: 'text', text: { content: 'a' } } })).json?.msgid).toBe('dup1');
    expect((await call(target, 'kf_send_msg', { token: k.token, body: { touser, open_kfid: k.open_kfid, msgid: 'dup1', msgtype: 'text', text: { content: 'a' } } })).errcode).toBe(code('INVALID_PARAMETER'));
    await target.admin('POST', '/__mock/clock', { corpid: k.c.corp.corpid, advance_seconds: 48 * 3600 });
    const token = await getToken(target, k.c.corp.corpid, (k.c.corp.raw as unknown as { areas: Record<string, { secret: string }> }).areas['kf']!.secret);
    expect((await call(target, 'kf_send_msg', { token, body: { touser, open_kfid: k.open_kfid, msgtype: 'text', text: { content: '晚了' } } })).errcode).toBe(code('KF_MSG_TIME_LIMIT'));
    // Three days later the messages are gone from sync_msg (retention on the scheduler).
    await target.admin('POST', '/__mock/clock', { corpid: k.c.corp.corpid, advance_seconds: 24 * 3600 });
    const token2 = await getToken(target, k.c.corp.corpid, (k.c.corp.raw as unknown as { areas: Record<string, { secret: string }> }).areas['kf']!.secret);
    expect((await call(target, 'kf_sync_msg', { token: token2, body: { open_kfid: k.open_kfid } })).json?.msg_list).toEqual([]);
  });

  it('When the session state changes, then only the allowed moves pass and a servicer must be receiving', async () => {
    const k = await kfCorp();
    const [a, b] = k.c.users as [string, string];
    await call(target, 'kf_servicer_add', { token: k.token, body: { open_kfid: k.open_kfid, userid_list: [a] } });
    const m = await simulate(k.c.corp.corpid, { action: 'message', open_kfid: k.open_kfid });
    const external_userid = m.json.external_userid;
    const trans = (service_state: number, servicer_userid?: string) =>
      call(target, 'kf_service_state_trans', { token: k.token, body: { open_kfid: k.open_kfid, external_userid, service_state, ...(servicer_userid !== undefined && { servicer_userid }) } });
    expect((await trans(3, b)).errcode).toBe(code('KF_NOT_SERVICER'));
    await simulate(k.c.corp.corpid, { action: 'servicer_status', open_kfid: k.open_kfid, userid: a, status: 1, stop_type: 1 });
    expect((await trans(3, a)).errcode).toBe(code('KF_SERVICER_UNAVAILABLE'));
    await simulate(k.c.corp.corpid, { action: 'servicer_status', open_kfid: k.open_kfid, userid: a, status: 0 });
    const toQueue = await trans(2);
    expect(toQueue.json?.msg_code).toBeTruthy();
    expect((await trans(1)).errcode).toBe(code('KF_STATE_TRANSITION_FORBIDDEN'));
    expect((await trans(3, a)).json).toMatchObject({ errcode: 0 });
    expect((await call(target, 'kf_send_msg', { token: k.token, body: { touser: external_userid, open_kfid: k.open_kfid, msgtype: 'text', text: { content: 'x' } } })).errcode).toBe(
      code('KF_SESSION_STATE_CANNOT_SEND'),
    );
    const end = await trans(4);
    expect(end.json?.msg_code).toBeTruthy();
    expect((await trans(3, a)).errcode).toBe(code('KF_STATE_TRANSITION_FORBIDDEN'));
    const closing = await call(target, 'kf_send_msg_on_event', { token: k.token, body: { code: end.json!.msg_code!, msgtype: 'text', text: { content: '再见' } } });
    expect(closing.errcode).toBe(0);
    // The customer's next message opens a new session in state 0.
    await simulate(k.c.corp.corpid, { action: 'message', open_kfid: k.open_kfid, external_userid });
    expect((await call(target, 'kf_service_state_get', { token: k.token, body: { open_kfid: k.open_kfid, external_userid } })).json?.service_state).toBe(0);
  });

  it('When statistics are asked, then they count the sessions and customer messages of each day', async () => {
    const k = await kfCorp();
    const [a] = k.c.users as [string];
    await call(target, 'kf_servicer_add', { token: k.token, body: { open_kfid: k.open_kfid, userid_list: [a] } });
    const m = await simulate(k.c.corp.corpid, { action: 'message', open_kfid: k.open_kfid });
    await simulate(k.c.corp.corpid, { action: 'message', open_kfid: k.open_kfid, external_userid: m.json.external_userid });
    await call(target, 'kf_service_state_trans', { token: k.token, body: { open_kfid: k.open_kfid, external_userid: m.json.external_userid, service_state: 3, servicer_userid: a } });
    const now = Number(m.json.message['send_time']);
    const corpStat = await call(target, 'kf_get_corp_statistic', { token: k.token, body: { open_kfid: k.open_kfid, start_time: now, end_time: now } });
    expect(corpStat.json?.statistic_list?.[0]?.statistic).toMatchObject({ session_cnt: 1, customer_cnt: 1, customer_msg_cnt: 2 });
    const sv = await call(target, 'kf_get_servicer_statistic', { token: k.token, body: { open_kfid: k.open_kfid, servicer_userid: a, start_time: now, end_time: now } });
    expect(sv.json?.statistic_list?.[0]?.statistic).toMatchObject({ session_cnt: 1 });
    expect((await call(target, 'kf_get_corp_statistic', { token: k.token, body: { start_time: now - 40 * 86400, end_time: now } })).errcode).toBe(code('INVALID_PARAMETER'));
  });

  it('When the knowledge base grows, then group names are unique and intents need a group of the corp', async () => {
    const k = await kfCorp();
    const g = await call(target, 'kf_knowledge_add_group', { token: k.token, body: { name: '售后' } });
    expect(g.json?.group_id).toBeTruthy();
    expect((await call(target, 'kf_knowledge_add_group', { token: k.token, body: { name: '售后' } })).errcode).toBe(code('INVALID_PARAMETER'));
    const intent = { question: { text: { content: '怎么退货' } }, answers: [{ text: { content: '七天无理由' } }] };
    expect((await call(target, 'kf_knowledge_add_intent', { token: k.token, body: { group_id: g.json!.group_id!, ...intent } })).json?.intent_id).toBeTruthy();
    expect((await call(target, 'kf_knowledge_add_intent', { token: k.token, body: { group_id: 'nope', ...intent } })).errcode).toBe(code('INVALID_PARAMETER'));
    const cfg = await call(target, 'kf_customer_get_upgrade_service_config', { token: k.token });
    expect(cfg.json?.member_range?.userid_list?.length).toBe(1);
  });
});
