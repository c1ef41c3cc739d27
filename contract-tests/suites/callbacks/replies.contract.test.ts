/**
 * Passive replies (doc path/90241): a receiver answers a member's message with an encrypted reply; the mock
 * verifies and decrypts it, records it and shows it in the member's inbox. Bad replies are recorded as such,
 * safely (no entity expansion, no crash). Also the delivery rules that tamper with what the mock sends.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { harnessSeal, harnessSignature } from '../../harness/crypto.js';
import { withAppReceiver, drain, outboxEntry, simulate, xmlField, type AppReceiver } from './helpers.js';
import type { ReceivedRequest } from '../../harness/receiver.js';
import type { TestCorp } from '../../harness/target.js';

const target = await suiteTarget();

function replyXml(to: string, from: string, body: string): string {
  return `<xml><ToUserName><![CDATA[${to}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>1700000000</CreateTime>${body}</xml>`;
}

/** Sends one text message and answers it with `answer(request)`; returns the outbox entry. */
async function exchange(corp: TestCorp, rx: AppReceiver, answer: (r: ReceivedRequest) => string) {
  rx.receiver.behaviour = (r) => (r.error ? { status: 403 } : { status: 200, body: answer(r) });
  const userid = corp.raw!.sample_userids![0]!;
  const sim = await simulate(target, 'message', { corpid: corp.corpid, agentid: rx.agentid, userid, msgtype: 'text', content: 'ping' });
  await drain(target, corp.corpid);
  return outboxEntry(target, corp.corpid, sim.id!);
}

const BILLION_LAUGHS =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><Encrypt>&lol3;</Encrypt></xml>';
const XXE = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Encrypt>&xxe;</Encrypt><MsgSignature>a</MsgSignature><TimeStamp>1</TimeStamp><Nonce>n</Nonce></xml>';

