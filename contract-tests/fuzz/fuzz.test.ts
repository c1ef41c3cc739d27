/**
 * Fuzzes every operation of the spec against an in-process mock with a fixed seed: ≥ 10,000 requests in
 * all (WECOM_FUZZ_RUNS for a longer run, WECOM_FUZZ_SEED for another seed). WeCom operations and pages
 * share one mock; the control plane gets its own, since its requests change the mock itself.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessTarget, type Target } from '../harness/target.js';
import { fuzz, formatFindings } from './engine.js';
import { prepareFuzz } from './setup.js';
import { specOperations, type OpInfo } from './spec-index.js';
import type { FuzzCredentials } from './requests.js';

const TOTAL = Number(process.env['WECOM_FUZZ_RUNS'] ?? 10_000);
const SEED = Number(process.env['WECOM_FUZZ_SEED'] ?? 20_260_101);
const ops = [...specOperations().values()];
const WEIGHT: Record<OpInfo['kind'], number> = { wecom: 4, page: 2, admin: 1 };
const weightSum = ops.reduce((s, o) => s + WEIGHT[o.kind], 0);
const runsOf = (op: OpInfo): number => Math.max(40, Math.ceil((TOTAL * WEIGHT[op.kind]) / weightSum));

let wecom: Target;
let admin: Target;
let wecomCreds: FuzzCredentials;
let adminCreds: FuzzCredentials;
const crashes: string[] = [];
const log = (m: string): void => {
  crashes.push(m);
};

beforeAll(async () => {
  // Rate windows scaled up: the fuzzer sends far more than 10,000 calls a minute to some APIs.
  // Merchants' API certificates (POST /__mock/mchpay/merchants with cert) come from a CA of the test's own.
  const caDir = mkdtempSync(join(tmpdir(), 'wecom-fuzz-ca-'));
  wecom = await startInProcessTarget({ rateLimitScale: 1000, log, caDir });
  admin = await startInProcessTarget({ rateLimitScale: 1000, log, caDir });
  wecomCreds = await prepareFuzz(wecom, { rateLimitScale: 1000 });
  const a = await prepareFuzz(admin);
  adminCreds = { ...a, hints: { ...a.hints, id: ['f1', 'f2'], scenario: ['typical', 'empty'] } };
});

afterAll(async () => {
  await wecom?.close();
  await admin?.close();
});

describe.each(ops.map((o) => [o.operationId, o] as const))('fuzz %s', (operationId, op) => {
  it(`When ${runsOf(op)} generated requests (valid, boundary, broken) hit ${op.method} ${op.path}, then no answer breaks the spec`, async () => {
    const target = op.kind === 'admin' ? admin : wecom;
    const before = crashes.length;
    const report = await fuzz({
      baseUrl: target.baseUrl,
      credentials: op.kind === 'admin' ? adminCreds : wecomCreds,
      operations: [op],
      totalRuns: runsOf(op),
      minRunsPerOperation: 1,
      seed: SEED,
      timeoutMs: 15_000,
      // A 100,000-member corp takes seconds to build: not what this test is about.
      exclude: (r) => typeof r.body === 'string' && r.body.includes('"large"'),
    });
    expect(formatFindings(report.findings), `fuzzing ${operationId}`).toBe('');
    expect(crashes.slice(before), 'unexpected errors logged by the mock').toEqual([]);
    expect(report.requests).toBeGreaterThan(0);
  });
});

it('When the fuzz suite is planned, then it sends at least 10,000 requests spread over every operation of the spec', () => {
  const planned = ops.reduce((s, o) => s + runsOf(o), 0);
  expect(planned).toBeGreaterThanOrEqual(Math.min(TOTAL, 10_000));
  expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
});
