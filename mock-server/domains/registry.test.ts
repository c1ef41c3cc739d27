import { describe, expect, it } from 'vitest';
import { createApp } from '../index.js';

/** A corp's domains are built on first use (start-up and test corps do not pay for all 40 domains' demo data). */
describe('domain states built on first use', () => {
  it('When a corp is made, then a domain nobody touched is not built yet, and it is built once on first read', () => {
    const app = createApp({ demoCorp: false });
    const corp = app.createCorp({ seed: 7 });
    expect(typeof Object.getOwnPropertyDescriptor(corp.domains, 'journal')?.get).toBe('function');
    const first = corp.domains.journal;
    expect(Object.getOwnPropertyDescriptor(corp.domains, 'journal')?.value).toBe(first);
    expect(corp.domains.journal).toBe(first);
  });

  it('When the clock moved before a domain is first read, then its demo data is dated from the corp creation, as if built with it', () => {
    const app = createApp({ demoCorp: false });
    const corp = app.createCorp({ seed: 7 });
    const createdSec = corp.clock.nowSec();
    corp.clock.advance(30 * 86_400);
    const times = corp.domains.journal.records.map((r) => r.report_time);
    expect(times.length).toBeGreaterThan(0);
    expect(Math.max(...times)).toBeLessThanOrEqual(createdSec + 1);
  });

  it('When two corps of one seed have their domains read in different orders, then they hold the same demo data', () => {
    const app = createApp({ demoCorp: false });
    const a = app.createCorp({ seed: 11 });
    const aJournal = a.domains.journal.records.map((r) => r.uuid);
    const aArchive = [a.domains.msgaudit.size, a.domains.msgaudit.lastSeq];
    const b = app.registry.reset(a.corpid)!;
    const bArchive = [b.domains.msgaudit.size, b.domains.msgaudit.lastSeq];
    const bJournal = b.domains.journal.records.map((r) => r.uuid);
    expect(bJournal).toEqual(aJournal);
    expect(bArchive).toEqual(aArchive);
    expect(aArchive[0]).toBeGreaterThan(0);
  });
});
