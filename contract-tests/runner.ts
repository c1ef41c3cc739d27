/**
 * Runs the contract suites (contract-tests/suites) against a target with vitest in a child process and
 * turns vitest's JSON results into wecom-contract's own reports: a terminal summary, JUnit XML and JSON.
 * A target profile (YAML) marks tests expected to fail on that target by name, like the S3 compatibility
 * suites' `fails_on_*` markers:
 *
 *   name: real-wecom
 *   expected_failures:
 *     - test: "When the token is expired early"   # a substring of the full test name, or /a regex/
 *       reason: a real corp cannot end its tokens on demand
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export interface ExpectedFailure {
  test: string;
  reason: string;
}

export interface TargetProfile {
  name: string;
  expected_failures: ExpectedFailure[];
}

export type Outcome = 'passed' | 'failed' | 'skipped' | 'xfail' | 'xpass';

export interface TestResult {
  file: string;
  name: string;
  outcome: Outcome;
  duration_ms: number;
  message?: string | undefined;
}

export interface ContractReport {
  ok: boolean;
  target: string;
  profile: string | null;
  started_at: string;
  duration_ms: number;
  counts: Record<Outcome, number>;
  tests: TestResult[];
  /** Set when vitest itself failed (no results, a suite did not load). */
  error?: string | undefined;
}

/** The package root (where package.json and contract-tests/ or the compiled suites are), from source or from dist. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && (existsSync(join(dir, 'contract-tests')) || existsSync(join(dir, 'dist', 'contract-tests', 'suites')))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the wecom-mock package root');
}

export function loadTargetProfile(file: string): TargetProfile {
  const raw = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
  if (!raw || typeof raw !== 'object') throw new Error(`${file}: must be a YAML mapping`);
  const list = raw['expected_failures'] ?? [];
  if (!Array.isArray(list)) throw new Error(`${file}: expected_failures must be a list`);
  const expected = list.map((x, i) => {
    if (typeof x === 'string') return { test: x, reason: '' };
    const o = x as Record<string, unknown>;
    if (typeof o['test'] !== 'string') throw new Error(`${file}: expected_failures[${i}].test must be a string`);
    return { test: o['test'], reason: typeof o['reason'] === 'string' ? o['reason'] : '' };
  });
  return { name: typeof raw['name'] === 'string' ? raw['name'] : file, expected_failures: expected };
}

function matches(pattern: string, name: string): boolean {
  const re = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  if (re) return new RegExp(re[1]!, re[2]).test(name);
  return name.includes(pattern);
}

interface VitestJson {
  testResults?: {
    name: string;
    message?: string;
    status?: string;
    assertionResults: { fullName: string; title: string; ancestorTitles: string[]; status: string; duration?: number | null; failureMessages?: string[] }[];
  }[];
}

/** vitest's JSON → results with expected failures applied. */
export function classify(json: VitestJson, root: string, profile: TargetProfile | undefined): TestResult[] {
  const out: TestResult[] = [];
  for (const file of json.testResults ?? []) {
    const rel = file.name.startsWith(root) ? file.name.slice(root.length + 1) : file.name;
    if (file.assertionResults.length === 0 && file.status === 'failed') {
      out.push({ file: rel, name: `${rel} (suite did not run)`, outcome: 'failed', duration_ms: 0, message: file.message });
    }
    for (const a of file.assertionResults) {
      const name = [...a.ancestorTitles, a.title].join(' > ');
      const expected = profile?.expected_failures.find((x) => matches(x.test, name));
      let outcome: Outcome = a.status === 'passed' ? 'passed' : a.status === 'failed' ? 'failed' : 'skipped';
      let message = a.failureMessages?.[0]?.split('\n').slice(0, 6).join('\n');
      if (expected && outcome === 'failed') {
        outcome = 'xfail';
        message = `expected to fail on this target${expected.reason ? `: ${expected.reason}` : ''}`;
      } else if (expected && outcome === 'passed') {
        outcome = 'xpass';
        message = `marked as an expected failure${expected.reason ? ` (${expected.reason})` : ''} but passed: remove it from the profile`;
      }
      out.push({ file: rel, name, outcome, duration_ms: Math.round(a.duration ?? 0), message });
    }
  }
  return out;
}

export interface RunOptions {
  /** Base URL of the target; undefined = an in-process mock per suite file. */
  target?: string | undefined;
  profile?: TargetProfile | undefined;
  /** Only tests whose name contains this (vitest -t). */
  filter?: string | undefined;
  /** Suite files or directories (default contract-tests/suites). */
  paths?: string[];
  /** xpass fails the run too. */
  strict?: boolean;
  /** Show vitest's own progress output. */
  verbose?: boolean;
  /** Hide vitest's error output too (tests of the runner). */
  quiet?: boolean;
  env?: Record<string, string>;
}

