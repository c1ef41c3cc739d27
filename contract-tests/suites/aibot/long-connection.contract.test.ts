/**
 * The AI bot's long connection: an independent WebSocket client (the `ws` package, no mock-server code)
 * subscribes with aibot_subscribe, gets heartbeats answered, receives aibot_msg_callback frames and
 * replies with aibot_respond_msg; a second subscription takes over and the first is told
 * (disconnected_event). Then the official Node SDK (@wecom/aibot-node-sdk) runs unchanged against the
 * mock by setting its wsUrl. Frame shapes: the SDK's WsCmd / WsFrame types.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WSClient } from '@wecom/aibot-node-sdk';
import { suiteTarget } from '../../harness/suite.js';
import { createBot, eventually, inbox, member } from './helpers.js';

const target = await suiteTarget();

interface Frame {
  cmd?: string;
  headers: { req_id: string };
  body?: Record<string, unknown>;
  errcode?: number;
  errmsg?: string;
}

/** A minimal client: open, send frames, wait for frames matching a test. */
class RawClient {
  readonly frames: Frame[] = [];
  closed = false;
  private waiters: Array<{ test: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const f = JSON.parse(String(d)) as Frame;
      this.frames.push(f);
      this.waiters = this.waiters.filter((w) => (w.test(f) ? (w.resolve(f), false) : true));
    });
    ws.on('close', () => (this.closed = true));
  }
  static open(url: string): Promise<RawClient> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawClient(ws)));
      ws.once('error', reject);
    });
  }
  send(f: Frame): void {
    this.ws.send(JSON.stringify(f));
  }
  next(test: (f: Frame) => boolean): Promise<Frame> {
    const hit = this.frames.find(test);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }
  /** Sends a frame and waits for the answer with the same req_id. */
  call(cmd: string, reqId: string, body?: Record<string, unknown>): Promise<Frame> {
    this.send({ cmd, headers: { req_id: reqId }, ...(body && { body }) });
    return this.next((f) => f.cmd === undefined && f.headers.req_id === reqId);
  }
}

const wsUrl = (): string => target.baseUrl.replace(/^http/, 'ws');

describe.skipIf(!target.isMock)('AI bot long connection', () => {
  it('When a client subscribes, receives a message frame and replies with a stream, then the acks are 0 and the inbox shows the answer', async () => {
    const corp = await target.newCorp();
    const bot = await createBot(target, corp, { mode: 'long_connection', name: 'WsBot' });
    const c = await RawClient.open(wsUrl());
    try {
      const bad = await c.call('aibot_subscribe', 'aibot_subscribe_1', { bot_id: bot.botid, secret: 'wrong' });
      expect(bad.errcode).not.toBe(0);
      const ok = await c.call('aibot_subscribe', 'aibot_subscribe_2', { bot_id: bot.botid, secret: bot.secret });
      expect(ok).toMatchObject({ errcode: 0, errmsg: 'ok' });
      expect((await c.call('ping', 'ping_1')).errcode).toBe(0);
      const userid = member(corp);
      const sim = await target.admin<{ delivery: string; req_id: string; msgid: string }>('POST', '/__mock/simulate/aibot-message', { corpid: corp.corpid, botid: bot.botid, userid, content: 'hello ws' });
      expect(sim.json.delivery).toBe('long_connection');
      const frame = await c.next((f) => f.cmd === 'aibot_msg_callback');
      expect(frame.headers.req_id).toBe(sim.json.req_id);
      expect(frame.body).toMatchObject({ msgid: sim.json.msgid, aibotid: bot.botid, chattype: 'single', from: { userid }, msgtype: 'text', text: { content: 'hello ws' } });
      // Streams on the long connection: the bot pushes each update on the frame's req_id.
      c.send({ cmd: 'aibot_respond_msg', headers: { req_id: frame.headers.req_id }, body: { msgtype: 'stream', stream: { id: 'w1', finish: false, content: 'thinking' } } });
      const a1 = await c.next((f) => f.cmd === undefined && f.headers.req_id === frame.headers.req_id);
      expect(a1.errcode).toBe(0);
      c.frames.length = 0;
      const a2 = await c.call('aibot_respond_msg', frame.headers.req_id, { msgtype: 'stream', stream: { id: 'w1', finish: true, content: 'done: 42' } });
      expect(a2.errcode).toBe(0);
      const msgs = await eventually(() => inbox(target, corp, userid), (m) => m.some((x) => x.content['finish'] === true));
      expect(msgs.find((m) => m.source === 'aibot')).toMatchObject({ aibotid: bot.botid, msgtype: 'stream', content: { id: 'w1', content: 'done: 42', finish: true } });
      // A reply on an unknown req_id is refused, not crashed on.
      const stray = await c.call('aibot_respond_msg', 'no-such-req', { msgtype: 'stream', stream: { id: 'w2', content: 'x' } });
      expect(stray.errcode).not.toBe(0);
      c.ws.send('not json');
      expect((await c.call('ping', 'ping_2')).errcode).toBe(0);
    } finally {
      c.ws.close();
    }
  });

  it('When a second connection subscribes the same bot, then the first receives disconnected_event and is closed', async () => {
    const corp = await target.newCorp();
    const bot = await createBot(target, corp, { mode: 'long_connection' });
    const a = await RawClient.open(wsUrl());
    const b = await RawClient.open(wsUrl());
    try {
      expect((await a.call('aibot_subscribe', 's1', { bot_id: bot.botid, secret: bot.secret })).errcode).toBe(0);
      expect((await b.call('aibot_subscribe', 's2', { bot_id: bot.botid, secret: bot.secret })).errcode).toBe(0);
      const ev = await a.next((f) => f.cmd === 'aibot_event_callback');
      expect(ev.body).toMatchObject({ aibotid: bot.botid, msgtype: 'event', event: { eventtype: 'disconnected_event' } });
      await eventually(async () => a.closed, (x) => x);
      expect(a.closed).toBe(true);
      await target.admin('POST', '/__mock/simulate/aibot-message', { corpid: corp.corpid, botid: bot.botid, userid: member(corp), content: 'to the new one' });
      const f = await b.next((x) => x.cmd === 'aibot_msg_callback');
      expect(f.body?.['text']).toEqual({ content: 'to the new one' });
    } finally {
      a.ws.close();
      b.ws.close();
    }
  });

  it('When the official Node SDK connects with wsUrl set to the mock, then it authenticates, gets the message and its replyStream reaches the inbox', async () => {
    const corp = await target.newCorp();
    const bot = await createBot(target, corp, { mode: 'long_connection' });
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    const client = new WSClient({ botId: bot.botid, secret: bot.secret, wsUrl: wsUrl(), logger: quiet, maxReconnectAttempts: 0 });
    const authenticated = new Promise<void>((resolve) => client.on('authenticated', () => resolve()));
    client.on('message.text', (frame) => {
      void client.replyStream(frame, 'sdk-1', `echo: ${frame.body!.text.content}`, true);
    });
    client.connect();
    try {
      await authenticated;
      const userid = member(corp);
      await target.admin('POST', '/__mock/simulate/aibot-message', { corpid: corp.corpid, botid: bot.botid, userid, content: 'ping sdk' });
      const msgs = await eventually(() => inbox(target, corp, userid), (m) => m.some((x) => x.content['finish'] === true));
      expect(msgs.find((m) => m.source === 'aibot')?.content).toMatchObject({ id: 'sdk-1', content: 'echo: ping sdk', finish: true });
    } finally {
      client.disconnect();
    }
  });
});
