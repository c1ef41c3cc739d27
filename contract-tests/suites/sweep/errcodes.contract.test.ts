/**
 * The errcode sweep: every operation of the spec gets a battery of good and bad requests, then the
 * journal is read back and every errcode the mock answered must be (a) in the catalogue and (b) listed in
 * that operation's x-wecom-errcodes. Operations added later are swept automatically.
 */
import { describe, expect, it } from 'vitest';
import { OPERATIONS, type OperationDef } from '../../../spec/generated/operations.js';
import { describeErrcode } from '../../../spec/generated/errcodes.js';
import { suiteTarget } from '../../harness/suite.js';
import { call, getToken, type OperationId, type UncheckedCallOptions } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

const JUNK = ['x', '-1', '0', '99999999999999999999', 'a'.repeat(600), '%00', '张三', '1.5', 'true', '[]'];
const BODIES: unknown[] = ['', '{', 'null', '[]', '"s"', {}, { x: 1 }, { userid: 1, id: 'a', limit: -5, cursor: 7, agentid: 'x' }];

/** Deliberately bad requests: junk parameters, broken bodies, the other method. */
function requestsFor(op: OperationDef, token: string): Array<Omit<UncheckedCallOptions, 'unchecked'>> {
  const out: Array<Omit<UncheckedCallOptions, 'unchecked'>> = [];
  const method = op.method;
  const withToken = (q: Record<string, string | number | undefined>): Record<string, string | number | undefined> =>
    op.auth === 'access_token' ? { access_token: token, ...q } : q;
  out.push({ method, query: {} });
  out.push({ method, query: { access_token: 'bogus' } });
  out.push({ method, query: withToken({}) });
  for (const p of op.queryParams) for (const v of JUNK) out.push({ method, query: withToken({ [p]: v }) });
  out.push({ method, query: withToken(Object.fromEntries(op.queryParams.map((p, i) => [p, JUNK[i % JUNK.length]]))) });
  if (method === 'POST') {
    for (const b of BODIES) out.push({ method, query: withToken({}), body: typeof b === 'string' ? b : JSON.stringify(b) });
    out.push({ method: 'GET', query: withToken({}) });
  } else {
    out.push({ method: 'POST', query: withToken({}), body: '{}' });
  }
  return out;
}

describe.skipIf(!target.isMock)('errcode sweep over every operation', () => {
  // WeCom's own API is everything under /cgi-bin/ (pages and the control plane live elsewhere).
  const wecomOps = OPERATIONS.filter((o) => o.path.startsWith('/cgi-bin/'));

  it('When each operation gets good and bad requests, then every errcode is catalogued and listed for it', async () => {
    const corp = await target.newCorp();
    const tokens = [
      await getToken(base, corp.corpid, corp.appSecret),
      await getToken(base, corp.corpid, corp.raw!.secrets.contacts),
      await getToken(base, corp.corpid, corp.raw!.secrets.customer_contact),
    ];
    const problems = new Set<string>();
    let sent = 0;
    for (const op of wecomOps) {
      await target.admin('DELETE', '/__mock/journal');
      await target.admin('DELETE', `/__mock/journal?corpid=${corp.corpid}`);
      for (const token of tokens) {
        for (const req of requestsFor(op, token)) {
          const r = await call(base, op.operationId as OperationId, { unchecked: true, ...req, headers: { 'content-type': 'application/json' } });
          expect(r.status, `${op.operationId} answered HTTP ${r.status}`).toBeLessThan(500);
          sent++;
        }
      }
      // Read this operation's entries before the journal (5,000 per corp) could drop any.
      const entries = [
        ...(await target.admin<{ entries: Array<Record<string, unknown>> }>('GET', `/__mock/journal?corpid=${corp.corpid}&limit=10000`)).json.entries,
        ...(await target.admin<{ entries: Array<Record<string, unknown>> }>('GET', '/__mock/journal?limit=10000')).json.entries,
      ];
      expect(entries.length).toBeGreaterThan(0);
      for (const e of entries) {
        if (e['fault'] !== null) continue;
        const errcode = e['errcode'] as number;
        const seen = OPERATIONS.find((o) => o.operationId === e['operation']) ?? op;
        if (!describeErrcode(errcode)) problems.add(`${seen.operationId}: errcode ${errcode} is not catalogued`);
        else if (errcode !== 0 && !seen.errcodes.includes(errcode)) problems.add(`${seen.operationId}: errcode ${errcode} is not in its x-wecom-errcodes`);
      }
    }
    expect(sent).toBeGreaterThan(wecomOps.length * 10);
    expect([...problems]).toEqual([]);
    // ~17,000 sequential requests, growing with every operation: 34 s on a loaded 2-core machine, past the
    // suite-wide 30 s.
  }, 180_000);
});
