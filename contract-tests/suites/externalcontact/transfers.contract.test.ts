/**
 * Transfers (doc path/92125, 94088, 94081, 94082, 92124, 92127, 95703): the takeover 24 hours later on the mock
 * clock, the customer's refusal (transfer_fail), 2 transfers per 90 days, resigned members' customers and groups.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { ecCorp } from './helpers.js';

const target = await suiteTarget();

describe.skipIf(!target.isMock)('customer contact: transfers', () => {
  it('When a customer is transferred, then it waits 24 hours and then belongs to the takeover member', async () => {
    const c = await ecCorp(target);
    const a = await c.addCustomer();
    const taker = c.corp.raw!.sample_userids!.find((u) => u !== c.userid)!;
    // The demo corp's taker already follows customers of its own: compare with what it had.
    const had = (await call(target, 'externalcontact_list', { token: c.cc, query: { userid: taker } })).json!['external_userid'] as string[];
    const r = await call(target, 'externalcontact_transfer_customer', { token: c.cc, body: { handover_userid: c.userid, takeover_userid: taker, external_userid: [a.external_userid, 'wmNOBODY'] } });
    expect(r.json!['customer']).toEqual([{ external_userid: a.external_userid, errcode: 0 }, { external_userid: 'wmNOBODY', errcode: code('INVALID_EXTERNAL_USERID') }]);
    const waiting = await call(target, 'externalcontact_transfer_result', { token: c.cc, body: { handover_userid: c.userid, takeover_userid: taker } });
    expect((waiting.json!['customer'] as Array<{ status: number }>)[0]!.status).toBe(2);
    expect((await call(target, 'externalcontact_transfer_customer', { token: c.cc, body: { handover_userid: c.userid, takeover_userid: taker, external_userid: [a.external_userid] } })).json!['customer']).toEqual([
      { external_userid: a.external_userid, errcode: code('CUSTOMER_TRANSFER_IN_PROGRESS') },
    ]);

    await c.advance(24 * 3600 + 1);
    const cc = await getToken(target, c.corp.corpid, c.corp.raw!.secrets.customer_contact);
    const done = await call(target, 'externalcontact_transfer_result', { token: cc, body: { handover_userid: c.userid, takeover_userid: taker } });
    expect((done.json!['customer'] as Array<{ status: number }>)[0]!.status).toBe(1);
    const now = (await call(target, 'externalcontact_list', { token: cc, query: { userid: taker } })).json!['external_userid'] as string[];
    expect([...now].sort()).toEqual([...had, a.external_userid].sort());
  });

  it('When the customer refuses, then status 3 and a transfer_fail event; a third transfer in 90 days → 40128; the same member → 40130', async () => {
    const c = await ecCorp(target);
    const a = await c.addCustomer();
    const [u1, u2] = c.corp.raw!.sample_userids!.filter((u) => u !== c.userid);
    const body = (from: string, to: string) => ({ token: c.cc, body: { handover_userid: from, takeover_userid: to, external_userid: [a.external_userid] } });
    expect((await call(target, 'externalcontact_transfer_customer', body(c.userid, c.userid))).errcode).toBe(code('HANDOVER_TAKEOVER_SAME_USER'));
    await call(target, 'externalcontact_transfer_customer', body(c.userid, u1!));
    const refused = await target.admin<{ event: Record<string, unknown> }>('POST', '/__mock/externalcontact/transfer/refuse', { corpid: c.corp.corpid, external_userid: a.external_userid });
    expect(refused.status, JSON.stringify(refused.json)).toBe(201);
    expect(refused.json.event).toMatchObject({ ChangeType: 'transfer_fail', FailReason: 'customer_refused', ExternalUserID: a.external_userid });
    const res = await call(target, 'externalcontact_transfer_result', body(c.userid, u1!) as never);
    expect(res.json!['customer']).toEqual([{ external_userid: a.external_userid, status: 3, takeover_time: 0 }]);

    // Two completed transfers (there and back), then a third is refused within 90 days.
    await call(target, 'externalcontact_transfer_customer', body(c.userid, u1!));
    await c.advance(24 * 3600 + 1);
    const cc = await getToken(target, c.corp.corpid, c.corp.raw!.secrets.customer_contact);
    const again = (from: string, to: string) => call(target, 'externalcontact_transfer_customer', { token: cc, body: { handover_userid: from, takeover_userid: to, external_userid: [a.external_userid] } });
    expect((await again(u1!, u2!)).json!['customer']).toEqual([{ external_userid: a.external_userid, errcode: 0 }]);
    await c.advance(24 * 3600 + 1);
    const cc2 = await getToken(target, c.corp.corpid, c.corp.raw!.secrets.customer_contact);
    const third = await call(target, 'externalcontact_transfer_customer', { token: cc2, body: { handover_userid: u2!, takeover_userid: c.userid, external_userid: [a.external_userid] } });
    expect(third.json!['customer']).toEqual([{ external_userid: a.external_userid, errcode: code('CUSTOMER_TRANSFER_TOO_FREQUENT') }]);
  });

  it('When a member with customers and a group is deleted, then the customers are unassigned and can be handed over with their group', async () => {
    const c = await ecCorp(target);
    const gone = c.corp.raw!.sample_userids!.find((u) => u !== c.userid)!;
    const a = await c.addCustomer({ userid: gone });
    const g = await target.admin<{ chat_id: string }>('POST', '/__mock/simulate/group-chats', { corpid: c.corp.corpid, action: 'create', userid: gone, members: [a.external_userid] });
    expect(g.status).toBe(201);
    // Not resigned yet: 40097, and the group cannot go through groupchat/transfer (90500).
    expect((await call(target, 'externalcontact_resigned_transfer_customer', { token: c.cc, body: { handover_userid: gone, takeover_userid: c.userid, external_userid: [a.external_userid] } })).errcode).toBe(code('USER_NOT_RESIGNED'));
    const early = await call(target, 'externalcontact_groupchat_transfer', { token: c.cc, body: { chat_id_list: [g.json.chat_id], new_owner: c.userid } });
    expect((early.json!['failed_chat_list'] as Array<{ errcode: number }>)[0]!.errcode).toBe(code('GROUPCHAT_OWNER_NOT_RESIGNED'));

    const sync = await getToken(target, c.corp.corpid, c.corp.contactsSecret!);
    expect((await call(target, 'user_delete', { token: sync, query: { userid: gone } })).errcode).toBe(0);
    const un = await call(target, 'externalcontact_get_unassigned_list', { token: c.cc, body: {} });
    // The demo corp's member also leaves demo customers behind: look at the one this test added.
    const all = un.json!['info'] as Array<{ handover_userid: string; external_userid: string; dimission_time: number }>;
    expect(all.every((r) => r.handover_userid === gone)).toBe(true);
    const rows = all.filter((r) => r.external_userid === a.external_userid);
    expect(rows.map((r) => [r.handover_userid, r.external_userid])).toEqual([[gone, a.external_userid]]);
    expect(rows[0]!.dimission_time).toBeGreaterThan(0);
    expect(un.json!['is_last']).toBe(true);

    const moved = await call(target, 'externalcontact_resigned_transfer_customer', { token: c.cc, body: { handover_userid: gone, takeover_userid: c.userid, external_userid: [a.external_userid] } });
    expect(moved.json!['customer']).toEqual([{ external_userid: a.external_userid, errcode: 0 }]);
    const left = (await call(target, 'externalcontact_get_unassigned_list', { token: c.cc, body: {} })).json!['info'] as Array<{ external_userid: string }>;
    expect(left.map((r) => r.external_userid)).not.toContain(a.external_userid);
    expect(left).toHaveLength(all.length - 1);
    const chat = await call(target, 'externalcontact_groupchat_transfer', { token: c.cc, body: { chat_id_list: [g.json.chat_id], new_owner: c.userid } });
    expect(chat.json!['failed_chat_list']).toEqual([]);
    expect(((await call(target, 'externalcontact_groupchat_get', { token: c.cc, body: { chat_id: g.json.chat_id } })).json!['group_chat'] as { owner: string }).owner).toBe(c.userid);
  });

  it('When an active owner\'s group is handed over, then the owner changes; the same owner fails with 90504', async () => {
    const c = await ecCorp(target);
    const other = c.corp.raw!.sample_userids!.find((u) => u !== c.userid)!;
    const g = await target.admin<{ chat_id: string }>('POST', '/__mock/simulate/group-chats', { corpid: c.corp.corpid, action: 'create', userid: c.userid });
    const same = await call(target, 'externalcontact_groupchat_onjob_transfer', { token: c.cc, body: { chat_id_list: [g.json.chat_id], new_owner: c.userid } });
    expect((same.json!['failed_chat_list'] as Array<{ errcode: number }>)[0]!.errcode).toBe(code('GROUPCHAT_OWNER_UNCHANGED'));
    const ok = await call(target, 'externalcontact_groupchat_onjob_transfer', { token: c.cc, body: { chat_id_list: [g.json.chat_id, 'wrNOPE'], new_owner: other } });
    expect(ok.json!['failed_chat_list']).toEqual([{ chat_id: 'wrNOPE', errcode: code('NOT_CUSTOMER_GROUPCHAT'), errmsg: 'chat is not external group chat' }]);
  });
});
