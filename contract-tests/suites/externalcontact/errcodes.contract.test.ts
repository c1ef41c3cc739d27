/** Customer contact errcodes, partial results, access and the clock-bound welcome code (doc path/92109). */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code } from '../../harness/client.js';
import { ecCorp } from './helpers.js';

const target = await suiteTarget();

describe.skipIf(!target.isMock)('contact ways', () => {
  it('When type, scene, style or the member list are wrong, then each gets its 4103x code and nothing is created', async () => {
    const c = await ecCorp(target);
    const before = (await call(target, 'externalcontact_list_contact_way', { token: c.cc, body: {} })).json!['contact_way'];
    expect((await call(target, 'externalcontact_add_contact_way', { unchecked: true, token: c.cc, body: { scene: 1, user: [c.userid] } })).errcode).toBe(code('CONTACT_WAY_TYPE_MISSING'));
    expect((await call(target, 'externalcontact_add_contact_way', { unchecked: true, token: c.cc, body: { type: 1, user: [c.userid] } })).errcode).toBe(code('CONTACT_WAY_SCENE_MISSING'));
    expect((await call(target, 'externalcontact_add_contact_way', { unchecked: true, token: c.cc, body: { type: 3, scene: 1, user: [c.userid] } })).errcode).toBe(code('INVALID_CONTACT_WAY_TYPE'));
    expect((await call(target, 'externalcontact_add_contact_way', { unchecked: true, token: c.cc, body: { type: 1, scene: 5, user: [c.userid] } })).errcode).toBe(code('INVALID_CONTACT_WAY_SCENE'));
    expect((await call(target, 'externalcontact_add_contact_way', { token: c.cc, body: { type: 1, scene: 1, style: 11, user: [c.userid] } })).errcode).toBe(code('INVALID_CONTACT_WAY_STYLE'));
    const two = c.corp.raw!.sample_userids!.slice(0, 2);
    expect((await call(target, 'externalcontact_add_contact_way', { token: c.cc, body: { type: 1, scene: 1, user: two } })).errcode).toBe(code('CONTACT_WAY_TOO_MANY_USERS'));
    expect((await call(target, 'externalcontact_add_contact_way', { token: c.cc, body: { type: 1, scene: 1, user: ['nobody_here'] } })).errcode).toBe(code('USERID_NOT_FOUND'));
    const list = await call(target, 'externalcontact_list_contact_way', { token: c.cc, body: {} });
    expect(list.json!['contact_way']).toEqual(before);
  });

  it('When a mini-program way is created, then it has no qr_code; get, update and delete follow; an unknown config_id is 41044', async () => {
    const c = await ecCorp(target);
    const add = await call(target, 'externalcontact_add_contact_way', { token: c.cc, body: { type: 2, scene: 1, user: c.corp.raw!.sample_userids!.slice(0, 2), state: 's1' } });
    expect(add.errcode, add.text).toBe(0);
    expect(add.json!['qr_code']).toBeUndefined();
    const id = add.json!['config_id'] as string;
    expect((await call(target, 'externalcontact_update_contact_way', { token: c.cc, body: { config_id: id, remark: 'r', state: 's2' } })).errcode).toBe(0);
    const got = await call(target, 'externalcontact_get_contact_way', { token: c.cc, body: { config_id: id } });
    expect(got.json!['contact_way']).toMatchObject({ config_id: id, type: 2, scene: 1, remark: 'r', state: 's2' });
    expect((await call(target, 'externalcontact_del_contact_way', { token: c.cc, body: { config_id: id } })).errcode).toBe(0);
    expect((await call(target, 'externalcontact_get_contact_way', { token: c.cc, body: { config_id: id } })).errcode).toBe(code('INVALID_CONTACT_WAY_CONFIG_ID'));
    expect((await call(target, 'externalcontact_get_contact_way', { unchecked: true, token: c.cc, body: {} })).errcode).toBe(code('CONTACT_WAY_CONFIG_ID_MISSING'));
  });

  it('When the quota is reached, then add_contact_way answers 41045', async () => {
    const c = await ecCorp(target);
    // The demo corp's own ways count towards the quota: room for exactly one more.
    const demo = ((await call(target, 'externalcontact_list_contact_way', { token: c.cc, body: {} })).json!['contact_way'] as unknown[]).length;
    await target.admin('PATCH', '/__mock/externalcontact/settings', { corpid: c.corp.corpid, contact_way_quota: demo + 1 });
    expect((await call(target, 'externalcontact_add_contact_way', { token: c.cc, body: { type: 1, scene: 2, user: [c.userid] } })).errcode).toBe(0);
    expect((await call(target, 'externalcontact_add_contact_way', { token: c.cc, body: { type: 1, scene: 2, user: [c.userid] } })).errcode).toBe(code('CONTACT_WAY_QUOTA_REACHED'));
  });

  it('When ways are listed with a small limit, then the cursor pages through them in a 90-day window moved by the clock', async () => {
    const c = await ecCorp(target);
    const demo = ((await call(target, 'externalcontact_list_contact_way', { token: c.cc, body: {} })).json!['contact_way'] as unknown[]).length;
    for (let i = 0; i < 3; i++) expect((await call(target, 'externalcontact_add_contact_way', { token: c.cc, body: { type: 1, scene: 2, user: [c.userid] } })).errcode).toBe(0);
    const seen: unknown[] = [];
    let cursor = '';
    do {
      const p = await call(target, 'externalcontact_list_contact_way', { token: c.cc, body: { limit: 2, ...(cursor && { cursor }) } });
      expect((p.json!['contact_way'] as unknown[]).length).toBeLessThanOrEqual(2);
      seen.push(...(p.json!['contact_way'] as unknown[]));
      cursor = p.json!['next_cursor'] as string;
    } while (cursor);
    expect(seen).toHaveLength(demo + 3);
    expect((await call(target, 'externalcontact_list_contact_way', { token: c.cc, body: { cursor: 'bogus' } })).errcode).toBe(code('INVALID_CURSOR'));
    expect((await call(target, 'externalcontact_list_contact_way', { token: c.cc, body: { limit: 1001 } })).errcode).toBe(code('INVALID_PARAMETER'));
    await c.advance(91 * 86_400);
    expect((await call(target, 'externalcontact_list_contact_way', { token: c.cc, body: {} })).json!['contact_way']).toEqual([]);
  });
  it('When list_contact_way asks from 2021-06-01 with limit 1000 (the document\'s example), then the way just created is listed; a reversed window lists nothing', async () => {
    // doc path/92228: start_time defaults to 90 days back, end_time to now; no longest window is named.
    const c = await ecCorp(target);
    const add = await call(target, 'externalcontact_add_contact_way', { token: c.cc, body: { type: 1, scene: 2, user: [c.userid] } });
    expect(add.errcode, add.text).toBe(0);
    const wide = await call(target, 'externalcontact_list_contact_way', { token: c.cc, body: { start_time: 1622476800, limit: 1000 } });
    expect(wide.errcode, wide.text).toBe(0);
    expect(wide.json!['contact_way']).toContainEqual({ config_id: add.json!['config_id'] });
    const now = Math.floor(Date.now() / 1000);
    const reversed = await call(target, 'externalcontact_list_contact_way', { token: c.cc, body: { start_time: now + 3600, end_time: now - 3600 } });
    expect(reversed.errcode, reversed.text).toBe(0);
    expect(reversed.json!['contact_way']).toEqual([]);
  });
});

