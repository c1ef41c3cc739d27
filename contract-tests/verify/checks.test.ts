/** The journal checks on hand-made journals: each check passes a good pattern and names a bad one. */
import { describe, expect, it } from 'vitest';
import { judgeJournal, type CheckId, type JournalEntry } from './checks.js';
import { parseProfile, loadProfile, PROFILE_NAMES } from './profiles.js';

let seq = 0;
function e(time: number, over: Partial<JournalEntry> = {}): JournalEntry {
  return {
    seq: ++seq,
    time,
    corpid: 'wwtest',
    operation: 'department_list',
    method: 'GET',
    path: '/cgi-bin/department/list',
    query: {},
    body: undefined,
    ip: '127.0.0.1',
    token_kind: 'app',
    agentid: 1000002,
    errcode: 0,
    status: 200,
    fault: null,
    duration_ms: 1,
    token_ref: 'T1',
    headers: {},
    leaks: [],
    ...over,
  };
}
const gettoken = (time: number, issued: string | null, over: Partial<JournalEntry> = {}): JournalEntry =>
  e(time, {
    operation: 'gettoken',
    path: '/cgi-bin/gettoken',
    query: { corpid: 'wwtest', corpsecret: 'abcd***' },
    token_ref: null,
    token_kind: null,
    secret_ref: 'S1',
    issued_token_ref: issued,
    ...over,
  });

function failed(entries: JournalEntry[]): CheckId[] {
  seq = 0;
  return judgeJournal({ entries, exitCode: 0 })
    .filter((c) => c.status === 'fail')
    .map((c) => c.id);
}
function outcome(entries: JournalEntry[], id: CheckId) {
  return judgeJournal({ entries, exitCode: 0 }).find((c) => c.id === id)!;
}

