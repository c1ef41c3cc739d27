import { describe, expect, it } from 'vitest';
import { Clock } from './clock.js';
import { drawUnused, Rng } from './rng.js';

describe('Clock', () => {
  it('When a corp clock advances, then its parent does not, but a parent advance moves the child', () => {
    const global = new Clock();
    const corp = new Clock(global);
    const before = global.nowMs();
    corp.advance(7200);
    expect(corp.nowMs() - global.nowMs()).toBeGreaterThanOrEqual(7_200_000);
    expect(global.nowMs() - before).toBeLessThan(5_000);
    global.advance(60);
    expect(corp.offsetSeconds()).toBe(7260);
  });

  it('When asked to go backwards, then it refuses', () => {
    expect(() => new Clock().advance(-1)).toThrow(RangeError);
  });
});

describe('Rng', () => {
  it('When seeded alike, then it repeats; seeded differently, then it differs', () => {
    const a = new Rng('seed-1');
    const b = new Rng('seed-1');
    const c = new Rng('seed-2');
    const sa = a.string(32);
    expect(sa).toBe(b.string(32));
    expect(sa).not.toBe(c.string(32));
  });

  it('When drawing integers, then they stay in range and cover it', () => {
    const r = new Rng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = r.int(10);
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThan(10);
      seen.add(n);
    }
    expect(seen.size).toBe(10);
    expect(r.digits(19)).toMatch(/^[1-9]\d{18}$/);
  });

  it('When a drawn key is taken in any of the given maps or sets, then drawUnused draws again until it is free', () => {
    const draws = ['1', '2', '3', '4'];
    let calls = 0;
    expect(drawUnused(() => draws[calls++]!, new Set(['1']), new Map([['2', 0], ['3', 0]]))).toBe('4');
    expect(calls).toBe(4);
    // With nothing taken, the first draw stands.
    const a = new Rng(11);
    const b = new Rng(11);
    expect(drawUnused(() => a.hex(8))).toBe(b.hex(8));
  });
});
