import { describe, expect, it } from 'vitest';
import { CallbacksState, DeliveryQueue } from './state.js';

describe('DeliveryQueue', () => {
  it('works items one at a time in order and reports idle', async () => {
    const seen: number[] = [];
    let active = 0;
    let maxActive = 0;
    const q = new DeliveryQueue<number>(async (n) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await Promise.resolve();
      seen.push(n);
      active--;
      if (n === 2) throw new Error('a failing item does not stop the queue');
    });
    for (const n of [1, 2, 3, 4]) q.push(n);
    await q.whenIdle();
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(maxActive).toBe(1);
    expect(q.size).toBe(0);
  });
});

describe('CallbacksState', () => {
  it('gives each system receiver well-formed keys, the same for the same seed', () => {
    const a = new CallbacksState('1:wwx');
    const b = new CallbacksState('1:wwx');
    expect(a.system.get('contacts')).toEqual(b.system.get('contacts'));
    expect(a.system.get('contacts')!.encoding_aes_key).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(a.system.get('archive')!.url).toBe('');
  });

  it('consumes counted rules and keeps unlimited ones', () => {
    const s = new CallbacksState('x');
    s.addRule({ mode: 'duplicate', receiver: 'app:1', delay_ms: 0, remaining: 1 });
    s.addRule({ mode: 'delay', receiver: null, delay_ms: 5, remaining: null });
    expect(s.takeRules('contacts').map((r) => r.mode)).toEqual(['delay']);
    expect(s.takeRules('app:1').map((r) => r.mode)).toEqual(['duplicate', 'delay']);
    expect(s.takeRules('app:1').map((r) => r.mode)).toEqual(['delay']);
  });
});

describe('outbox retention', () => {
  const entry = (at: number, state: 'pending' | 'delivered' | 'failed', seq: number | null = null): Parameters<CallbacksState['add']>[0] => ({
    corpid: 'ww1',
    event_seq: seq,
    receiver: { kind: 'app', agentid: 1, url: 'http://127.0.0.1:1/cb' },
    event_type: 'change_contact',
    format: 'xml',
    event: {},
    plaintext: '<xml></xml>',
    receive_id: 'ww1',
    to_user_name: 'ww1',
    envelope_agent_id: '1',
    created_at: at,
    finished_at: state === 'pending' ? null : at,
    state,
    tamper: [],
    delay_ms: 0,
    attempts: [],
    reply: null,
  });

  it('When finished entries are older than the retention (mock time), then a sweep drops them and their indexes; pending ones stay', () => {
    const s = new CallbacksState('1:ww1', { entries: 100, retentionMs: 1000 });
    const old = s.add(entry(0, 'delivered', 1));
    const pending = s.add(entry(0, 'pending', 2));
    const young = s.add(entry(900, 'failed', 3));
    s.sweep(1500);
    expect(s.outbox.map((e) => e.id)).toEqual([pending.id, young.id]);
    expect(s.byId.has(old.id)).toBe(false);
    expect(s.byEventSeq.has(1)).toBe(false);
    expect(s.byEventSeq.get(3)).toEqual([young]);
  });

  it('When more entries arrive than the bound, then the outbox stays within a quarter over it, oldest finished first', () => {
    const s = new CallbacksState('1:ww1', { entries: 40, retentionMs: 1e12 });
    for (let i = 0; i < 1000; i++) s.add(entry(i, i === 0 ? 'pending' : 'delivered', i));
    expect(s.outbox.length).toBeLessThanOrEqual(50);
    expect(s.outbox[0]!.state).toBe('pending');
    expect(s.outbox.at(-1)!.event_seq).toBe(999);
    expect(s.byId.size).toBe(s.outbox.length);
  });

  it('When the delivery queue holds more than its bound, then the oldest waiting items are dropped', async () => {
    const dropped: number[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const q = new DeliveryQueue<number>(() => gate, 3, (n) => dropped.push(n));
    for (let n = 1; n <= 8; n++) q.push(n);
    // 1 is in flight; 2..8 waited, of which 3 are kept.
    expect(dropped).toEqual([2, 3, 4, 5]);
    expect(q.size).toBe(4);
    release();
    await q.whenIdle();
  });
});
