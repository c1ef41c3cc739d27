/**
 * verify-client against the two example clients, in every fault profile: the typed client (token cache,
 * single-flight refresh, retries) passes; the naive one fails with exactly the checks its mistakes break.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyClient } from './run.js';
import { verifyClientCommand } from './cli.js';
import { PROFILE_NAMES } from './profiles.js';

const ROOT = join(import.meta.dirname, '..', '..');
const node = (file: string): string[] => [process.execPath, '--import', 'tsx', join(ROOT, 'examples', file)];

/** The naive client's mistakes, by profile: each profile adds the check its fault exposes. */
const NAIVE_FAILS: Record<string, string[]> = {
  none: ['no-credential-leak', 'token-caching'],
  'token-expiry': ['no-credential-leak', 'token-caching', 'token-refresh-retry'],
  flaky: ['no-credential-leak', 'token-caching', 'retry-system-busy'],
  throttled: ['no-credential-leak', 'token-caching', 'throttle-backoff'],
  chaos: ['no-credential-leak', 'token-caching', 'token-refresh-retry', 'retry-system-busy', 'throttle-backoff'],
};

// Two verify runs at a time (one per client): enough parallelism for two cores, little load on the timings.
describe.each(PROFILE_NAMES)('verify-client, profile %s', (profile) => {
  it(`When the typed example client runs under ${profile}, then every check passes; when the naive one does, then it fails with ${NAIVE_FAILS[profile]!.join(', ')}`, async () => {
    const [good, bad] = await Promise.all([
      verifyClient({ command: node('typed-client.ts'), profile, stdio: 'ignore', cwd: ROOT }),
      verifyClient({ command: node('naive-client.ts'), profile, stdio: 'ignore', cwd: ROOT }),
    ]);
    const fails = good.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.findings.map((f) => f.message).join('; ')}`);
    expect(fails).toEqual([]);
    expect(good.ok).toBe(true);
    expect(good.requests).toBeGreaterThan(15);
    expect(bad.failed).toEqual(NAIVE_FAILS[profile]);
    expect(bad.ok).toBe(false);
  });
});

describe('wecom-mock verify-client (command line)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verify-client-'));

  it('When the naive client is verified with --format junit --out, then the exit code is 1 and the XML names each failed check', async () => {
    const out = join(dir, 'report.xml');
    const code = await verifyClientCommand(['--no-proxy', '--format', 'junit', '--out', out, '--', ...node('naive-client.ts')]);
    expect(code).toBe(1);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toContain('<testcase classname="wecom-mock verify-client (none)" name="token-caching: gettoken is not called while a valid token is held"');
    expect(xml).toMatch(/<failure message="[^"]*" type="no-credential-leak">/);
    expect(xml).toContain('<skipped message="no receiver given (--callback-url)"/>');
  });

  it('When the typed client is verified with --format json, then the exit code is 0 and the JSON report lists every check', async () => {
    let text = '';
    const code = await verifyClientCommand(['--no-proxy', '--profile', 'flaky', '--format', 'json', '--', ...node('typed-client.ts')], (s) => {
      text += s;
    });
    expect(code).toBe(0);
    const report = JSON.parse(text) as { ok: boolean; profile: string; checks: { id: string; status: string }[] };
    expect(report).toMatchObject({ ok: true, profile: 'flaky' });
    expect(report.checks.map((c) => c.id)).toContain('retry-system-busy');
  });

  it('When a YAML profile file is given, then its faults apply and the text report shows them', async () => {
    const file = join(dir, 'busy.yaml');
    writeFileSync(file, 'name: always-busy-gettoken\nfaults:\n  - { operation: gettoken, errcode: -1, count: 2 }\n');
    let text = '';
    const code = await verifyClientCommand(['--no-proxy', '--profile', file, '--', ...node('typed-client.ts')], (s) => {
      text += s;
    });
    expect(code).toBe(0);
    expect(text).toContain('profile always-busy-gettoken');
    expect(text).toMatch(/PASS {2}retry-system-busy +1 -1 answer/);
  });

  it('When a YAML profile ends every token on a timer, then the typed client refreshes and retries its way through', async () => {
    const file = join(dir, 'timer.yaml');
    // 400 ms: short enough that the example's calls meet expiries, long enough that one refresh-and-retry is not
    // itself overtaken by the next expiry on a loaded machine (150 ms was).
    writeFileSync(file, 'name: timer-expiry\nexpire_tokens_every_ms: 400\nfaults:\n  - { latency_ms: 20, every: 2 }\n');
    const r = await verifyClient({ command: node('typed-client.ts'), profile: file, stdio: 'ignore', cwd: ROOT });
    expect(r.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}: ${c.findings.map((f) => f.message).join('; ')}`)).toEqual([]);
    expect(r.checks.find((c) => c.id === 'token-refresh-retry')!.summary).toMatch(/token errors?, each refreshed and retried once|no 42001/);
  });

  it('When the options are wrong or the target is no mock, then the exit code is 2', async () => {
    expect(await verifyClientCommand(['--profile', 'nope', '--', 'true'])).toBe(2);
    expect(await verifyClientCommand(['--format', 'xml', '--', 'true'])).toBe(2);
    expect(await verifyClientCommand([])).toBe(2);
    expect(await verifyClientCommand(['--no-proxy', '--target', 'http://127.0.0.1:9', '--', 'true'])).toBe(2);
  });
});