describe.skipIf(!target.isMock)('passive replies', () => {
  it('When the receiver answers with a valid encrypted text reply, then the outbox records it and the member’s inbox shows it', () =>
    withAppReceiver(target, async ({ corp, userid, ...rx }) => {
      const entry = await exchange(corp, rx, () =>
        rx.receiver.crypto.sealReply(replyXml(userid, corp.corpid, '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[pong 🏓]]></Content>'), '1700000000', 'n0nce'),
      );
      expect(entry.state).toBe('delivered');
      expect(entry.reply?.kind).toBe('message');
      expect(entry.reply?.message).toMatchObject({ MsgType: 'text', Content: 'pong 🏓', ToUserName: userid });
      const inbox = await target.admin<{ messages: Array<{ entry_id: string; msgtype: string; message: Record<string, unknown>; agentid: number }> }>(
        'GET',
        `/__mock/callbacks/inbox?corpid=${corp.corpid}&userid=${userid}`,
      );
      expect(inbox.json.messages).toHaveLength(1);
      expect(inbox.json.messages[0]).toMatchObject({ entry_id: entry.id, msgtype: 'text', agentid: rx.agentid, message: { Content: 'pong 🏓' } });
    }));

  it('When the receiver replies with a news message, then its repeated Articles items arrive as a list', () =>
    withAppReceiver(target, async ({ corp, userid, ...rx }) => {
      const item = (t: string) => `<item><Title><![CDATA[${t}]]></Title><Description><![CDATA[d]]></Description><PicUrl><![CDATA[p]]></PicUrl><Url><![CDATA[u]]></Url></item>`;
      const entry = await exchange(corp, rx, () =>
        rx.receiver.crypto.sealReply(
          replyXml(userid, corp.corpid, `<MsgType><![CDATA[news]]></MsgType><ArticleCount>2</ArticleCount><Articles>${item('a')}${item('b')}</Articles>`),
          '1700000000',
          'n',
        ),
      );
      expect(entry.reply?.kind).toBe('message');
      const articles = (entry.reply?.message as { Articles: { item: Array<{ Title: string }> } }).Articles;
      expect(articles.item.map((i) => i.Title)).toEqual(['a', 'b']);
    }));

  const noReply: Array<[string, string]> = [
    ['an empty body', ''],
    ['the literal success', 'success'],
  ];
  for (const [what, body] of noReply) {
    it(`When the receiver answers ${what}, then the delivery counts as done with no reply`, () =>
      withAppReceiver(target, async ({ corp, ...rx }) => {
        const entry = await exchange(corp, rx, () => body);
        expect(entry.state).toBe('delivered');
        expect(entry.reply).toMatchObject({ kind: 'none', message: null });
      }));
  }

  const badReplies: Array<[string, (rx: AppReceiver, corpid: string) => string, RegExp]> = [
    [
      'a reply signed with another token',
      (rx, corpid) => {
        const enc = harnessSeal(replyXml('u', corpid, '<MsgType>text</MsgType><Content>x</Content>'), corpid, rx.aesKey);
        const sig = harnessSignature('WrongToken', '1', 'n', enc);
        return `<xml><Encrypt><![CDATA[${enc}]]></Encrypt><MsgSignature><![CDATA[${sig}]]></MsgSignature><TimeStamp>1</TimeStamp><Nonce><![CDATA[n]]></Nonce></xml>`;
      },
      /ValidateSignatureError/,
    ],
    [
      'a reply sealed for another corp',
      (rx) => {
        const enc = harnessSeal(replyXml('u', 'wwother', '<MsgType>text</MsgType><Content>x</Content>'), 'wwother0000000000', rx.aesKey);
        const sig = harnessSignature(rx.token, '1', 'n', enc);
        return `<xml><Encrypt><![CDATA[${enc}]]></Encrypt><MsgSignature><![CDATA[${sig}]]></MsgSignature><TimeStamp>1</TimeStamp><Nonce><![CDATA[n]]></Nonce></xml>`;
      },
      /ValidateCorpidError/,
    ],
    ['a plaintext (unencrypted) reply', (_rx, corpid) => replyXml('u', corpid, '<MsgType>text</MsgType><Content>x</Content>'), /Encrypt> is missing/],
    ['JSON', () => '{"errcode":0}', /ParseXmlError/],
    ['a billion-laughs entity bomb', () => BILLION_LAUGHS, /DOCTYPE\/ENTITY/],
    ['an external entity (XXE)', () => XXE, /DOCTYPE\/ENTITY/],
    [
      'an encrypted reply whose plaintext declares entities',
      (rx) => rx.receiver.crypto.sealReply(BILLION_LAUGHS, '1', 'n'),
      /DOCTYPE\/ENTITY/,
    ],
    [
      'an encrypted reply of an unknown MsgType',
      (rx, corpid) => rx.receiver.crypto.sealReply(replyXml('u', corpid, '<MsgType>shout</MsgType>'), '1', 'n'),
      /not a passive reply type/,
    ],
    ['a reply larger than 1 MiB', () => `<xml><Encrypt>${'A'.repeat(1_100_000)}</Encrypt></xml>`, /larger than/],
  ];
  for (const [what, make, error] of badReplies) {
    it(`When the receiver answers with ${what}, then the entry is delivered with the reply recorded as invalid and nothing reaches the inbox`, () =>
      withAppReceiver(target, async ({ corp, ...rx }) => {
        const entry = await exchange(corp, rx, () => make(rx, corp.corpid));
        expect(entry.state).toBe('delivered');
        expect(entry.reply?.kind).toBe('invalid');
        expect(entry.reply?.error).toMatch(error);
        const inbox = await target.admin<{ messages: unknown[] }>('GET', `/__mock/callbacks/inbox?corpid=${corp.corpid}`);
        expect(inbox.json.messages).toEqual([]);
        // The mock is still healthy afterwards.
        expect((await target.admin('GET', '/__mock/health')).status).toBe(200);
      }));
  }
});

