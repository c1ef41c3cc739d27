import { describe, expect, it } from 'vitest';
import { FaultStore, parseFaultHeader } from './faults.js';
import { Rng } from '../runtime/rng.js';

describe('parseFaultHeader', () => {
  it('When the header names an errcode, latency and drop, then all are read', () => {
    expect(parseFaultHeader('errcode=45009; latency=20; drop')).toEqual({ source: 'header', errcode: 45009, latencyMs: 20, drop: true });
    expect(parseFaultHeader('-1')).toEqual({ source: 'header', errcode: -1 });
  });

  it('When the header is malformed, then the reason says what to fix', () => {
    expect(parseFaultHeader('errcode=abc')).toHaveProperty('error');
    expect(parseFaultHeader('latency=999999')).toHaveProperty('error');
    expect(parseFaultHeader('explode')).toHaveProperty('error');
  });
});

describe('FaultStore', () => {
  it('When a rule has a count, then it applies that many times and disappears', () => {
    const s = new FaultStore();
    s.add({ operation: 'gettoken', errcode: -1, count: 2 });
    expect(s.match(null, 'gettoken', '/cgi-bin/gettoken', undefined)?.errcode).toBe(-1);
    expect(s.match(null, 'user_get', '/cgi-bin/user/get', undefined)).toBeUndefined();
    expect(s.match(null, 'gettoken', '/cgi-bin/gettoken', undefined)?.errcode).toBe(-1);
    expect(s.match(null, 'gettoken', '/cgi-bin/gettoken', undefined)).toBeUndefined();
    expect(s.size).toBe(0);
  });

  it('When a rule names a corp or a path, then only that corp or path matches', () => {
    const s = new FaultStore();
    s.add({ corpid: 'wwa', operation: '/cgi-bin/user/get', errcode: 45009 });
    expect(s.match('wwb', 'user_get', '/cgi-bin/user/get', undefined)).toBeUndefined();
    expect(s.match('wwa', 'user_get', '/cgi-bin/user/get', undefined)?.errcode).toBe(45009);
  });

  it('When a rule has a probability, then the seeded rng decides, repeatably', () => {
    const run = (): number => {
      const s = new FaultStore();
      s.add({ errcode: -1, probability: 0.3 });
      const rng = new Rng('p');
      let n = 0;
      for (let i = 0; i < 1000; i++) if (s.match(null, 'x', '/x', rng)) n++;
      return n;
    };
    const n = run();
    expect(n).toBe(run());
    expect(n).toBeGreaterThan(200);
    expect(n).toBeLessThan(400);
  });
});