describe('verify-client checks', () => {
  it('When a client caches its token and makes valid calls, then every check passes', () => {
    seq = 0;
    expect(failed([gettoken(0, 'T1'), e(10), e(20, { operation: 'user_get', path: '/cgi-bin/user/get', query: { userid: 'zhangsan' } })])).toEqual([]);
  });

  it('When the journal is empty or the command failed, then activity and client-exit fail', () => {
    const checks = judgeJournal({ entries: [], exitCode: 3 });
    expect(checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['activity', 'client-exit']);
  });

  it('When gettoken comes before every call, then token-caching fails', () => {
    seq = 0;
    const j = [gettoken(0, 'T1'), e(10), gettoken(20, 'T1'), e(30), gettoken(40, 'T1'), e(50)];
    expect(failed(j)).toEqual(['token-caching']);
    expect(outcome(j, 'token-caching').summary).toBe('2 of 3 gettoken calls were unnecessary (3 token calls in all)');
  });

  it('When several gettoken go out before the token is used, then token-single-flight fails', () => {
    seq = 0;
    expect(failed([gettoken(0, 'T1'), gettoken(0, 'T1'), gettoken(1, 'T1'), e(5), e(5), e(5)])).toEqual(['token-single-flight']);
  });

  it('When a 42001 is followed by a new token and one retry, then token-refresh-retry passes', () => {
    seq = 0;
    const j = [gettoken(0, 'T1'), e(10, { errcode: 42001 }), gettoken(20, 'T2'), e(30, { token_ref: 'T2' })];
    expect(failed(j)).toEqual([]);
  });

  it('When a 42001 is not retried, or the dead token is sent again, then token-refresh-retry fails naming both', () => {
    seq = 0;
    const j = [gettoken(0, 'T1'), e(10, { errcode: 42001 }), e(60, { operation: 'user_get', path: '/cgi-bin/user/get', query: { userid: 'a' } })];
    expect(failed(j)).toEqual(['token-refresh-retry']);
    const msgs = outcome(j, 'token-refresh-retry').findings.map((f) => f.message);
    expect(msgs).toEqual([
      'the token refused with 42001 was sent again (1 more call): drop it and get a new one',
      'department_list answered 42001 was not retried with a new token',
    ]);
  });

  it('When -1 is retried with growing pauses, then retry-system-busy passes; without pause, not at all, or too often it fails', () => {
    seq = 0;
    expect(failed([gettoken(0, 'T1'), e(10, { errcode: -1 }), e(120, { errcode: -1 }), e(330)])).toEqual([]);
    seq = 0;
    expect(failed([gettoken(0, 'T1'), e(10, { errcode: -1 }), e(12)])).toEqual(['retry-system-busy']);
    seq = 0;
    expect(failed([gettoken(0, 'T1'), e(10, { errcode: -1 })])).toEqual(['retry-system-busy']);
    seq = 0;
    const many = [gettoken(0, 'T1'), ...[10, 200, 400, 600, 800].map((t) => e(t, { errcode: -1 }))];
    expect(outcome(many, 'retry-system-busy').findings.map((f) => f.message)).toContain('department_list: -1 retried 4 times (at most 3)');
  });

  it('When calls keep coming right after a 45009, then throttle-backoff fails; a pause passes', () => {
    seq = 0;
    expect(failed([gettoken(0, 'T1'), e(10, { errcode: 45009 }), e(13, { errcode: 45009 }), e(15, { errcode: 45009 }), e(17), e(19)])).toEqual([
      'throttle-backoff',
    ]);
    seq = 0;
    expect(failed([gettoken(0, 'T1'), e(10, { errcode: 45009 }), e(300)])).toEqual([]);
  });

  it('When a token travels in a header or a call leaves the spec, then no-credential-leak and spec-conformance name them', () => {
    seq = 0;
    const j = [
      gettoken(0, 'T1'),
      e(10, { leaks: ['header authorization carries the access_token of app 1000002'] }),
      e(20, { operation: null, path: '/cgi-bin/nope', status: 404 }),
      e(30, { query: { fetch_child: 'x', bogus: '1' } }),
    ];
    expect(failed(j)).toEqual(['spec-conformance', 'no-credential-leak']);
    const msgs = outcome(j, 'spec-conformance').findings.map((f) => f.message);
    expect(msgs[0]).toBe('GET /cgi-bin/nope is not an operation of the spec (WeCom answers HTTP 404)');
    expect(msgs).toContain('department_list: query parameter "bogus" is not in the spec; WeCom ignores it');
  });

  it('When calls with the refused token were already on their way, then that is not reuse', () => {
    seq = 0;
    const j = [gettoken(0, 'T1'), e(10, { errcode: 42001 }), e(14, { operation: 'user_get', path: '/cgi-bin/user/get', query: { userid: 'a' }, errcode: 42001 }), gettoken(20, 'T2'), e(30, { token_ref: 'T2' }), e(40, { token_ref: 'T2', operation: 'user_get', path: '/cgi-bin/user/get', query: { userid: 'a' } })];
    expect(failed(j)).toEqual([]);
  });

  it('When a token call has no access_token in its query, then token-in-query fails', () => {
    seq = 0;
    expect(failed([gettoken(0, 'T1'), e(10, { token_ref: null, errcode: 41001 })])).toEqual(['token-in-query']);
  });
});

describe('fault profiles', () => {
  it('When a built-in profile is named, then it loads; every built-in is deterministic (every/burst, no probability)', () => {
    for (const name of PROFILE_NAMES) {
      const p = loadProfile(name);
      expect(p.name).toBe(name);
      for (const f of p.faults) expect(f.probability).toBeUndefined();
    }
  });

  it('When a YAML profile is given, then its faults, tuning and skipped checks are read; mistakes are named', () => {
    const p = parseProfile('name: mine\nfaults:\n  - { errcode: -1, every: 3 }\ntuning: { min_backoff_ms: 20 }\nskip_checks: [spec-conformance]\n');
    expect(p).toMatchObject({ name: 'mine', faults: [{ errcode: -1, every: 3 }], tuning: { min_backoff_ms: 20 }, skip_checks: ['spec-conformance'] });
    expect(() => parseProfile('faults:\n  - { corpid: ww1, errcode: -1 }\n')).toThrow(/leave corpid out/);
    expect(() => parseProfile('fault: []\n')).toThrow(/unknown key "fault"/);
    expect(() => parseProfile('skip_checks: [nope]\n')).toThrow(/skip_checks/);
    expect(() => loadProfile('/nonexistent/profile.yaml')).toThrow(/unknown profile/);
  });
});
