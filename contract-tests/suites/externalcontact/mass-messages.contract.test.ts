/**
 * Corp mass messages (doc path/92135, 93338, 97610, 97611): a task per member, nothing sent until the member
 * confirms (control plane), results per customer, 4 per customer and month, cancel and remind.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { ecCorp } from './helpers.js';

const target = await suiteTarget();

describe.skipIf(!target.isMock)('customer contact: mass messages', () => {
  it('When a member confirms a mass message, then its task and the customers\' results turn to sent', async () => {
    const c = await ecCorp(target);
    const a = await c.addCustomer();
    const b = await c.addCustomer();
    const made = await call(target, 'externalcontact_add_msg_template', { token: c.cc, body: { sender: c.userid, text: { content: 'hello' }, external_userid: [a.external_userid, b.external_userid, 'wmNOBODY'] } });
    expect(made.errcode).toBe(0);
    expect(made.json!['fail_list']).toEqual(['wmNOBODY']);
    const msgid = made.json!['msgid'] as string;

    const task = await call(target, 'externalcontact_get_groupmsg_task', { token: c.cc, body: { msgid } });
    expect(task.json!['task_list']).toEqual([{ userid: c.userid, status: 0 }]);
    const before = await call(target, 'externalcontact_get_groupmsg_send_result', { token: c.cc, body: { msgid, userid: c.userid } });
    expect((before.json!['send_list'] as Array<{ status: number }>).map((r) => r.status)).toEqual([0, 0]);

    const sent = await target.admin<{ sent: number }>('POST', '/__mock/externalcontact/groupmsg/send', { corpid: c.corp.corpid, msgid, userid: c.userid });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    expect(sent.json.sent).toBe(2);
    const after = await call(target, 'externalcontact_get_groupmsg_send_result', { token: c.cc, body: { msgid, userid: c.userid } });
    const rows = after.json!['send_list'] as Array<{ external_userid: string; status: number; send_time: number }>;
    expect(rows.map((r) => [r.external_userid, r.status])).toEqual([[a.external_userid, 1], [b.external_userid, 1]]);
    expect(rows[0]!.send_time).toBeGreaterThan(0);

    const now = Math.floor(Date.now() / 1000);
    const list = await call(target, 'externalcontact_get_groupmsg_list_v2', { token: c.cc, body: { chat_type: 'single', start_time: now - 86400 * 30, end_time: now + 86400 } });
    expect((list.json!['group_msg_list'] as Array<{ msgid: string }>).some((m) => m.msgid === msgid)).toBe(true);
  });

  it('When a customer got 4 corp mass messages this month, then a fifth lists it in fail_list', async () => {
    const c = await ecCorp(target);
    const a = await c.addCustomer();
    for (let i = 0; i < 4; i++) {
      const r = await call(target, 'externalcontact_add_msg_template', { token: c.cc, body: { sender: c.userid, text: { content: `m${i}` }, external_userid: [a.external_userid] } });
      expect(r.json!['fail_list']).toEqual([]);
    }
    const fifth = await call(target, 'externalcontact_add_msg_template', { token: c.cc, body: { sender: c.userid, text: { content: 'm5' }, external_userid: [a.external_userid] } });
    expect(fifth.errcode).toBe(code('NO_CUSTOMER_TO_SEND'));
  });

  it('When a mass message has no content, too many attachments or no recipient, then 44004, 41064 and 41048', async () => {
    const c = await ecCorp(target);
    await c.addCustomer();
    expect((await call(target, 'externalcontact_add_msg_template', { token: c.cc, body: { sender: c.userid } })).errcode).toBe(code('EMPTY_CONTENT'));
    const ten = Array.from({ length: 10 }, () => ({ msgtype: 'image', image: { media_id: 'M' } }));
    expect((await call(target, 'externalcontact_add_msg_template', { token: c.cc, body: { sender: c.userid, attachments: ten }, unchecked: true })).errcode).toBe(code('TOO_MANY_ATTACHMENTS'));
    expect((await call(target, 'externalcontact_add_msg_template', { token: c.cc, body: { sender: c.userid, text: { content: 'x' }, external_userid: ['wmNOBODY'] } })).errcode).toBe(code('NO_CUSTOMER_TO_SEND'));
  });

  it('When a mass message is reminded thrice in a day or cancelled, then 41094 and 41093; unknown ids 41047', async () => {
    const c = await ecCorp(target);
    const a = await c.addCustomer();
    const msgid = (await call(target, 'externalcontact_add_msg_template', { token: c.cc, body: { sender: c.userid, text: { content: 'x' }, external_userid: [a.external_userid] } })).json!['msgid'] as string;
    for (let i = 0; i < 3; i++) expect((await call(target, 'externalcontact_remind_groupmsg_send', { token: c.cc, body: { msgid } })).errcode).toBe(0);
    expect((await call(target, 'externalcontact_remind_groupmsg_send', { token: c.cc, body: { msgid } })).errcode).toBe(code('GROUP_MSG_REMIND_TOO_FREQUENT'));
    await c.advance(24 * 3600);
    const cc = await getToken(target, c.corp.corpid, c.corp.raw!.secrets.customer_contact);
    expect((await call(target, 'externalcontact_remind_groupmsg_send', { token: cc, body: { msgid } })).errcode).toBe(0);
    expect((await call(target, 'externalcontact_cancel_groupmsg_send', { token: cc, body: { msgid } })).errcode).toBe(0);
    expect((await call(target, 'externalcontact_remind_groupmsg_send', { token: cc, body: { msgid } })).errcode).toBe(code('GROUP_MSG_CANCELLED'));
    const refused = await target.admin('POST', '/__mock/externalcontact/groupmsg/send', { corpid: c.corp.corpid, msgid, userid: c.userid });
    expect(refused.status).toBe(409);
    expect((await call(target, 'externalcontact_get_groupmsg_task', { token: cc, body: { msgid: 'msgNOPE' } })).errcode).toBe(code('INVALID_GROUP_MSG_ID'));
  });

  it('When a group mass message names no sender, then 40058; with one it goes to the groups the sender owns', async () => {
    const c = await ecCorp(target);
    const a = await c.addCustomer();
    const g = await target.admin<{ chat_id: string }>('POST', '/__mock/simulate/group-chats', { corpid: c.corp.corpid, action: 'create', userid: c.userid, name: 'G', members: [a.external_userid] });
    expect(g.status, JSON.stringify(g.json)).toBe(201);
    expect((await call(target, 'externalcontact_add_msg_template', { token: c.cc, body: { chat_type: 'group', text: { content: 'x' } } })).errcode).toBe(code('INVALID_PARAMETER'));
    const made = await call(target, 'externalcontact_add_msg_template', { token: c.cc, body: { chat_type: 'group', sender: c.userid, text: { content: 'x' } } });
    expect(made.errcode).toBe(0);
    const res = await call(target, 'externalcontact_get_groupmsg_send_result', { token: c.cc, body: { msgid: made.json!['msgid'] as string, userid: c.userid } });
    expect(res.json!['send_list']).toEqual([{ chat_id: g.json.chat_id, userid: c.userid, status: 0 }]);
  });
});
