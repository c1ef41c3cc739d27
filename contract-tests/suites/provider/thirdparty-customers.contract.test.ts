/**
 * Customer-contact answers to a third-party app (doc path/92109): the members in them (follow users, the
 * group's members, owner and admins) carry the provider's ciphertext userid, the same id contacts gives,
 * while the corp's own app keeps reading plain userids.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call } from '../../harness/client.js';
import { cipherFor, withInstalled } from './helpers.js';

const target = await suiteTarget();
const base = target.baseUrl;

describe.skipIf(!target.isMock)('customer contact read by a third-party app', () => {
  it('When the provider’s app reads a customer, its follow users and a customer group, then members are its ciphertext userids', () =>
    withInstalled(target, async (s) => {
      const settings = await target.admin<{ callable_agentids: number[] }>('GET', `/__mock/externalcontact/settings?corpid=${s.corp.corpid}`);
      const callable = [...settings.json.callable_agentids, s.agentid];
      expect((await target.admin('PATCH', '/__mock/externalcontact/settings', { corpid: s.corp.corpid, callable_agentids: callable })).status).toBe(200);
      const who = s.corp.raw!.sample_userids![0]!;
      const add = await target.admin<{ external_userid: string }>('POST', '/__mock/simulate/customer-adds', { corpid: s.corp.corpid, userid: who });
      expect(add.status, JSON.stringify(add.json)).toBe(201);
      const cipher = await cipherFor(base, s.corp, s.corpToken, who);

      // externalcontact/list → get: follow_user[].userid (and oper_userid) in ciphertext.
      const list = await call(target, 'externalcontact_list', { token: s.corpToken, query: { userid: cipher } });
      expect(list.errcode, JSON.stringify(list.json)).toBe(0);
      const ids = list.json!['external_userid'] as string[];
      const one = await call(target, 'externalcontact_get', { token: s.corpToken, query: { external_userid: ids[ids.length - 1]! } });
      expect(one.errcode, JSON.stringify(one.json)).toBe(0);
      const follows = one.json!['follow_user'] as Array<{ userid: string; oper_userid: string }>;
      expect(follows.map((f) => f.userid)).toContain(cipher);
      expect(follows.map((f) => f.userid)).not.toContain(who);
      for (const f of follows) expect(f.userid).toMatch(/^woAJ/);

      // batch/get_by_user: the ciphertext goes in, follow_info.userid comes back in ciphertext.
      const batch = await call(target, 'externalcontact_batch_get_by_user', { token: s.corpToken, body: { userid_list: [cipher], limit: 100 } });
      expect(batch.errcode, JSON.stringify(batch.json)).toBe(0);
      const rows = batch.json!['external_contact_list'] as Array<{ follow_info: { userid: string } }>;
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.follow_info.userid).toBe(cipher);
      // A plain userid names nobody for a third-party app.
      expect((await call(target, 'externalcontact_batch_get_by_user', { token: s.corpToken, body: { userid_list: [who], limit: 100 } })).errcode).not.toBe(0);

      // get_follow_user_list: ciphertext only.
      const fl = await call(target, 'externalcontact_get_follow_user_list', { token: s.corpToken });
      expect(fl.errcode).toBe(0);
      const fu = fl.json!['follow_user'] as string[];
      expect(fu).toContain(cipher);
      for (const u of fu) expect(u).toMatch(/^woAJ/);

      // groupchat/get: the member rows of members, the owner and admins in ciphertext; customers by the provider's id.
      const other = s.corp.raw!.sample_userids![1]!;
      const chat = await target.admin<{ chat_id: string }>('POST', '/__mock/simulate/group-chats', {
        corpid: s.corp.corpid,
        action: 'create',
        userid: who,
        members: [other, add.json.external_userid],
      });
      expect(chat.status, JSON.stringify(chat.json)).toBe(201);
      const g = await call(target, 'externalcontact_groupchat_get', { token: s.corpToken, body: { chat_id: chat.json.chat_id } });
      expect(g.errcode, JSON.stringify(g.json)).toBe(0);
      const group = g.json!['group_chat'] as { owner: string; member_list: Array<{ type: number; userid: string }> };
      expect(group.owner).toBe(cipher);
      const memberIds = group.member_list.filter((m) => m.type === 1).map((m) => m.userid);
      expect(memberIds).toContain(cipher);
      expect(memberIds).toContain(await cipherFor(base, s.corp, s.corpToken, other));
      for (const m of group.member_list.filter((x) => x.type === 2)) expect(m.userid).not.toBe(add.json.external_userid);
      // groupchat/list filters by the owner's ciphertext.
      const gl = await call(target, 'externalcontact_groupchat_list', { token: s.corpToken, body: { owner_filter: { userid_list: [cipher] }, limit: 100 } });
      expect(gl.errcode).toBe(0);
      expect((gl.json!['group_chat_list'] as Array<{ chat_id: string }>).map((c) => c.chat_id)).toContain(chat.json.chat_id);

      // The corp's own app still sees plain userids.
      const own = await call(target, 'externalcontact_get', { token: s.ownToken, query: { external_userid: add.json.external_userid } });
      expect((own.json!['follow_user'] as Array<{ userid: string }>).map((f) => f.userid)).toContain(who);
      const ownGroup = await call(target, 'externalcontact_groupchat_get', { token: s.ownToken, body: { chat_id: chat.json.chat_id } });
      expect((ownGroup.json!['group_chat'] as { owner: string }).owner).toBe(who);
    }));
});
