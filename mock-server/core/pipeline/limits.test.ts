import { describe, expect, it } from 'vitest';
import { QuotaCounter, RateLimiter, WindowCounter } from './limits.js';

const MIN = 60_000;

describe('WindowCounter', () => {
  it('When calls exceed the minute window, then the scope is blocked for a whole minute', () => {
    const c = new WindowCounter();
    const t0 = 10 * MIN;
    for (let i = 0; i < 3; i++) expect(c.hit(t0 + i, { per_minute: 3 }, 1, true)).toBe(true);
    expect(c.hit(t0 + 10, { per_minute: 3 }, 1, true)).toBe(false);
    // Still blocked in the next window until a minute after the excess.
    expect(c.hit(t0 + MIN + 5, { per_minute: 3 }, 1, true)).toBe(false);
    expect(c.hit(t0 + MIN + 11, { per_minute: 3 }, 1, true)).toBe(true);
  });

  it('When the scale is raised, then the window allows proportionally more', () => {
    const c = new WindowCounter();
    for (let i = 0; i < 30; i++) expect(c.hit(i, { per_minute: 3 }, 10, true)).toBe(true);
    expect(c.hit(31, { per_minute: 3 }, 10, true)).toBe(false);
  });

  it('When the hour window is exceeded across minutes, then it refuses', () => {
    const c = new WindowCounter();
    let ok = 0;
    for (let m = 0; m < 10; m++) for (let i = 0; i < 2; i++) if (c.hit(m * MIN + i, { per_minute: 5, per_hour: 15 }, 1, true)) ok++;
    expect(ok).toBe(15);
  });
});

describe('RateLimiter', () => {
  it('When one corp exceeds its per-corp window, then it answers 45009 and other corps are unaffected', () => {
    const rl = new RateLimiter(() => 1);
    const a = new Map<string, unknown>();
    const b = new Map<string, unknown>();
    const base = { now: 0, corpNow: 0, operationId: 'user_get', limits: ['api_per_corp'], corpScale: 1, debug: false };
    let refused = 0;
    for (let i = 0; i < 10_001; i++) if (rl.check({ ...base, ip: `10.0.0.${i % 200}`, corpCounters: a }) !== 0) refused++;
    expect(refused).toBe(1);
    expect(rl.check({ ...base, ip: '10.0.0.1', corpCounters: a })).toBe(45009);
    expect(rl.check({ ...base, ip: '10.0.0.1', corpCounters: b })).toBe(0);
  });

  it('When a provider operation is called from one IP beyond its window, then 45009 for that IP only', () => {
    // 40,000/min × 0.0001 = 4 calls a minute per IP and API (the provider windows of limits.yaml).
    const rl = new RateLimiter(() => 0.0001);
    const base = { now: 0, corpNow: undefined, operationId: 'service_get_suite_token', limits: ['provider_api_per_ip'], corpCounters: undefined, corpScale: 1, debug: false };
    const codes = Array.from({ length: 5 }, () => rl.check({ ...base, ip: '10.1.1.1' }));
    expect(codes).toEqual([0, 0, 0, 0, 45009]);
    expect(rl.check({ ...base, ip: '10.1.1.2' })).toBe(0);
    expect(rl.check({ ...base, ip: '10.1.1.1', now: 60_001 })).toBe(0);
  });

  it('When debug=1 is used more than 5 times a minute, then it answers 45009', () => {
    const rl = new RateLimiter(() => 1);
    const counters = new Map<string, unknown>();
    const codes = Array.from({ length: 6 }, () =>
      rl.check({ now: 0, corpNow: 0, operationId: 'x', limits: [], ip: '1.1.1.1', corpCounters: counters, corpScale: 1, debug: true }),
    );
    expect(codes).toEqual([0, 0, 0, 0, 0, 45009]);
  });
});

describe('QuotaCounter', () => {
  it('When a key is over its window, then only that key is refused, without a block beyond the window', () => {
    const q = new QuotaCounter();
    for (let i = 0; i < 100; i++) expect(q.hit('app:1', i, { per_hour: 100 })).toBe(true);
    expect(q.hit('app:1', 200, { per_hour: 100 })).toBe(false);
    expect(q.hit('app:2', 200, { per_hour: 100 })).toBe(true);
    expect(q.hit('app:1', 3_600_000, { per_hour: 100 })).toBe(true);
  });
});
