import { describe, expect, it } from 'vitest';
import { type CorpCredentials } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { call, getToken } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

describe.skipIf(!target.isMock)('control plane', () => {
  it('When a corp is created with a seed, then it is deterministic and isolated from other corps', async () => {
    const a = await target.admin<CorpCredentials>('POST', '/__mock/corps', { seed: 4242, corpid: 'wwseedtest0000001' });
    const b = await target.admin<CorpCredentials>('POST', '/__mock/corps', { seed: 4242, corpid: 'wwseedtest0000002' });
    expect(a.status).toBe(201);
    expect(a.json.counts).toEqual(b.json.counts);
    // Same seed, other corpid: same shape, but secrets of its own (a secret never opens two corps).
    expect(b.json.apps[0]!.secret).not.toBe(a.json.apps[0]!.secret);
    expect(b.json.secrets.contacts).not.toBe(a.json.secrets.contacts);
    // Same seed and corpid again: the very same corp.
    await target.admin('DELETE', '/__mock/corps/wwseedtest0000001');
    const again = await target.admin<CorpCredentials>('POST', '/__mock/corps', { seed: 4242, corpid: 'wwseedtest0000001' });
    expect(again.json).toEqual(a.json);
    // Isolation: a's secret does not open b.
    const r = await call(base, 'gettoken', { query: { corpid: b.json.corpid, corpsecret: a.json.secrets.contacts + 'x' } });
    expect(r.errcode).toBe(40001);
    expect((await target.admin('POST', '/__mock/corps', { corpid: 'wwseedtest0000001' })).status).toBe(409);
  });

  it('When a corp is reset, then its credentials stay and its tokens are gone', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    const reset = await target.admin<CorpCredentials>('POST', `/__mock/corps/${corp.corpid}/reset`);
    expect(reset.json.apps[0]!.secret).toBe(corp.appSecret);
    expect((await call(base, 'getcallbackip', { token: t })).errcode).toBe(40014);
  });

  it('When the journal is read, then it lists the corp\'s requests oldest first with secrets redacted', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    await call(base, 'user_get', { token: t, query: { userid: 'nobody_here' } });
    const j = await target.admin<{ entries: Array<Record<string, any>> }>('GET', `/__mock/journal?corpid=${corp.corpid}`);
    const [first, second] = j.json.entries;
    expect(first!['operation']).toBe('gettoken');
    expect(first!['query']['corpsecret']).toMatch(/^\S{4}\*\*\*$/);
    expect(JSON.stringify(j.json)).not.toContain(corp.appSecret);
    expect(JSON.stringify(j.json)).not.toContain(t);
    expect(second).toMatchObject({ operation: 'user_get', errcode: 60111, token_kind: 'app', agentid: corp.agentid });
    expect(second!['seq']).toBeGreaterThan(first!['seq']);
    const filtered = await target.admin<{ entries: unknown[] }>('GET', `/__mock/journal?corpid=${corp.corpid}&operation=user_get`);
    expect(filtered.json.entries).toHaveLength(1);
  });

  it('When a request has no known corp, then it lands in the unattributed journal', async () => {
    await call(base, 'gettoken', { query: { corpid: 'wwunknowncorp00x', corpsecret: 'zzz' } });
    const j = await target.admin<{ entries: Array<Record<string, unknown>> }>('GET', '/__mock/journal?operation=gettoken');
    expect(j.json.entries.some((e) => (e['query'] as Record<string, string>)['corpid'] === 'wwunknowncorp00x' && e['errcode'] === 40013)).toBe(true);
  });

  it('When the clock is advanced for one corp, then only that corp\'s clock moves', async () => {
    const [a, b] = await Promise.all([target.newCorp(), target.newCorp()]);
    const before = await target.admin<{ now_ms: number }>('GET', `/__mock/clock?corpid=${b.corpid}`);
    const moved = await target.admin<{ offset_seconds: number; now_ms: number }>('POST', '/__mock/clock', { corpid: a.corpid, advance_seconds: 86400 });
    expect(moved.json.offset_seconds).toBeGreaterThanOrEqual(86400);
    const after = await target.admin<{ now_ms: number }>('GET', `/__mock/clock?corpid=${b.corpid}`);
    expect(after.json.now_ms - before.json.now_ms).toBeLessThan(60_000);
    expect((await target.admin('POST', '/__mock/clock', { corpid: a.corpid, advance_seconds: -5 })).status).toBe(400);
  });

  it('When the control plane gets bad input, then 4xx with a reason, never a 5xx', async () => {
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/__mock/corps', { scenario: 'gigantic' }],
      ['POST', '/__mock/corps', { corpid: 'not a corpid' }],
      ['GET', '/__mock/corps/wwnope', undefined],
      ['POST', '/__mock/clock', {}],
      ['GET', '/__mock/journal?corpid=wwnope', undefined],
      ['GET', '/__mock/journal?limit=abc', undefined],
      ['DELETE', '/__mock/faults/f999999', undefined],
      ['PATCH', '/__mock/corps/wwnope/settings', { post2022_rules: false }],
    ];
    for (const [method, path, body] of cases) {
      const r = await target.admin<{ error?: { code: string; message: string } }>(method, path, body);
      expect(r.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(r.status, `${method} ${path}`).toBeLessThan(500);
      expect(r.json.error?.message).toEqual(expect.any(String));
    }
    const broken = await fetch(`${base}/__mock/corps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(broken.status).toBe(400);
  });

  it('When coverage is asked, then every WeCom operation of the spec is listed with whether it has a handler', async () => {
    const r = await target.admin<{ operations: Array<{ operationId: string; implemented: boolean }> }>('GET', '/__mock/coverage');
    const ids = r.json.operations.map((o) => o.operationId);
    expect(ids).toContain('gettoken');
    expect(r.json.operations.find((o) => o.operationId === 'user_get')!.implemented).toBe(true);
    // WeCom's enterprise payments on the pay host count too; the control plane does not.
    expect(r.json.operations.find((o) => o.operationId === 'mmpaymkttransfers_sendworkwxredpack')?.implemented).toBe(true);
    expect(ids.some((id) => id.startsWith('mock_'))).toBe(false);
  });
});