describe.skipIf(!target.isMock)('customers', () => {
  it('When a member has no customers, then list answers 84061 with external_userid []', async () => {
    const c = await ecCorp(target);
    const r = await call(target, 'externalcontact_list', { token: c.cc, query: { userid: c.userid } });
    expect(r.errcode).toBe(code('NOT_EXTERNAL_CONTACT'));
    expect(r.json!['external_userid']).toEqual([]);
    expect((await call(target, 'externalcontact_list', { token: c.cc, query: { userid: 'nobody_here' } })).errcode).toBe(code('USERID_NOT_FOUND'));
  });

  it('When get names a made-up id or a customer the member deleted, then 40096 / 84061 with follow_user []', async () => {
    const c = await ecCorp(target);
    const bad = await call(target, 'externalcontact_get', { token: c.cc, query: { external_userid: 'wmXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' } });
    expect(bad.errcode).toBe(code('INVALID_EXTERNAL_USERID'));
    expect(bad.json!['follow_user']).toEqual([]);
    const sim = await c.addCustomer();
    await target.admin('POST', '/__mock/simulate/customer-changes', { corpid: c.corp.corpid, change: 'del_external_contact', userid: c.userid, external_userid: sim.external_userid });
    const gone = await call(target, 'externalcontact_get', { token: c.cc, query: { external_userid: sim.external_userid } });
    expect(gone.errcode).toBe(code('NOT_EXTERNAL_CONTACT'));
    expect(gone.json!['follow_user']).toEqual([]);
  });

  // 41050: "欢迎语code(welcome_code)具有时效性，须在添加好友后20秒内使用" (the official errcode list; doc path/92137).
  it('When the welcome code is used twice, then 41051; after 20 s or unknown, 41050; missing 41049', async () => {
    const c = await ecCorp(target);
    const a = await c.addCustomer();
    expect((await call(target, 'externalcontact_send_welcome_msg', { token: c.cc, body: { welcome_code: a.welcome_code!, text: { content: 'hi' } } })).errcode).toBe(0);
    expect((await call(target, 'externalcontact_send_welcome_msg', { token: c.cc, body: { welcome_code: a.welcome_code!, text: { content: 'hi' } } })).errcode).toBe(code('CUSTOMER_CHAT_ALREADY_STARTED'));
    const b = await c.addCustomer();
    await c.advance(19);
    expect((await call(target, 'externalcontact_send_welcome_msg', { token: c.cc, body: { welcome_code: b.welcome_code!, text: { content: 'hi' } } })).errcode).toBe(0);
    const old = await c.addCustomer();
    await c.advance(21);
    expect((await call(target, 'externalcontact_send_welcome_msg', { token: c.cc, body: { welcome_code: old.welcome_code!, text: { content: 'hi' } } })).errcode).toBe(code('INVALID_WELCOME_CODE'));
    expect((await call(target, 'externalcontact_send_welcome_msg', { token: c.cc, body: { welcome_code: 'nope', text: { content: 'hi' } } })).errcode).toBe(code('INVALID_WELCOME_CODE'));
    expect((await call(target, 'externalcontact_send_welcome_msg', { unchecked: true, token: c.cc, body: { text: { content: 'hi' } } })).errcode).toBe(code('WELCOME_CODE_MISSING'));
  });

  it('When the console has a welcome message, then the add carries no WelcomeCode', async () => {
    const c = await ecCorp(target);
    await target.admin('PATCH', '/__mock/externalcontact/settings', { corpid: c.corp.corpid, console_welcome_msg: true });
    const a = await c.addCustomer();
    expect(a.welcome_code).toBeNull();
  });

  it('When batch/get_by_user mixes known and unknown members, then the known ones page; a large limit is clamped to 100', async () => {
    const c = await ecCorp(target);
    for (let i = 0; i < 3; i++) await c.addCustomer();
    const r = await call(target, 'externalcontact_batch_get_by_user', { token: c.cc, body: { userid_list: ['nobody_here', c.userid], limit: 2 } });
    expect(r.errcode, r.text).toBe(0);
    expect(r.json!['external_contact_list']).toHaveLength(2);
    const r2 = await call(target, 'externalcontact_batch_get_by_user', { token: c.cc, body: { userid_list: ['nobody_here', c.userid], limit: 2, cursor: r.json!['next_cursor'] } });
    expect(r2.json!['external_contact_list']).toHaveLength(1);
    expect(r2.json!['next_cursor']).toBe('');
    expect((await call(target, 'externalcontact_batch_get_by_user', { token: c.cc, body: { userid_list: ['nobody_here'] } })).errcode).toBe(code('USERID_NOT_FOUND'));
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect((await call(target, 'externalcontact_batch_get_by_user', { token: c.cc, body: { userid_list: many } })).errcode).toBe(code('INVALID_USERID_LIST_LENGTH'));
    expect((await call(target, 'externalcontact_batch_get_by_user', { token: c.cc, body: { userid_list: [c.userid], limit: 5000 } })).errcode).toBe(0);
  });

  it('When the customer is deleted by the member or edits their name, then the events are emitted and the relationship follows', async () => {
    const c = await ecCorp(target);
    const a = await c.addCustomer({ name: 'A' });
    const e = await target.admin<{ event: Record<string, unknown> }>('POST', '/__mock/simulate/customer-changes', { corpid: c.corp.corpid, change: 'edit_external_contact', userid: c.userid, external_userid: a.external_userid, name: 'B' });
    expect(e.json.event).toEqual({ Event: 'change_external_contact', ChangeType: 'edit_external_contact', UserID: c.userid, ExternalUserID: a.external_userid });
    const got = await call(target, 'externalcontact_get', { token: c.cc, query: { external_userid: a.external_userid } });
    expect((got.json!['external_contact'] as Record<string, unknown>)['name']).toBe('B');
    const d = await target.admin('POST', '/__mock/simulate/customer-changes', { corpid: c.corp.corpid, change: 'del_external_contact', userid: c.userid, external_userid: a.external_userid });
    expect(d.status).toBe(201);
    expect((await call(target, 'externalcontact_list', { token: c.cc, query: { userid: c.userid } })).errcode).toBe(code('NOT_EXTERNAL_CONTACT'));
  });

  it('When a customer has a unionid, then unionid_to_external_userid answers the same id as list; get_follow_user_list lists featured members', async () => {
    const c = await ecCorp(target);
    const a = await c.addCustomer({ unionid: 'oUNION1' });
    expect((await call(target, 'externalcontact_unionid_to_external_userid', { token: c.cc, body: { unionid: 'oUNION1' } })).json!['external_userid']).toBe(a.external_userid);
    expect((await call(target, 'externalcontact_unionid_to_external_userid', { token: c.cc, body: { unionid: 'oOTHER' } })).errcode).toBe(code('NOT_EXTERNAL_CONTACT'));
    const f = await call(target, 'externalcontact_get_follow_user_list', { token: c.cc });
    expect(f.json!['follow_user']).toContain(c.userid);
  });
});

