/**
 * Rules and links of customer contact: group welcome templates (doc path/92366), join ways (92569), intercept
 * rules (95100), product albums (95101), acquisition links and quota (97297, 97305, 99337, 100254), rule groups
 * (94883, 94890, 94882), opengid and openid (94822, 92323), statistics from the state (92132, 92133), school
 * notifications (91609, 92318, 92320).
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code } from '../../harness/client.js';
import { ecCorp } from './helpers.js';

const target = await suiteTarget();

describe.skipIf(!target.isMock)('customer contact: rules and links', () => {
  it('When an app adds a group welcome template, then it reads back with pic_url and only that app may edit or delete it', async () => {
    const c = await ecCorp(target);
    const add = await call(target, 'externalcontact_group_welcome_template_add', { token: c.app, body: { text: { content: 'welcome %NICKNAME%' }, image: { media_id: 'MEDIA' }, agentid: c.corp.agentid } });
    expect(add.errcode, JSON.stringify(add.json)).toBe(0);
    const template_id = add.json!['template_id'] as string;
    const got = await call(target, 'externalcontact_group_welcome_template_get', { token: c.cc, body: { template_id } });
    expect(got.json!['text']).toEqual({ content: 'welcome %NICKNAME%' });
    expect(typeof (got.json!['image'] as { pic_url: string }).pic_url).toBe('string');
    expect((await call(target, 'externalcontact_group_welcome_template_edit', { token: c.cc, body: { template_id, text: { content: 'x' } } })).errcode).toBe(code('GROUP_WELCOME_TEMPLATE_NO_PRIVILEGE'));
    expect((await call(target, 'externalcontact_group_welcome_template_del', { token: c.app, body: { template_id } })).errcode).toBe(0);
    expect((await call(target, 'externalcontact_group_welcome_template_get', { token: c.cc, body: { template_id } })).errcode).toBe(code('INVALID_TEMPLATE_ID'));
    expect((await call(target, 'externalcontact_group_welcome_template_add', { token: c.cc, body: {} })).errcode).toBe(code('EMPTY_CONTENT'));
  });

  it('When a join way names 6 groups or an unknown one, then 41091 and 40050; an opengid turns back into its chat_id', async () => {
    const c = await ecCorp(target);
    const g = await target.admin<{ chat_id: string }>('POST', '/__mock/simulate/group-chats', { corpid: c.corp.corpid, action: 'create', userid: c.userid });
    const six = Array.from({ length: 6 }, () => g.json.chat_id);
    expect((await call(target, 'externalcontact_groupchat_add_join_way', { token: c.cc, body: { scene: 2, chat_id_list: six } })).errcode).toBe(code('JOIN_WAY_TOO_MANY_CHATS'));
    expect((await call(target, 'externalcontact_groupchat_add_join_way', { token: c.cc, body: { scene: 2, chat_id_list: ['wrNOPE'] } })).errcode).toBe(code('CHAT_NOT_FOUND'));
    const ok = await call(target, 'externalcontact_groupchat_add_join_way', { token: c.cc, body: { scene: 2, chat_id_list: [g.json.chat_id], state: 'S1' } });
    expect(ok.json!['config_id']).toMatch(/^[0-9a-f]{32}$/);
    const og = await target.admin<{ opengid: string }>('GET', `/__mock/externalcontact/groupchat/opengid?corpid=${c.corp.corpid}&chat_id=${g.json.chat_id}`);
    expect((await call(target, 'externalcontact_opengid_to_chatid', { token: c.cc, body: { opengid: og.json.opengid } })).json!['chat_id']).toBe(g.json.chat_id);
    expect((await call(target, 'externalcontact_opengid_to_chatid', { token: c.cc, body: { opengid: 'oNOPE' } })).errcode).toBe(code('INVALID_OPENGID'));
  });

  it('When intercept rules and product albums break their rules, then 41077, 41083, 41084, 41086 and 41087', async () => {
    const c = await ecCorp(target);
    const rule = { rule_name: 'r1', word_list: ['bad'], intercept_type: 1 as const, applicable_range: { user_list: [c.userid] } };
    expect((await call(target, 'externalcontact_add_intercept_rule', { token: c.cc, body: rule })).json!['rule_id']).toBeTypeOf('string');
    expect((await call(target, 'externalcontact_add_intercept_rule', { token: c.cc, body: rule })).errcode).toBe(code('SENSITIVE_WORD_RULE_NAME_DUPLICATED'));
    expect((await call(target, 'externalcontact_add_intercept_rule', { token: c.cc, body: { ...rule, rule_name: 'r2', word_list: ['x'.repeat(33)] } })).errcode).toBe(code('INVALID_SENSITIVE_KEYWORD'));
    expect((await call(target, 'externalcontact_add_intercept_rule', { token: c.cc, body: { ...rule, rule_name: 'r3', semantics_list: [4] } })).errcode).toBe(code('INVALID_SENSITIVE_SEMANTIC_RULE'));
    const album = { description: 'good', price: 100, attachments: [{ type: 'image' as const, image: { media_id: 'M' } }] };
    expect((await call(target, 'externalcontact_add_product_album', { token: c.cc, body: album })).json!['product_id']).toBeTypeOf('string');
    expect((await call(target, 'externalcontact_add_product_album', { token: c.cc, body: { ...album, price: 0 } })).errcode).toBe(code('INVALID_PRODUCT_PRICE'));
    expect((await call(target, 'externalcontact_add_product_album', { token: c.cc, body: { ...album, description: 'd'.repeat(301) } })).errcode).toBe(code('INVALID_PRODUCT_DESCRIPTION'));
  });

  it('When a customer arrives through an acquisition link, then the link lists it, its session reads back and the quota drops by one', async () => {
    const c = await ecCorp(target);
    const before = await call(target, 'externalcontact_customer_acquisition_quota', { token: c.cc });
    const link = await target.admin<{ link_id: string }>('POST', '/__mock/externalcontact/acquisition/links', { corpid: c.corp.corpid, link_name: 'L', userids: [c.userid] });
    expect(link.status, JSON.stringify(link.json)).toBe(201);
    const came = await target.admin<{ external_userid: string; chat_key: string }>('POST', '/__mock/externalcontact/acquisition/customers', { corpid: c.corp.corpid, link_id: link.json.link_id, state: 'CH_A' });
    expect(came.status, JSON.stringify(came.json)).toBe(201);
    expect((await call(target, 'externalcontact_customer_acquisition_list_link', { token: c.cc, body: {} })).json!['link_id_list']).toEqual([link.json.link_id]);
    const listed = await call(target, 'externalcontact_customer_acquisition_customer', { token: c.cc, body: { link_id: link.json.link_id } });
    expect(listed.json!['customer_list']).toEqual([{ external_userid: came.json.external_userid, userid: c.userid, chat_status: 0, state: 'CH_A' }]);
    const info = await call(target, 'externalcontact_customer_acquisition_get_chat_info', { token: c.cc, body: { chat_key: came.json.chat_key } });
    expect(info.json!['chat_info']).toEqual({ recv_msg_cnt: 0, link_id: link.json.link_id, state: 'CH_A' });
    const after = await call(target, 'externalcontact_customer_acquisition_quota', { token: c.cc });
    expect(after.json!['balance']).toBe((before.json!['balance'] as number) - 1);
  });

  it('When a typical corp starts, then it has a customer rule group with tags and a moment rule group; a new one is listed', async () => {
    const c = await ecCorp(target);
    const list = await call(target, 'externalcontact_customer_strategy_list', { token: c.cc, body: {} });
    const ids = (list.json!['strategy'] as Array<{ strategy_id: number }>).map((s) => s.strategy_id);
    expect(ids.length).toBe(1);
    const tags = await call(target, 'externalcontact_get_strategy_tag_list', { token: c.cc, body: { strategy_id: ids[0]! } });
    expect((tags.json!['tag_group'] as Array<{ strategy_id: number; tag: unknown[] }>)[0]).toMatchObject({ strategy_id: ids[0] });
    expect((await call(target, 'externalcontact_moment_strategy_list', { token: c.cc, body: {} })).json!['strategy']).toHaveLength(1);
    const made = await target.admin<{ strategy_id: number }>('POST', '/__mock/externalcontact/strategies', { corpid: c.corp.corpid, kind: 'moment', strategy_name: 'M2' });
    expect(made.status).toBe(201);
    expect((await call(target, 'externalcontact_moment_strategy_list', { token: c.cc, body: {} })).json!['strategy']).toHaveLength(2);
    expect((await call(target, 'externalcontact_get_strategy_tag_list', { token: c.cc, body: { strategy_id: 999 } })).errcode).toBe(code('INVALID_PARAMETER'));
  });

  it('When an empty corp starts, then it has no rule groups', async () => {
    const corp = await target.newCorp({ scenario: 'empty' });
    const { getToken } = await import('../../harness/client.js');
    const cc = await getToken(target, corp.corpid, corp.raw!.secrets.customer_contact);
    expect((await call(target, 'externalcontact_customer_strategy_list', { token: cc, body: {} })).json!['strategy']).toEqual([]);
  });

  it('When customers and groups are added today, then behavior data and group statistics count them', async () => {
    const c = await ecCorp(target);
    const a = await c.addCustomer();
    await c.addCustomer();
    await target.admin('POST', '/__mock/simulate/group-chats', { corpid: c.corp.corpid, action: 'create', userid: c.userid, members: [a.external_userid] });
    const now = Math.floor(Date.now() / 1000);
    const beh = await call(target, 'externalcontact_get_user_behavior_data', { token: c.cc, body: { userid: [c.userid], start_time: now, end_time: now } });
    expect((beh.json!['behavior_data'] as Array<{ new_contact_cnt: number }>).map((d) => d.new_contact_cnt)).toEqual([2]);
    const st = await call(target, 'externalcontact_groupchat_statistic', { token: c.cc, body: { day_begin_time: now, owner_filter: { userid_list: [c.userid] } } });
    expect(st.json!['total']).toBe(1);
    expect((st.json!['items'] as Array<{ data: Record<string, number> }>)[0]!.data).toMatchObject({ new_chat_cnt: 1, chat_total: 1, new_member_cnt: 2, member_total: 2 });
    const byDay = await call(target, 'externalcontact_groupchat_statistic_group_by_day', { token: c.cc, body: { day_begin_time: now - 86400, day_end_time: now, owner_filter: { userid_list: [c.userid] } } });
    expect((byDay.json!['items'] as Array<{ data: { new_chat_cnt: number } }>).map((d) => d.data.new_chat_cnt)).toEqual([0, 1]);
    expect((await call(target, 'externalcontact_get_user_behavior_data', { token: c.cc, body: { userid: [c.userid], start_time: now - 40 * 86400, end_time: now } })).errcode).toBe(code('INVALID_PARAMETER'));
    const openid = await call(target, 'externalcontact_convert_to_openid', { token: c.cc, body: { external_userid: a.external_userid } });
    expect(openid.json!['openid']).toMatch(/^o/);
  });

  it('When a school notification names parents, then they come back invalid (the mock keeps no 家校通讯录); a wrong agentid → 40056', async () => {
    const c = await ecCorp(target);
    const sent = await call(target, 'externalcontact_message_send', { token: c.app, body: { msgtype: 'text', agentid: c.corp.agentid, text: { content: 'hi' }, to_parent_userid: ['p1'] } });
    expect(sent.errcode, JSON.stringify(sent.json)).toBe(0);
    expect(sent.json!['invalid_parent_userid']).toEqual(['p1']);
    expect((await call(target, 'externalcontact_message_send', { token: c.app, body: { msgtype: 'text', agentid: c.corp.agentid + 1, text: { content: 'hi' } } })).errcode).toBe(code('INVALID_AGENTID'));
    expect((await call(target, 'externalcontact_set_subscribe_mode', { token: c.cc, body: { subscribe_mode: 2 } })).errcode).toBe(0);
    expect((await call(target, 'externalcontact_get_subscribe_qr_code', { token: c.cc })).json!['qrcode_big']).toMatch(/^https:/);
  });
});
