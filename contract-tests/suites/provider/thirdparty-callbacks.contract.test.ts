/**
 * The two callback URLs of a suite (doc path/90968, 90628, 90642): the data callback (数据回调; receiveid and
 * ToUserName = the authorising corpid) gets the members' messages and app events of the installed app in
 * the Event form, with the provider's ciphertext userids; the instruction callback (指令回调; receiveid =
 * suite_id) gets the InfoType form. The control plane changes both URLs after creation.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { ReceiverCrypto } from '../../harness/crypto.js';
import { CallbackReceiver } from '../../harness/receiver.js';
import { xmlField } from '../callbacks/helpers.js';
import { cipherFor, infos, installed, withInstalled } from './helpers.js';

const target = await suiteTarget();
const base = target.baseUrl;

describe.skipIf(!target.isMock)('data callback of a suite', () => {
  it('When a member messages the installed app, then the data callback gets it sealed for the corp, from the ciphertext userid', () =>
    withInstalled(target, async (s) => {
      const who = s.corp.raw!.sample_userids![0]!;
      const sent = await target.admin('POST', '/__mock/simulate/message', { corpid: s.corp.corpid, agentid: s.agentid, userid: who, msgtype: 'text', content: 'hi' });
      expect(sent.status, JSON.stringify(sent.json)).toBe(201);
      await target.admin('POST', '/__mock/callbacks/drain', { corpid: s.corp.corpid, timeout_ms: 20_000 });
      const got = s.data.received.filter((r) => r.method === 'POST');
      expect(got.length).toBe(1);
      expect(got[0]!.opened!.receiveId).toBe(s.corp.corpid);
      const xml = s.data.plaintexts()[0]!;
      expect(xmlField(xml, 'ToUserName')).toBe(s.corp.corpid);
      expect(xmlField(xml, 'Content')).toBe('hi');
      expect(xmlField(xml, 'AgentID')).toBe(String(s.agentid));
      expect(xmlField(xml, 'FromUserName')).toBe(await cipherFor(base, s.corp, s.corpToken, who));
      // Nothing of it on the instruction callback.
      expect(s.instruction.plaintexts().some((x) => xmlField(x, 'Content') === 'hi')).toBe(false);
    }));

  it('When the suite’s callback URLs are changed, then later data and instruction callbacks go to the new URLs', async () => {
    const s = await installed(target);
    const data2 = await CallbackReceiver.start(new ReceiverCrypto(s.token, s.aes, s.corp.corpid));
    const inst2 = await CallbackReceiver.start(new ReceiverCrypto(s.token, s.aes, s.suite_id));
    try {
      const r = await target.admin<{ data: { url: string }; instruction: { url: string } }>('PATCH', `/__mock/suites/${s.suite_id}`, {
        data_url: data2.url,
        instruction_url: inst2.url,
      });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      expect(r.json.data.url).toBe(data2.url);
      expect(r.json.instruction.url).toBe(inst2.url);
      const who = s.corp.raw!.sample_userids![0]!;
      await target.admin('POST', '/__mock/simulate/message', { corpid: s.corp.corpid, agentid: s.agentid, userid: who, msgtype: 'text', content: 'moved' });
      const pushed = await target.admin('POST', `/__mock/suites/${s.suite_id}/ticket`);
      expect(pushed.status).toBe(201);
      await target.admin('POST', '/__mock/callbacks/drain', { corpid: s.corp.corpid, timeout_ms: 20_000 });
      await target.admin('POST', '/__mock/callbacks/drain', { corpid: s.provider_corpid, timeout_ms: 20_000 });
      expect(data2.plaintexts().map((x) => xmlField(x, 'Content'))).toEqual(['moved']);
      expect(s.data.plaintexts().some((x) => xmlField(x, 'Content') === 'moved')).toBe(false);
      expect(infos(inst2, 'suite_ticket').length).toBe(1);
      expect(xmlField(infos(inst2, 'suite_ticket')[0]!, 'SuiteId')).toBe(s.suite_id);
      const unknown = await target.admin('PATCH', '/__mock/suites/ww0000000000000000', { data_url: data2.url });
      expect(unknown.status).toBe(404);
    } finally {
      await data2.close();
      await inst2.close();
      await s.close();
    }
  });
});