describe.skipIf(!target.isMock)('access', () => {
  it('When an app is not callable, then 48002; a member without the feature gets 84074', async () => {
    const c = await ecCorp(target);
    await target.admin('PATCH', '/__mock/externalcontact/settings', { corpid: c.corp.corpid, callable_agentids: [], member_feature: { [c.userid]: false } });
    expect((await call(target, 'externalcontact_list', { token: c.app, query: { userid: c.userid } })).errcode).toBe(code('API_FORBIDDEN'));
    expect((await call(target, 'externalcontact_list', { token: c.cc, query: { userid: c.userid } })).errcode).toBe(code('NO_EXTERNAL_CONTACT_PERMISSION'));
    const f = await call(target, 'externalcontact_get_follow_user_list', { token: c.cc });
    expect(f.json!['follow_user']).not.toContain(c.userid);
  });
});

describe.skipIf(!target.isMock)('corp tags', () => {
  it('When tags are added, edited, marked and deleted, then duplicates are 40071, unknown ids 40068, another app 81011, and events follow', async () => {
    const c = await ecCorp(target);
    const add = await call(target, 'externalcontact_add_corp_tag', { token: c.app, body: { group_name: 'G', tag: [{ name: 'T1' }, { name: 'T2' }] } });
    expect(add.errcode, add.text).toBe(0);
    const group = add.json!['tag_group'] as { group_id: string; tag: Array<{ id: string }> };
    expect(group.tag[0]!.id).toMatch(/^et/);
    expect((await call(target, 'externalcontact_add_corp_tag', { token: c.app, body: { group_id: group.group_id, tag: [{ name: 'T1' }] } })).errcode).toBe(code('INVALID_TAG_NAME'));
    expect((await call(target, 'externalcontact_add_corp_tag', { token: c.app, body: { group_id: 'etNOPE', tag: [{ name: 'X' }] } })).errcode).toBe(code('INVALID_TAGID'));
    // The customer-contact secret did not create the group: 81011.
    expect((await call(target, 'externalcontact_edit_corp_tag', { token: c.cc, body: { id: group.tag[0]!.id, name: 'T9' } })).errcode).toBe(code('TAG_NO_PRIVILEGE'));
    expect((await call(target, 'externalcontact_edit_corp_tag', { token: c.app, body: { id: group.tag[0]!.id, name: 'T2' } })).errcode).toBe(code('INVALID_TAG_NAME'));
    expect((await call(target, 'externalcontact_edit_corp_tag', { token: c.app, body: { id: group.tag[0]!.id, name: 'T3' } })).errcode).toBe(0);
    const a = await c.addCustomer();
    expect((await call(target, 'externalcontact_mark_tag', { token: c.cc, body: { userid: c.userid, external_userid: a.external_userid, add_tag: ['etNOPE'] } })).errcode).toBe(code('INVALID_TAGID'));
    expect((await call(target, 'externalcontact_mark_tag', { token: c.cc, body: { userid: c.userid, external_userid: a.external_userid, add_tag: [group.tag[0]!.id] } })).errcode).toBe(0);
    const got = await call(target, 'externalcontact_get', { token: c.cc, query: { external_userid: a.external_userid } });
    const tags = (got.json!['follow_user'] as Array<{ tags: Array<Record<string, unknown>> }>)[0]!.tags;
    expect(tags).toEqual([{ group_name: 'G', tag_name: 'T3', tag_id: group.tag[0]!.id, type: 1 }]);
    const list = await call(target, 'externalcontact_get_corp_tag_list', { token: c.cc, body: { tag_id: [group.tag[1]!.id] } });
    expect((list.json!['tag_group'] as Array<{ tag: unknown[] }>)[0]!.tag).toHaveLength(1);
    // Both given: "同时传递tag_id和group_id时，忽略tag_id，仅以group_id作为过滤条件" (doc path/92117).
    const both = await call(target, 'externalcontact_get_corp_tag_list', { token: c.cc, body: { tag_id: [group.tag[1]!.id], group_id: [group.group_id] } });
    expect(both.json!['tag_group']).toEqual([expect.objectContaining({ group_id: group.group_id, tag: [expect.objectContaining({ name: 'T3' }), expect.objectContaining({ name: 'T2' })] })]);
    expect((await call(target, 'externalcontact_del_corp_tag', { token: c.app, body: { tag_id: [group.tag[0]!.id, 'etNOPE'] } })).errcode).toBe(code('INVALID_TAGID'));
    expect((await call(target, 'externalcontact_del_corp_tag', { token: c.app, body: { group_id: [group.group_id] } })).errcode).toBe(0);
    const left = (await call(target, 'externalcontact_get_corp_tag_list', { token: c.cc, body: {} })).json!['tag_group'] as Array<{ group_id: string }>;
    expect(left.map((g) => g.group_id)).not.toContain(group.group_id);
    const ev = await target.admin<{ events: Array<{ event: Record<string, unknown> }> }>('GET', `/__mock/events?corpid=${c.corp.corpid}`);
    const kinds = ev.json.events.filter((e) => e.event['Event'] === 'change_external_tag').map((e) => `${String(e.event['TagType'])}:${String(e.event['ChangeType'])}`);
    expect(kinds).toEqual(['tag_group:create', 'tag:create', 'tag:create', 'tag:update', 'tag_group:delete']);
  });

  // Two tags of one name in one add_corp_tag request make one tag (developer.work.weixin.qq.com/document/path/92117).
  it('When add_corp_tag names the same tag twice in one request, then one tag is created', async () => {
    const c = await ecCorp(target);
    const add = await call(target, 'externalcontact_add_corp_tag', { token: c.cc, body: { group_name: 'Dup', tag: [{ name: 'A', order: 2 }, { name: 'B' }, { name: 'A', order: 9 }] } });
    expect(add.errcode, add.text).toBe(0);
    const tags = (add.json!['tag_group'] as { tag: Array<{ name: string; order: number }> }).tag;
    expect(tags.map((t) => t.name).sort()).toEqual(['A', 'B']);
    expect(tags.find((t) => t.name === 'A')!.order).toBe(2);
  });
});

