/**
 * Where a POST operation's parameters go, and what the API and verify-client make of a request that puts them
 * elsewhere (README Decisions). user/list_id reads cursor and limit from its JSON body
 * (developer.work.weixin.qq.com/document/path/96067); in the query they are ignored, as WeCom ignores every
 * query parameter an operation does not define, so the call answers the first page of the default size.
 * A POST operation called with GET has no body and answers 40058 (the official errcode list, 40058 note 5).
 * verify-client's spec-conformance check judges the same journal entries the same way: the ignored
 * parameters and the GET are flagged with what WeCom did with them; the body form passes.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { judgeJournal, type JournalEntry } from '../../verify/checks.js';

const target = await suiteTarget();
const base = target.baseUrl;

async function conformance(corpid: string, since: number): Promise<string[]> {
  const j = await target.admin<{ entries: JournalEntry[] }>('GET', `/__mock/journal?corpid=${corpid}&operation=user_list_id`);
  expect(j.status).toBe(200);
  const entries = j.json.entries.filter((e) => e.seq > since);
  expect(entries).toHaveLength(1);
  return judgeJournal({ entries, exitCode: 0 })
    .find((c) => c.id === 'spec-conformance')!
    .findings.map((f) => f.message);
}

async function lastSeq(corpid: string): Promise<number> {
  const j = await target.admin<{ entries: JournalEntry[] }>('GET', `/__mock/journal?corpid=${corpid}`);
  return Math.max(0, ...j.json.entries.map((e) => e.seq));
}

describe('parameters of a POST operation', () => {
  it('When user/list_id gets cursor and limit in the query with an empty body, then they are ignored (whole first page), and verify-client says so', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);

    // The documented place: the body. limit 1 → one row; a malformed cursor → its errcode.
    const one = await call(base, 'user_list_id', { token, body: { limit: 1 } });
    expect(one.errcode, one.text).toBe(0);
    expect(one.json!['dept_user']).toHaveLength(1);
    const badCursor = await call(base, 'user_list_id', { token, body: { cursor: 'not-a-cursor' } });
    expect(badCursor.errcode).toBe(code('INVALID_CURSOR'));

    // The same values in the query, no body: not read.
    const since = target.isMock ? await lastSeq(corp.corpid) : 0;
    const r = await call(base, 'user_list_id', { unchecked: true, method: 'POST', token, query: { limit: 1, cursor: 'not-a-cursor' } });
    expect(r.errcode, r.text).toBe(0);
    expect((r.json!['dept_user'] as unknown[]).length).toBeGreaterThan(1);

    if (target.isMock) {
      const msgs = await conformance(corp.corpid, since);
      expect(msgs).toEqual([
        'user_list_id: query parameter "limit" is not in the spec; WeCom ignores it; a POST operation reads its fields from the JSON body only',
        'user_list_id: query parameter "cursor" is not in the spec; WeCom ignores it; a POST operation reads its fields from the JSON body only',
      ]);
      // The body form conforms.
      const before = await lastSeq(corp.corpid);
      await call(base, 'user_list_id', { token, body: { limit: 1 } });
      expect(await conformance(corp.corpid, before)).toEqual([]);
    }
  });

  it('When a POST-only operation is called with GET, then it answers 40058 and verify-client flags the method', async () => {
    const corp = await target.newCorp();
    const token = await getToken(base, corp.corpid, corp.appSecret);
    const since = target.isMock ? await lastSeq(corp.corpid) : 0;
    const r = await call(base, 'user_list_id', { unchecked: true, method: 'GET', token });
    expect(r.status).toBe(200);
    expect(r.errcode).toBe(code('INVALID_PARAMETER'));
    if (target.isMock) {
      expect(await conformance(corp.corpid, since)).toEqual(['user_list_id called with GET; the spec says POST (WeCom answers 40058: a GET carries no body)']);
    }
  });
});
