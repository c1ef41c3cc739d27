/**
 * Callback delivery: encrypted, signed POSTs a receiver opens with the harness's own crypto; retries and
 * the outbox; per-corp ordering; API requests never wait for a receiver (doc path/90930, 90968).
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, getToken } from '../../harness/client.js';
import { withAppReceiver, drain, outboxEntry, simulate, xmlField } from './helpers.js';

const target = await suiteTarget();

describe.skipIf(!target.isMock)('callback delivery', () => {
  it('When a member sends a text message, then the app receives it encrypted and signed for the corp, with the plaintext WeCom sends', () =>
    withAppReceiver(target, async ({ corp, receiver, agentid, userid }) => {
      const sim = await simulate(target, 'message', { corpid: corp.corpid, agentid, userid, msgtype: 'text', content: '你好 <b>&' });
      await drain(target, corp.corpid);
      const post = receiver.received.find((r) => r.method === 'POST');
      expect(post?.error).toBeUndefined();
      const opened = post!.opened!;
      expect(opened.receiveId).toBe(corp.corpid);
      expect(opened.toUserName).toBe(corp.corpid);
      expect(opened.agentId).toBe(String(agentid));
      const xml = opened.plaintext;
      expect(xml.startsWith('<xml><ToUserName><![CDATA[')).toBe(true);
      expect(xmlField(xml, 'ToUserName')).toBe(corp.corpid);
      expect(xmlField(xml, 'FromUserName')).toBe(userid);
      expect(xmlField(xml, 'MsgType')).toBe('text');
      expect(xmlField(xml, 'Content')).toBe('你好 <b>&');
      expect(xmlField(xml, 'MsgId')).toMatch(/^[0-9]{1,20}$/);
      expect(BigInt(xmlField(xml, 'MsgId')!)).toBeLessThan(2n ** 63n);
      expect(xmlField(xml, 'AgentID')).toBe(String(agentid));
      expect(Number(xmlField(xml, 'CreateTime'))).toBeGreaterThan(1_600_000_000);
      // The query carries the signature trio; the body is the <xml><ToUserName/><Encrypt/><AgentID/></xml> envelope.
      expect(Object.keys(post!.query).sort()).toEqual(['msg_signature', 'nonce', 'timestamp']);
      expect(post!.body).toMatch(/^<xml><ToUserName><!\[CDATA\[.+\]\]><\/ToUserName><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><AgentID>/);
      const entry = await outboxEntry(target, corp.corpid, sim.id!);
      expect(entry.state).toBe('delivered');
      expect(entry.plaintext).toBe(xml);
      expect(entry.attempts).toHaveLength(1);
      expect(entry.attempts[0]!.status).toBe(200);
      expect(entry.reply?.kind).toBe('none');
    }));

  it('When the receiver answers 500, then the event is tried 3 times in total and kept as failed in the outbox', () =>
    withAppReceiver(target, async ({ corp, receiver, agentid }) => {
      receiver.behaviour = () => ({ status: 500, body: 'oops' });
      const sim = await simulate(target, 'event', { corpid: corp.corpid, agentid, userid: corp.raw!.sample_userids![0]!, event: 'click' });
      await drain(target, corp.corpid);
      const entry = await outboxEntry(target, corp.corpid, sim.id!);
      expect(entry.state).toBe('failed');
      expect(entry.attempts.map((a) => [a.status, a.outcome])).toEqual([
        [500, 'http_error'],
        [500, 'http_error'],
        [500, 'http_error'],
      ]);
      expect(entry.attempts[0]!.reply_body).toBe('oops');
      // Each attempt is signed afresh and still opens.
      expect(receiver.received.filter((r) => r.method === 'POST' && r.opened)).toHaveLength(3);
    }));

  it.each([
    ['hangs', 'timeout', 'hang', { reply_timeout_ms: 150 }, 'enter_agent'],
    ['answers garbage instead of HTTP', 'network_error', 'garbage', {}, 'view'],
  ] as const)('When the receiver %s, then each attempt fails (%s), the entry fails after 3, and nothing is lost', (_what, outcome, behaviour, options, event) =>
    withAppReceiver(target, { options }, async ({ corp, receiver, agentid, userid }) => {
      receiver.behaviour = () => behaviour;
      const sim = await simulate(target, 'event', { corpid: corp.corpid, agentid, userid, event });
      await drain(target, corp.corpid);
      const entry = await outboxEntry(target, corp.corpid, sim.id!);
      expect(entry.state).toBe('failed');
      expect(entry.attempts.map((a) => a.outcome)).toEqual([outcome, outcome, outcome]);
      expect(entry.plaintext).toContain(`<Event><![CDATA[${event}]]></Event>`);
    }),
  );

  it('When the receiver is down, then the event is tried 3 times and kept as failed', async () => {
    const corp = await target.newCorp();
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const app = corp.raw!.apps[0]!;
    const put = await target.admin('PUT', '/__mock/callbacks/config', {
      corpid: corp.corpid,
      agentid: app.agentid,
      url: `http://127.0.0.1:${port}/cb`,
      verify: false,
      retry_backoff_ms: [0, 0],
    });
    expect(put.status).toBe(200);
    const sim = await simulate(target, 'message', { corpid: corp.corpid, agentid: app.agentid, userid: corp.raw!.sample_userids![0]!, msgtype: 'image' });
    await drain(target, corp.corpid);
    const entry = await outboxEntry(target, corp.corpid, sim.id!);
    expect(entry.state).toBe('failed');
    expect(entry.attempts).toHaveLength(3);
    expect(entry.attempts.every((a) => a.outcome === 'network_error' && a.status === null)).toBe(true);
  });

  it('When the receiver hangs, then API requests are still answered while the callback is pending, and it completes once released', () =>
    withAppReceiver(target, { options: { reply_timeout_ms: 60_000 } }, async ({ corp, receiver, agentid }) => {
      receiver.behaviour = () => 'hang';
      const sim = await simulate(target, 'message', { corpid: corp.corpid, agentid, userid: corp.raw!.sample_userids![0]!, msgtype: 'text' });
      await receiver.waitFor(1);
      // The receiver holds the POST; API calls must still complete.
      const token = await getToken(target.baseUrl, corp.corpid, corp.appSecret);
      for (let i = 0; i < 5; i++) {
        const r = await call(target.baseUrl, 'user_get', { token, query: { userid: corp.raw!.sample_userids![0]! } });
        expect(r.errcode).toBe(0);
      }
      expect((await outboxEntry(target, corp.corpid, sim.id!)).state).toBe('pending');
      receiver.release();
      await drain(target, corp.corpid);
      expect((await outboxEntry(target, corp.corpid, sim.id!)).state).toBe('delivered');
    }));

  it('When several events are emitted while the first delivery is held, then the receiver gets them in emission order', () =>
    withAppReceiver(target, { options: { reply_timeout_ms: 60_000 } }, async ({ corp, receiver, agentid, userid }) => {
      let first = true;
      receiver.behaviour = () => {
        if (first) {
          first = false;
          return 'hang';
        }
        return { status: 200 };
      };
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await simulate(target, 'message', { corpid: corp.corpid, agentid, userid, msgtype: 'text', content: `m${i}` })).id!);
      }
      await receiver.waitFor(1);
      // Only the held request has arrived: the others wait behind it in the corp's queue.
      expect(receiver.received.filter((r) => r.method === 'POST')).toHaveLength(1);
      receiver.release();
      await drain(target, corp.corpid);
      expect(receiver.plaintexts().map((x) => xmlField(x, 'Content'))).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
      for (const id of ids) expect((await outboxEntry(target, corp.corpid, id)).state).toBe('delivered');
    }));

  it('When the outbox is listed with a state filter, then only matching entries come back with the corp counts', () =>
    withAppReceiver(target, async ({ corp, receiver, agentid, userid }) => {
      await simulate(target, 'message', { corpid: corp.corpid, agentid, userid, msgtype: 'text' });
      await drain(target, corp.corpid);
      receiver.behaviour = () => ({ status: 404 });
      await simulate(target, 'message', { corpid: corp.corpid, agentid, userid, msgtype: 'link' });
      await drain(target, corp.corpid);
      const failed = await target.admin<{ entries: Array<{ event_type: string }>; delivered: number; failed: number }>(
        'GET',
        `/__mock/callbacks?corpid=${corp.corpid}&state=failed`,
      );
      expect(failed.json.entries.map((e) => e.event_type)).toEqual(['link']);
      expect(failed.json.delivered).toBe(1);
      expect(failed.json.failed).toBe(1);
    }));
});