// errcode 84061's detail (the official errcode list): "如果客户删除了服务人员，此时是还存在单向好友关系，可以调用客户联系相关接口。
// 反之，如果是服务人员删除了客户，则不再存在好友关系" and "服务人员开启了免验证的情况下 … 需要服务人员添加好友后才可以调用接口".
describe.skipIf(!target.isMock)('one-way and half-added customers', () => {
  it('When the customer deleted the member, then the member can still remark them; when the member deleted the customer, 84061', async () => {
    const c = await ecCorp(target);
    const sim = await c.addCustomer();
    const change = (kind: string) => target.admin('POST', '/__mock/simulate/customer-changes', { corpid: c.corp.corpid, change: kind, userid: c.userid, external_userid: sim.external_userid });
    expect((await change('del_follow_user')).status).toBe(201);
    expect((await call(target, 'externalcontact_remark', { token: c.cc, body: { userid: c.userid, external_userid: sim.external_userid, remark: 'one-way' } })).errcode).toBe(0);
    const got = await call(target, 'externalcontact_get', { token: c.cc, query: { external_userid: sim.external_userid } });
    expect((got.json!['follow_user'] as Array<{ remark: string }>)[0]!.remark).toBe('one-way');
    expect((await change('del_external_contact')).status).toBe(201);
    expect((await call(target, 'externalcontact_remark', { token: c.cc, body: { userid: c.userid, external_userid: sim.external_userid, remark: 'gone' } })).errcode).toBe(code('NOT_EXTERNAL_CONTACT'));
  });

  it('When a customer added the member without verification, then 84061 until the member adds them back', async () => {
    const c = await ecCorp(target);
    const half = await c.addCustomer({ change_type: 'add_half_external_contact' });
    const remark = () => call(target, 'externalcontact_remark', { token: c.cc, body: { userid: c.userid, external_userid: half.external_userid, remark: 'r' } });
    expect((await remark()).errcode).toBe(code('NOT_EXTERNAL_CONTACT'));
    expect((await call(target, 'externalcontact_get', { token: c.cc, query: { external_userid: half.external_userid } })).errcode).toBe(code('NOT_EXTERNAL_CONTACT'));
    expect((await call(target, 'externalcontact_list', { token: c.cc, query: { userid: c.userid } })).errcode).toBe(code('NOT_EXTERNAL_CONTACT'));
    // The member adds the customer back.
    await c.addCustomer({ customer_id: half.customer_id, change_type: 'add_external_contact' });
    expect((await remark()).errcode).toBe(0);
    expect((await call(target, 'externalcontact_list', { token: c.cc, query: { userid: c.userid } })).json!['external_userid']).toEqual([half.external_userid]);
  });
});