/** Runs the suites and returns the report. */
export async function runContractSuites(options: RunOptions = {}): Promise<ContractReport> {
  const root = packageRoot();
  const started = new Date();
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'wecom-contract-'));
  const jsonFile = join(dir, 'vitest.json');
  const require = createRequire(join(root, 'package.json'));
  let vitestBin: string;
  try {
    vitestBin = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
  } catch {
    throw new Error('wecom-contract runs the suites with vitest: install it (npm i -D vitest)');
  }
  // A git checkout runs the TypeScript suites with its vitest.config.ts; an installed package ships only the
  // compiled suites (dist/contract-tests/suites, written by scripts/bundle.mjs) and their vitest settings.
  const fromSource = existsSync(join(root, 'contract-tests', 'suites'));
  const suitesDir = fromSource ? 'contract-tests/suites' : 'dist/contract-tests/suites';
  const args = [
    vitestBin,
    'run',
    ...(options.paths ?? [suitesDir]),
    '--root',
    root,
    ...(fromSource ? [] : ['--config', join(root, 'dist', 'contract-tests', 'vitest.config.js')]),
    '--reporter',
    options.verbose ? 'default' : 'dot',
    '--reporter',
    'json',
    '--outputFile.json',
    jsonFile,
    '--passWithNoTests',
    ...(options.filter ? ['-t', options.filter] : []),
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.target) env['WECOM_BASE_URL'] = options.target;
  else delete env['WECOM_BASE_URL'];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', options.verbose ? 'inherit' : 'ignore', options.quiet ? 'ignore' : 'inherit'] });
    child.once('exit', (c) => resolve(c ?? 1));
    child.once('error', () => resolve(1));
  });
  let tests: TestResult[] = [];
  let error: string | undefined;
  try {
    tests = classify(JSON.parse(readFileSync(jsonFile, 'utf8')) as VitestJson, root, options.profile);
  } catch {
    error = `vitest exited with ${code} and wrote no results`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const counts: Record<Outcome, number> = { passed: 0, failed: 0, skipped: 0, xfail: 0, xpass: 0 };
  for (const t of tests) counts[t.outcome] += 1;
  return {
    ok: error === undefined && counts.failed === 0 && (!options.strict || counts.xpass === 0),
    target: options.target ?? 'in-process mock',
    profile: options.profile?.name ?? null,
    started_at: started.toISOString(),
    duration_ms: Math.round(performance.now() - t0),
    counts,
    tests,
    error,
  };
}

function xml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u001b]/g, '');
}

/** JUnit XML: one testsuite per file; expected failures are reported as skipped with their reason. */
export function contractJunit(r: ContractReport): string {
  const byFile = new Map<string, TestResult[]>();
  for (const t of r.tests) byFile.set(t.file, [...(byFile.get(t.file) ?? []), t]);
  const suites = [...byFile.entries()].map(([file, tests]) => {
    const failures = tests.filter((t) => t.outcome === 'failed').length;
    const skipped = tests.filter((t) => t.outcome === 'skipped' || t.outcome === 'xfail').length;
    const time = tests.reduce((s, t) => s + t.duration_ms, 0) / 1000;
    const cases = tests.map((t) => {
      const open = `    <testcase classname="${xml(file)}" name="${xml(t.name)}" time="${(t.duration_ms / 1000).toFixed(3)}"`;
      if (t.outcome === 'failed') return `${open}>\n      <failure message="${xml((t.message ?? 'failed').split('\n')[0]!)}">${xml(t.message ?? '')}</failure>\n    </testcase>`;
      if (t.outcome === 'skipped') return `${open}>\n      <skipped/>\n    </testcase>`;
      if (t.outcome === 'xfail') return `${open}>\n      <skipped message="${xml(t.message ?? 'expected failure')}"/>\n    </testcase>`;
      if (t.outcome === 'xpass') return `${open}>\n      <system-out>${xml(t.message ?? '')}</system-out>\n    </testcase>`;
      return `${open}/>`;
    });
    return `  <testsuite name="${xml(file)}" tests="${tests.length}" failures="${failures}" skipped="${skipped}" time="${time.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const total = r.tests.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="wecom-contract (${xml(r.target)})" tests="${total}" failures="${r.counts.failed}" skipped="${r.counts.skipped + r.counts.xfail}" time="${(r.duration_ms / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** The terminal summary. */
export function contractSummary(r: ContractReport): string {
  const lines = [`wecom-contract — ${r.target}${r.profile ? ` (profile ${r.profile})` : ''}`];
  for (const t of r.tests.filter((x) => x.outcome === 'failed')) lines.push(`  FAIL  ${t.file} > ${t.name}`, ...(t.message ? t.message.split('\n').slice(0, 3).map((l) => `          ${l}`) : []));
  for (const t of r.tests.filter((x) => x.outcome === 'xpass')) lines.push(`  XPASS ${t.file} > ${t.name}: ${t.message ?? ''}`);
  const xf = r.tests.filter((x) => x.outcome === 'xfail');
  if (xf.length > 0) lines.push(`  ${xf.length} expected failure${xf.length === 1 ? '' : 's'} (profile): ${xf.slice(0, 5).map((t) => t.name).join('; ')}${xf.length > 5 ? '; …' : ''}`);
  if (r.error) lines.push(`  error: ${r.error}`);
  const c = r.counts;
  lines.push(`${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped, ${c.xfail} expected failures, ${c.xpass} unexpected passes — ${r.ok ? 'OK' : 'FAILED'} in ${(r.duration_ms / 1000).toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}
