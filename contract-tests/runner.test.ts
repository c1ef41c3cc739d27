/** wecom-contract's runner: vitest in a child process, expected failures from a target profile, JUnit and JSON. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, contractJunit, contractSummary, loadTargetProfile, runContractSuites } from './runner.js';

const dir = mkdtempSync(join(tmpdir(), 'wecom-contract-test-'));

describe('wecom-contract runner', () => {
  it('When a profile marks the failing test as expected, then the run is OK and the reports say xfail', async () => {
    const file = join(dir, 'target.yaml');
    writeFileSync(file, 'name: fixture-target\nexpected_failures:\n  - test: fails on purpose\n    reason: the fixture says so\n');
    const profile = loadTargetProfile(file);
    const report = await runContractSuites({
      target: 'http://127.0.0.1:9',
      profile,
      paths: ['contract-tests/fixtures/runner-fixture.test.ts'],
      env: { WECOM_CONTRACT_FIXTURE: '1' },
      quiet: true,
    });
    expect(report.counts).toEqual({ passed: 1, failed: 0, skipped: 0, xfail: 1, xpass: 0 });
    expect(report.ok).toBe(true);
    const xml = contractJunit(report);
    expect(xml).toContain('<skipped message="expected to fail on this target: the fixture says so"/>');
    expect(contractSummary(report)).toMatch(/1 passed, 0 failed, 0 skipped, 1 expected failures, 0 unexpected passes — OK/);
  });

  it('When no profile covers a failure, then the run fails and JUnit carries the failure', async () => {
    const report = await runContractSuites({ target: 'http://127.0.0.1:9', paths: ['contract-tests/fixtures/runner-fixture.test.ts'], env: { WECOM_CONTRACT_FIXTURE: '1' }, quiet: true });
    expect(report.ok).toBe(false);
    expect(report.counts.failed).toBe(1);
    expect(contractJunit(report)).toMatch(/<failure message="[^"]*expected 'real WeCom' to be 'the mock'/);
  });

  it('When a test marked as expected to fail passes, then it is an unexpected pass, which only --strict fails', () => {
    const json = {
      testResults: [
        { name: '/r/a.test.ts', assertionResults: [{ fullName: 'x y', title: 'y', ancestorTitles: ['x'], status: 'passed', duration: 3 }] },
      ],
    };
    const tests = classify(json, '/r', { name: 'p', expected_failures: [{ test: '/^x > y$/', reason: 'r' }] });
    expect(tests).toEqual([{ file: 'a.test.ts', name: 'x > y', outcome: 'xpass', duration_ms: 3, message: expect.stringContaining('but passed') }]);
  });
});