describe.skipIf(!target.isMock)('customer groups', () => {
  it('When a group is created, joined, renamed and dismissed, then list and get follow and a dismissed group is 49008', async () => {
    const c = await ecCorp(target);
    const a = await c.addCustomer({ unionid: 'oU' });
    const sim = (body: Record<string, unknown>) => target.admin<{ chat_id: string; event: Record<string, unknown> }>('POST', '/__mock/simulate/group-chats', { corpid: c.corp.corpid, ...body });
    const made = await sim({ action: 'create', userid: c.userid, name: '客服群' });
    expect(made.status).toBe(201);
    const chat = made.json.chat_id;
    expect(chat).toMatch(/^wr/);
    const join = await sim({ action: 'join', chat_id: chat, members: [a.external_userid], join_scene: 3 });
    expect(join.json.event).toMatchObject({ Event: 'change_external_chat', ChangeType: 'update', UpdateDetail: 'add_member', JoinScene: 3, MemChangeCnt: 1 });
    await sim({ action: 'rename', chat_id: chat, name: '新群名' });
    const list = await call(target, 'externalcontact_groupchat_list', { token: c.cc, body: { limit: 1000, owner_filter: { userid_list: [c.userid] } } });
    expect(list.json!['group_chat_list']).toContainEqual({ chat_id: chat, status: 0 });
    const owners = await Promise.all(
      (list.json!['group_chat_list'] as Array<{ chat_id: string }>).map(async (g) => (await call(target, 'externalcontact_groupchat_get', { token: c.cc, body: { chat_id: g.chat_id } })).json!['group_chat']),
    );
    expect(owners.every((g) => (g as { owner: string }).owner === c.userid)).toBe(true);
    expect((await call(target, 'externalcontact_groupchat_list', { unchecked: true, token: c.cc, body: {} })).errcode).not.toBe(0);
    const got = await call(target, 'externalcontact_groupchat_get', { token: c.cc, body: { chat_id: chat, need_name: 1 } });
    const g = got.json!['group_chat'] as { name: string; member_list: Array<Record<string, unknown>> };
    expect(g.name).toBe('新群名');
    expect(g.member_list[1]).toMatchObject({ userid: a.external_userid, type: 2, unionid: 'oU', join_scene: 3 });
    await sim({ action: 'quit', chat_id: chat, members: [a.external_userid], quit_scene: 1 });
    await sim({ action: 'dismiss', chat_id: chat });
    expect((await call(target, 'externalcontact_groupchat_get', { token: c.cc, body: { chat_id: chat } })).errcode).toBe(code('GROUP_CHAT_DISMISSED'));
    expect((await call(target, 'externalcontact_groupchat_get', { token: c.cc, body: { chat_id: 'wrNOPE' } })).errcode).toBe(code('CHAT_NOT_FOUND'));
  });
});
