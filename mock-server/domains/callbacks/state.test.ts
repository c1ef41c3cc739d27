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
