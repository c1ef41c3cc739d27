import { describe, expect, it } from 'vitest';
import { Journal, redact, type JournalEntry } from './journal.js';

const entry = (seq: number, query: Record<string, string> = {}): JournalEntry => ({
  seq,
  time: seq,
  corpid: 'ww1',
  operation: 'gettoken',
  method: 'GET',
  path: '/cgi-bin/gettoken',
  query,
  body: undefined,
  ip: '127.0.0.1',
  token_kind: null,
  agentid: null,
  errcode: 0,
  status: 200,
  fault: null,
  duration_ms: 0,
});

describe('Journal', () => {
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
