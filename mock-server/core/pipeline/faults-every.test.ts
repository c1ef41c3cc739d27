import { describe, expect, it } from 'vitest';
import { FaultStore, parseFaultHeader } from './faults.js';

describe('FaultStore deterministic rules (every, burst, expire_token)', () => {
  it('When a rule has every=4, then exactly every fourth matching request is affected', () => {
    const s = new FaultStore();
    s.add({ errcode: -1, every: 4 });
    const hits = Array.from({ length: 12 }, () => s.match('wwa', 'user_get', '/cgi-bin/user/get', undefined) !== undefined);
    expect(hits.map((h, i) => (h ? i + 1 : 0)).filter((n) => n > 0)).toEqual([4, 8, 12]);
  });

  it('When a rule has every=5 and burst=2, then the last two of each cycle of five are affected', () => {
    const s = new FaultStore();
    s.add({ errcode: 45009, every: 5, burst: 2 });
    const hits = Array.from({ length: 10 }, (_, i) => (s.match(null, 'x', '/x', undefined) ? i + 1 : 0)).filter((n) => n > 0);
    expect(hits).toEqual([4, 5, 9, 10]);
  });

  it('When an every rule does not apply, then a later rule still can', () => {
    const s = new FaultStore();
    s.add({ errcode: -1, every: 3 });
    s.add({ latency_ms: 5 });
    const kinds = Array.from({ length: 3 }, () => s.match(null, 'x', '/x', undefined)).map((a) => (a?.errcode !== undefined ? 'err' : 'latency'));
    expect(kinds).toEqual(['latency', 'latency', 'err']);
  });

  it('When a rule expires tokens, then it matches only requests with a token, and says so', () => {
    const s = new FaultStore();
    s.add({ expire_token: true, every: 2 });
    expect(s.match(null, 'gettoken', '/cgi-bin/gettoken', undefined, false)).toBeUndefined();
    expect(s.match(null, 'user_get', '/cgi-bin/user/get', undefined, true)).toBeUndefined();
    expect(s.match(null, 'user_get', '/cgi-bin/user/get', undefined, true)?.expireToken).toBe(true);
    expect(parseFaultHeader('expire_token')).toEqual({ source: 'header', expireToken: true });
  });
});
