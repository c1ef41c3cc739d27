import { describe, expect, it } from 'vitest';
import { EventLog } from './events.js';

describe('EventLog', () => {
  it('When events are older than the retention (mock time), then a push or a sweep drops them', () => {
    const log = new EventLog('ww1', new Set(), { capacity: 100, retentionMs: 1000 });
    log.push(0, { Event: 'a' });
    log.push(500, { Event: 'b' });
    log.push(1200, { Event: 'c' });
    expect(log.since(0).map((e) => e.event['Event'])).toEqual(['b', 'c']);
    log.sweep(1600);
    expect(log.since(0).map((e) => e.event['Event'])).toEqual(['c']);
  });

  it('When more events arrive than the capacity, then the log stays within a quarter over it and keeps the newest', () => {
    const log = new EventLog('ww1', new Set(), { capacity: 100, retentionMs: 1e12 });
    for (let i = 1; i <= 1000; i++) log.push(i, { n: i });
    expect(log.size).toBeLessThanOrEqual(125);
    expect(log.since(0).at(-1)!.seq).toBe(1000);
  });
});
