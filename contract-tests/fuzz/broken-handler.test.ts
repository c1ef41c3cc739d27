/**
 * The fuzzer's own test: handlers broken on purpose (through createApp's `routeOverrides`) must be caught,
 * each by the property it breaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../spec/generated/errcodes.js';
import { startInProcessTarget, type InProcessOptions, type Target } from '../harness/target.js';
import { fuzz, formatFindings } from './engine.js';
import { prepareFuzz } from './setup.js';
import { specOperations } from './spec-index.js';
import type { FuzzCredentials } from './requests.js';

const ops = specOperations();
const op = (id: string) => {
  const o = ops.get(id);
  if (!o) throw new Error(`${id} is not in the spec`);
  return o;
};
/** A catalogued errcode that department_simplelist does not list. */
const unlisted = CATALOGUE.map(([c]) => c).find((c) => c > 80_000 && !op('department_simplelist').def.errcodes.includes(c))!;

const overrides: InProcessOptions['routeOverrides'] = {
  // A success body that breaks the response schema (department must be an array of integers).
  user_get: () => ({ userid: 'zhangsan', name: 'x', department: 'not-an-array' }),
  // An errcode the operation does not declare in x-wecom-errcodes.
  department_simplelist: () => ({ errcode: unlisted, errmsg: 'surprise' }),
  // A crash: the pipeline turns it into -1, which no fault asked for.
  getcallbackip: () => {
    throw new Error('deliberately broken handler');
  },
  // A hang.
  get_api_domain_ip: () => new Promise(() => {}),
};

let target: Target;
let creds: FuzzCredentials;
const logged: string[] = [];

beforeAll(async () => {
  target = await startInProcessTarget({ routeOverrides: overrides, log: (m) => logged.push(m) });
  creds = await prepareFuzz(target);
});
afterAll(async () => {
  await target?.close();
});

describe('the fuzzer catches broken handlers', () => {
  it('When a handler answers a body outside its response schema, then the fuzzer reports response-schema with a repeatable request', async () => {
    const report = await fuzz({ baseUrl: target.baseUrl, credentials: creds, operations: [op('user_get')], totalRuns: 80, seed: 7 });
    expect(report.findings.map((f) => [f.operationId, f.check])).toEqual([['user_get', 'response-schema']]);
    const f = report.findings[0]!;
    expect(f.message).toMatch(/department/);
    expect(f.curl).toContain('/cgi-bin/user/get?');
    expect(formatFindings(report.findings)).toContain('✗ user_get — response-schema');
  });

  it('When a handler answers an errcode missing from x-wecom-errcodes, then the fuzzer reports errcode-listed', async () => {
    const report = await fuzz({ baseUrl: target.baseUrl, credentials: creds, operations: [op('department_simplelist')], totalRuns: 80, seed: 7 });
    expect(report.findings).toHaveLength(1);
    const checks = report.findings[0]!.problems.map((p) => p.check);
    expect(checks).toContain('errcode-listed');
    expect(checks).toContain('error-code-header');
  });

  it('When a handler throws, then the fuzzer reports no-system-error (the -1 no fault asked for)', async () => {
    const report = await fuzz({ baseUrl: target.baseUrl, credentials: creds, operations: [op('getcallbackip')], totalRuns: 80, seed: 7 });
    expect(report.findings.map((f) => f.check)).toEqual(['no-system-error']);
    expect(logged.some((m) => m.includes('deliberately broken handler'))).toBe(true);
  });

  it('When a handler never answers, then the fuzzer reports no-hang instead of waiting forever', async () => {
    const report = await fuzz({
      baseUrl: target.baseUrl,
      credentials: creds,
      operations: [op('get_api_domain_ip')],
      totalRuns: 30,
      seed: 7,
      timeoutMs: 400,
      shrink: false,
    });
    expect(report.findings.map((f) => f.check)).toEqual(['no-hang']);
  });

  it('When the handlers are sound, then the same runs find nothing', async () => {
    const sound = await startInProcessTarget({});
    try {
      const c = await prepareFuzz(sound);
      const report = await fuzz({
        baseUrl: sound.baseUrl,
        credentials: c,
        operations: ['user_get', 'department_simplelist', 'getcallbackip', 'get_api_domain_ip'].map(op),
        totalRuns: 320,
        seed: 7,
      });
      expect(formatFindings(report.findings)).toBe('');
    } finally {
      await sound.close();
    }
  });
});
