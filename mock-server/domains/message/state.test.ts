import { describe, expect, it } from 'vitest';
import { MessageState, type SentMessage } from './state.js';

const message = (msgid: string, atMs: number, text = 'hi'): SentMessage => ({
  msgid,
  source: 'app',
  agentid: 1000002,
  chatid: undefined,
  msgtype: 'text',
  content: { content: text },
  safe: 0,
  sentAtMs: atMs,
  deliveredTo: new Set(),
  recalled: false,
  card: undefined,
  cardUpdates: new Map(),
  responseCode: undefined,
});

function send(s: MessageState, msgid: string, atMs: number, users: string[], text?: string): SentMessage {
  const msg = message(msgid, atMs, text);
  s.addMessage(msg, atMs);
  for (const u of users) s.addToInbox(u, { seq: s.nextSeq(), msg, delivered: true, dropped_reason: undefined, atMs });
  return msg;
}

describe('MessageState retention', () => {
  it('When messages are older than the retention (mock time), then a sweep drops them, their inbox entries and response codes', () => {
    const s = new MessageState({ messages: 100, bytes: 1 << 20, inboxEntries: 1000, retentionMs: 1000 });
    const old = send(s, 'm1', 0, ['a', 'b']);
    old.responseCode = 'rc1';
    s.responseCodes.set('rc1', { msgid: 'm1', agentid: 1000002, expiresAtMs: 1e12, used: false });
    send(s, 'm2', 800, ['a']);
    s.sweep(1500);
    expect([...s.messages.keys()]).toEqual(['m2']);
    expect(s.inbox.get('a')!.map((e) => e.msg.msgid)).toEqual(['m2']);
    expect(s.inbox.has('b')).toBe(false);
    expect(s.responseCodes.has('rc1')).toBe(false);
    expect(s.sizes).toMatchObject({ messages: 1, inboxEntries: 1 });
  });

  it('When more messages, bytes or inbox entries arrive than the bounds, then writes sweep the oldest and the state stays bounded', () => {
    const s = new MessageState({ messages: 50, bytes: 200_000, inboxEntries: 300, retentionMs: 1e12 });
    for (let i = 0; i < 2000; i++) send(s, `m${i}`, i, ['a', 'b', 'c', `u${i % 40}`], i % 10 === 0 ? 'x'.repeat(30_000) : 'hi');
    const sizes = s.sizes;
    expect(sizes.messages).toBeLessThanOrEqual(50);
    expect(sizes.bytes).toBeLessThanOrEqual(200_000);
    expect(sizes.inboxEntries).toBeLessThanOrEqual(300);
    expect(s.messages.has('m1999')).toBe(true);
    expect(s.messages.has('m0')).toBe(false);
    let filed = 0;
    for (const list of s.inbox.values()) filed += list.length;
    expect(filed).toBeLessThanOrEqual(300);
    expect(s.inbox.get('a')!.at(-1)!.msg.msgid).toBe('m1999');
  });

  it('When duplicate-check records are older than the longest window, then a sweep drops them', () => {
    const s = new MessageState();
    s.duplicates.set('1:abc', { atMs: 0, untilMs: 1800_000, answer: {}, msgid: 'm1' });
    s.sweep(4 * 3600_000 - 1);
    expect(s.duplicates.size).toBe(1);
    s.sweep(4 * 3600_000);
    expect(s.duplicates.size).toBe(0);
  });
});
