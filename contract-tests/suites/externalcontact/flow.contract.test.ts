/**
 * The customer-contact seed flow (doc path/92109): a 「联系我」 way with a state, a customer adds the member, the
 * app's receiver gets the encrypted add_external_contact with that State, then list, batch read and remark.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call } from '../../harness/client.js';
import { appReceiver, drain, xmlField } from '../callbacks/helpers.js';
import { ecCorp } from './helpers.js';

const target = await suiteTarget();

describe.skipIf(!target.isMock)('customer contact seed flow', () => {
  it('When a customer adds a member through a contact way, then the app receives the encrypted event with its State and can read and remark the customer', async () => {
    const c = await ecCorp(target);
    const { receiver } = await appReceiver(target, c.corp);
    try {
      const way = await call(target, 'externalcontact_add_contact_way', { token: c.app, body: { type: 1, scene: 2, state: 'spring-campaign', user: [c.userid] } });
      expect(way.errcode, way.text).toBe(0);
      expect(way.json!['config_id']).toMatch(/^[0-9a-f]{32}$/);
      expect(way.json!['qr_code']).toMatch(/^http/);

      const sim = await c.addCustomer({ config_id: way.json!['config_id'], name: '李四', unionid: 'ozynqsulJFCZ2z1aYeS8h-nuasdAAA' });
      await drain(target, c.corp.corpid);
      const xml = receiver.plaintexts().find((p) => xmlField(p, 'Event') === 'change_external_contact');
      expect(xml, 'the receiver got the event').toBeDefined();
      expect(xmlField(xml!, 'ChangeType')).toBe('add_external_contact');
      expect(xmlField(xml!, 'UserID')).toBe(c.userid);
      expect(xmlField(xml!, 'ExternalUserID')).toBe(sim.external_userid);
      expect(xmlField(xml!, 'State')).toBe('spring-campaign');
      expect(xmlField(xml!, 'WelcomeCode')).toBe(sim.welcome_code);
      expect(sim.external_userid).toMatch(/^wm[A-Za-z0-9]{30}$/);

      const list = await call(target, 'externalcontact_list', { token: c.app, query: { userid: c.userid } });
      expect(list.json!['external_userid']).toEqual([sim.external_userid]);

      const batch = await call(target, 'externalcontact_batch_get_by_user', { token: c.app, body: { userid_list: [c.userid], limit: 10 } });
      expect(batch.errcode, batch.text).toBe(0);
      const rows = batch.json!['external_contact_list'] as Array<Record<string, Record<string, unknown>>>;
      expect(rows).toHaveLength(1);
      expect(rows[0]!['external_contact']!['name']).toBe('李四');
      expect(rows[0]!['follow_info']!['state']).toBe('spring-campaign');
      expect(rows[0]!['follow_info']!['add_way']).toBe(1);
      expect(batch.json!['next_cursor']).toBe('');

      const remark = await call(target, 'externalcontact_remark', { token: c.app, body: { userid: c.userid, external_userid: sim.external_userid, remark: '李部长', description: '对接采购' } });
      expect(remark.errcode, remark.text).toBe(0);
      const got = await call(target, 'externalcontact_get', { token: c.app, query: { external_userid: sim.external_userid } });
      const follow = (got.json!['follow_user'] as Array<Record<string, unknown>>)[0]!;
      expect(follow['remark']).toBe('李部长');
      expect(follow['description']).toBe('对接采购');
      expect(follow['state']).toBe('spring-campaign');
      expect((got.json!['external_contact'] as Record<string, unknown>)['unionid']).toBe('ozynqsulJFCZ2z1aYeS8h-nuasdAAA');

      const welcome = await call(target, 'externalcontact_send_welcome_msg', { token: c.app, body: { welcome_code: sim.welcome_code!, text: { content: '你好' } } });
      expect(welcome.errcode, welcome.text).toBe(0);
    } finally {
      await receiver.close();
    }
  });
});
