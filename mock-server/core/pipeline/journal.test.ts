import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Journal, newJournalEntry, redact, type JournalEntry } from './journal.js';

const entry = (seq: number, query: Record<string, string> = {}): JournalEntry => ({
  ...newJournalEntry({ time: seq, corpid: 'ww1', operation: 'gettoken', method: 'GET', path: '/cgi-bin/gettoken', query, ip: '127.0.0.1' }),
  seq,
});

describe('Journal', () => {
  it('When a body is over journal_body_max, then only its size and SHA-256 are kept', () => {
    const j = new Journal({ capacity: 10, maxBytes: 1 << 20, bodyMax: 1000 });
    const small = Buffer.from('{"a":1}');
    j.add({ ...entry(1), body: { a: 1 } }, small);
    const big = Buffer.alloc(5000, 0x61);
    j.add({ ...entry(2), body: { text: big.toString() } }, big);
    const [a, b] = j.list();
    expect(a!.body).toEqual({ a: 1 });
    expect(b!.body).toBeUndefined();
    expect(b!.body_bytes).toBe(5000);
    expect(b!.body_sha256).toBe(createHash('sha256').update(big).digest('hex'));
    expect(j.byteSize).toBeLessThan(2000);
  });

  it('When entries weigh more than maxBytes, then the oldest go until the journal fits', () => {
    const j = new Journal({ capacity: 1000, maxBytes: 20_000, bodyMax: 4000 });
    for (let i = 1; i <= 100; i++) j.add({ ...entry(i), body: {} }, Buffer.alloc(3000, 0x20));
    expect(j.byteSize).toBeLessThanOrEqual(20_000);
    expect(j.size).toBeGreaterThan(3);
    expect(j.size).toBeLessThan(10);
    expect(j.list().at(-1)!.seq).toBe(100);
    // Many more, to pass the compaction point: still bounded, still in order.
    for (let i = 101; i <= 5000; i++) j.add(entry(i));
    const seqs = j.list().map((e) => e.seq);
    expect(seqs.at(-1)).toBe(5000);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(j.byteSize).toBeLessThanOrEqual(20_000);
  });

  it('When an answer is kept, then it is read back parsed with its token redacted; one over journal_body_max keeps only its size', () => {
    const j = new Journal({ capacity: 10, maxBytes: 1 << 20, bodyMax: 1000 });
    j.add({ ...entry(1), answer: '{"errcode":0,"errmsg":"ok","access_token":"tok12345678","expires_in":7200}' });
    const big = `{"errcode":0,"errmsg":"ok","text":"${'a'.repeat(5000)}"}`;
    j.add({ ...entry(2), answer: big });
    expect(j.list()[0]!.answer).toBeUndefined();
    const [a, b] = j.list({ answers: true });
    expect(a!.answer).toEqual({ errcode: 0, errmsg: 'ok', access_token: 'tok1***', expires_in: 7200 });
    expect(b!.answer).toBeUndefined();
    expect(b!.answer_bytes).toBe(big.length);
    // The answer counts in the byte bound.
    const weighed = new Journal({ capacity: 1000, maxBytes: 20_000, bodyMax: 4000 });
    for (let i = 1; i <= 100; i++) weighed.add({ ...entry(i), answer: `"${' '.repeat(3000)}"` });
    expect(weighed.byteSize).toBeLessThanOrEqual(20_000);
    expect(weighed.size).toBeLessThan(10);
  });

  it('When entries are filtered by errcode, then only those answered with it come back', () => {
    const j = new Journal(10);
    j.add({ ...entry(1), errcode: 0 });
    j.add({ ...entry(2), errcode: 60111 });
    j.add({ ...entry(3), errcode: -1 });
    expect(j.list({ errcode: 60111 }).map((e) => e.seq)).toEqual([2]);
    expect(j.list({ errcode: -1 }).map((e) => e.seq)).toEqual([3]);
    expect(j.list({ errcode: 0 }).map((e) => e.seq)).toEqual([1]);
  });

  it('When more entries arrive than it holds, then the oldest go and order is kept', () => {
    const j = new Journal(3);
    for (let i = 1; i <= 5; i++) j.add(entry(i));
    expect(j.list().map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(j.list({ since: 3 }).map((e) => e.seq)).toEqual([4, 5]);
    expect(j.list({ limit: 1 }).map((e) => e.seq)).toEqual([5]);
  });

  it('When entries are read, then secrets and tokens are redacted', () => {
    const j = new Journal(3);
    j.add(entry(1, { corpid: 'ww1', corpsecret: 'supersecretvalue', access_token: 'tok12345678' }));
    const [e] = j.list();
    expect(e!.query).toEqual({ corpid: 'ww1', corpsecret: 'supe***', access_token: 'tok1***' });
  });

  it('When a body nests secrets, then they are redacted at any depth', () => {
    expect(redact({ a: { secret: 'abcdefgh', list: [{ token: 'xyzxyzxyz' }] }, n: 1 })).toEqual({
      a: { secret: 'abcd***', list: [{ token: 'xyzx***' }] },
      n: 1,
    });
  });
});