describe.skipIf(!target.isMock)('delivery rules (tamper modes)', () => {
  it('When a bad_signature rule is set, then a correct receiver refuses every attempt and the entry fails', () =>
    withAppReceiver(target, async ({ corp, ...rx }) => {
      const rule = await target.admin<{ id: string }>('POST', '/__mock/callbacks/rules', { corpid: corp.corpid, mode: 'bad_signature', agentid: rx.agentid, count: 1 });
      expect(rule.status).toBe(201);
      const sim = await simulate(target, 'event', { corpid: corp.corpid, agentid: rx.agentid, userid: corp.raw!.sample_userids![0]!, event: 'click' });
      await drain(target, corp.corpid);
      const entry = await outboxEntry(target, corp.corpid, sim.id!);
      expect(entry.tamper).toEqual(['bad_signature']);
      expect(entry.state).toBe('failed');
      expect(entry.attempts.map((a) => a.status)).toEqual([403, 403, 403]);
      expect(rx.receiver.received.filter((r) => r.method === 'POST').every((r) => /-40001/.test(r.error ?? ''))).toBe(true);
      // count: 1 → the rule is used up.
      const rules = await target.admin<{ rules: unknown[] }>('GET', `/__mock/callbacks/rules?corpid=${corp.corpid}`);
      expect(rules.json.rules).toEqual([]);
    }));

  it('When a wrong_receiveid rule is set, then a correct receiver refuses the validly signed ciphertext', () =>
    withAppReceiver(target, async ({ corp, ...rx }) => {
      await target.admin('POST', '/__mock/callbacks/rules', { corpid: corp.corpid, mode: 'wrong_receiveid' });
      const sim = await simulate(target, 'event', { corpid: corp.corpid, agentid: rx.agentid, userid: corp.raw!.sample_userids![0]!, event: 'click' });
      await drain(target, corp.corpid);
      const entry = await outboxEntry(target, corp.corpid, sim.id!);
      expect(entry.state).toBe('failed');
      expect(rx.receiver.received.filter((r) => r.method === 'POST').every((r) => /-40005/.test(r.error ?? ''))).toBe(true);
    }));

  it('When a duplicate rule is set, then the receiver gets the same request twice and the outbox marks the copy', () =>
    withAppReceiver(target, async ({ corp, ...rx }) => {
      await target.admin('POST', '/__mock/callbacks/rules', { corpid: corp.corpid, mode: 'duplicate', agentid: rx.agentid });
      const sim = await simulate(target, 'message', { corpid: corp.corpid, agentid: rx.agentid, userid: corp.raw!.sample_userids![0]!, msgtype: 'text' });
      await drain(target, corp.corpid);
      const posts = rx.receiver.received.filter((r) => r.method === 'POST');
      expect(posts).toHaveLength(2);
      expect(posts[1]!.query).toEqual(posts[0]!.query);
      expect(posts[1]!.body).toBe(posts[0]!.body);
      const entry = await outboxEntry(target, corp.corpid, sim.id!);
      expect(entry.attempts.map((a) => a.duplicate)).toEqual([false, true]);
      expect(entry.state).toBe('delivered');
      expect(xmlField(posts[0]!.opened!.plaintext, 'MsgId')).toBe(xmlField(posts[1]!.opened!.plaintext, 'MsgId'));
    }));

  it('When a delay rule is set, then the entry records the delay and is still delivered', () =>
    withAppReceiver(target, async ({ corp, ...rx }) => {
      const bad = await target.admin('POST', '/__mock/callbacks/rules', { corpid: corp.corpid, mode: 'delay' });
      expect(bad.status).toBe(400);
      await target.admin('POST', '/__mock/callbacks/rules', { corpid: corp.corpid, mode: 'delay', delay_ms: 20, count: 1 });
      const sim = await simulate(target, 'event', { corpid: corp.corpid, agentid: rx.agentid, userid: corp.raw!.sample_userids![0]!, event: 'enter_agent' });
      await drain(target, corp.corpid);
      const entry = await outboxEntry(target, corp.corpid, sim.id!);
      expect(entry.tamper).toEqual(['delay']);
      expect(entry.delay_ms).toBe(20);
      expect(entry.state).toBe('delivered');
    }));
});
