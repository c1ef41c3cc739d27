/**
 * 可调用应用 (doc path/92109): only the self-built apps listed as callable hear of customers on their callback,
 * and an app token reads customers of the members inside its visible range only. 免验证添加: the
 * add_half_external_contact event with State and WelcomeCode.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { ReceiverCrypto } from '../../harness/crypto.js';
import { CallbackReceiver } from '../../harness/receiver.js';
import { appReceiver, drain, xmlField } from '../callbacks/helpers.js';
import { ecCorp } from './helpers.js';

const target = await suiteTarget();

interface NewApp {
  agentid: number;
  secret: string;
  callback?: { token?: string; encoding_aes_key?: string };
}

describe.skipIf(!target.isMock)('customer contact: callable apps and visible ranges', () => {
  it('When only a second app is callable, then its receiver gets change_external_contact and the first app gets nothing', async () => {
    const c = await ecCorp(target);
    const first = await appReceiver(target, c.corp);
    const created = await target.admin<NewApp>('POST', `/__mock/corps/${c.corp.corpid}/apps`, { name: 'Callable' });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const second = created.json;
    const receiver = await CallbackReceiver.start(new ReceiverCrypto(second.callback!.token!, second.callback!.encoding_aes_key!, c.corp.corpid));
    try {
      const put = await target.admin('PUT', '/__mock/callbacks/config', { corpid: c.corp.corpid, agentid: second.agentid, url: receiver.url, retry_backoff_ms: [0, 0] });
      expect(put.status, JSON.stringify(put.json)).toBe(200);
      const patch = await target.admin('PATCH', '/__mock/externalcontact/settings', { corpid: c.corp.corpid, callable_agentids: [second.agentid] });
      expect(patch.status, JSON.stringify(patch.json)).toBe(200);

      const sim = await c.addCustomer();
      await drain(target, c.corp.corpid);
      const got = receiver.plaintexts().find((p) => xmlField(p, 'Event') === 'change_external_contact');
      expect(got, 'the callable app got the event').toBeDefined();
      expect(xmlField(got!, 'ExternalUserID')).toBe(sim.external_userid);
      expect(first.receiver.plaintexts().filter((p) => xmlField(p, 'Event') === 'change_external_contact')).toEqual([]);

      // The callable app reads the customer; the other one is refused (48002).
      const token = await getToken(target.baseUrl, c.corp.corpid, second.secret);
      expect((await call(target, 'externalcontact_list', { token, query: { userid: c.userid } })).json!['external_userid']).toEqual([sim.external_userid]);
      expect((await call(target, 'externalcontact_list', { token: c.app, query: { userid: c.userid } })).errcode).toBe(code('API_FORBIDDEN'));
    } finally {
      await receiver.close();
      await first.receiver.close();
    }
  });

  it('When an app sees only another member, then list and get answer 60011, batch skips the member and get_follow_user_list leaves it out', async () => {
    const c = await ecCorp(target);
    const other = c.corp.raw!.sample_userids!.find((u) => u !== c.userid)!;
    const created = await target.admin<NewApp>('POST', `/__mock/corps/${c.corp.corpid}/apps`, { allow_user: [other], allow_party: [] });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const narrow = created.json;
    const settings = await target.admin<{ callable_agentids: number[] }>('GET', `/__mock/externalcontact/settings?corpid=${c.corp.corpid}`);
    await target.admin('PATCH', '/__mock/externalcontact/settings', { corpid: c.corp.corpid, callable_agentids: [...settings.json.callable_agentids, narrow.agentid] });
    const token = await getToken(target.baseUrl, c.corp.corpid, narrow.secret);

    const mine = await c.addCustomer();
    const theirs = await c.addCustomer({ userid: other });

    expect((await call(target, 'externalcontact_list', { token, query: { userid: c.userid } })).errcode).toBe(code('NO_PRIVILEGE'));
    // `other` keeps the demo corp's customers too: theirs is the last one added.
    expect((await call(target, 'externalcontact_list', { token, query: { userid: other } })).json!['external_userid']).toContain(theirs.external_userid);
    expect((await call(target, 'externalcontact_get', { token, query: { external_userid: mine.external_userid } })).errcode).toBe(code('NO_PRIVILEGE'));
    expect((await call(target, 'externalcontact_get', { token, query: { external_userid: theirs.external_userid } })).errcode).toBe(0);
    // The corp's own secret sees everyone.
    expect((await call(target, 'externalcontact_list', { token: c.cc, query: { userid: c.userid } })).json!['external_userid']).toEqual([mine.external_userid]);

    const both = await call(target, 'externalcontact_batch_get_by_user', { token, body: { userid_list: [c.userid, other], limit: 100 } });
    expect(both.errcode, both.text).toBe(0);
    const rows = both.json!['external_contact_list'] as Array<Record<string, Record<string, unknown>>>;
    expect(new Set(rows.map((r) => r['follow_info']!['userid']))).toEqual(new Set([other]));
    expect((await call(target, 'externalcontact_batch_get_by_user', { token, body: { userid_list: [c.userid] } })).errcode).toBe(code('NO_PRIVILEGE'));

    const follow = (await call(target, 'externalcontact_get_follow_user_list', { token })).json!['follow_user'] as string[];
    expect(follow).toContain(other);
    expect(follow).not.toContain(c.userid);
  });

  it('When a customer adds a member without verification, then add_half_external_contact carries State and WelcomeCode', async () => {
    const c = await ecCorp(target);
    const { receiver } = await appReceiver(target, c.corp);
    try {
      const way = await call(target, 'externalcontact_add_contact_way', { token: c.app, body: { type: 1, scene: 2, state: 'no-verify', skip_verify: true, user: [c.userid] } });
      expect(way.errcode, way.text).toBe(0);
      const sim = await c.addCustomer({ config_id: way.json!['config_id'], change_type: 'add_half_external_contact' });
      await drain(target, c.corp.corpid);
      const xml = receiver.plaintexts().find((p) => xmlField(p, 'Event') === 'change_external_contact');
      expect(xml, 'the receiver got the event').toBeDefined();
      expect(xmlField(xml!, 'ChangeType')).toBe('add_half_external_contact');
      expect(xmlField(xml!, 'State')).toBe('no-verify');
      expect(xmlField(xml!, 'WelcomeCode')).toBe(sim.welcome_code);
      // Half-added: no relationship for the API until the member adds the customer back (errcode 84061's detail).
      expect((await call(target, 'externalcontact_list', { token: c.cc, query: { userid: c.userid } })).errcode).toBe(code('NOT_EXTERNAL_CONTACT'));
      await c.addCustomer({ config_id: way.json!['config_id'], customer_id: sim.customer_id });
      expect((await call(target, 'externalcontact_list', { token: c.cc, query: { userid: c.userid } })).json!['external_userid']).toEqual([sim.external_userid]);
    } finally {
      await receiver.close();
    }
  });
});
