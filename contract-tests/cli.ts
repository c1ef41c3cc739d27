#!/usr/bin/env node
/**
 * `wecom-contract`: the contract suites against any target (the in-process mock, a running mock, or a
 * real WeCom corp), and the fuzzer against a mock.
 */
import { writeFileSync } from 'node:fs';
import { flags, isWholeNumber, parseCommand, usageFor, type CommandLine } from '../mock-server/core/cli-args.js';
import { contractJunit, contractSummary, loadTargetProfile, runContractSuites, type TargetProfile } from './runner.js';

export const CONTRACT_USAGE = `Usage: wecom-contract [run] [options] [suite files or directories…]
       wecom-contract fuzz [--target <url>] [--runs <n>] [--seed <n>] [--operations <id,id…>] [--json <file>]

Runs the contract suites (contract-tests/suites) against a target:
  (no --target)        an in-process wecom-mock per suite file
  --target <url>       a running wecom-mock, or a real WeCom (https://qyapi.weixin.qq.com) with the corp
                       in WECOM_CORP_ID, WECOM_CORP_SECRET, WECOM_AGENT_ID (WECOM_CONTACTS_SECRET,
                       WECOM_USERID…); tests that need the mock's control plane are skipped there
Options:
  --profile <file>     target profile (YAML): expected_failures by test name (substring or /regex/)
  --junit <file>       write JUnit XML
  --json <file>        write the results as JSON
  -t, --filter <text>  only tests whose name contains text
  --strict             a test marked as expected to fail that passes fails the run
  --verbose            show vitest's own output
  -h, --help           this text

fuzz: generated requests (valid, boundary, broken) for every operation of the spec against a mock
(in-process by default); fails on a 5xx, a hang, an errcode not listed for the operation, or a
success body outside its schema. Never point it at a real corp.

Exit code: 0 all passed (expected failures allowed), 1 failures, 2 bad options.`;

const CLI: CommandLine = { command: 'wecom-contract', usage: CONTRACT_USAGE };
const usage = usageFor(CLI);

async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand(
    CLI,
    argv,
    { ...flags({ string: ['target', 'profile', 'junit', 'json'], boolean: ['strict', 'verbose'] }), filter: { type: 'string', short: 't' } },
    true,
  );
  if (parsed.exit !== undefined) return parsed.exit;
  const v = parsed.values;
  let profile: TargetProfile | undefined;
  if (v.profile) {
    try {
      profile = loadTargetProfile(v.profile);
    } catch (e) {
      return usage(e instanceof Error ? e.message : String(e));
    }
  }
  if (v.target !== undefined && !/^https?:\/\//.test(v.target)) return usage('--target must be an http(s) URL');
  const report = await runContractSuites({
    target: v.target?.replace(/\/+$/, ''),
    profile,
    filter: v.filter,
    ...(parsed.positionals.length > 0 && { paths: parsed.positionals }),
    strict: v.strict === true,
    verbose: v.verbose === true,
  });
  if (v.junit) writeFileSync(v.junit, contractJunit(report));
  if (v.json) writeFileSync(v.json, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(contractSummary(report));
  return report.ok ? 0 : 1;
}

async function fuzzCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(CLI, argv, flags({ string: ['target', 'runs', 'seed', 'operations', 'json'] }));
  if (parsed.exit !== undefined) return parsed.exit;
  const v = parsed.values;
  for (const k of ['runs', 'seed'] as const) if (v[k] !== undefined && !isWholeNumber(v[k])) return usage(`--${k} must be a whole number`);
  const { startInProcessTarget, targetAt } = await import('./harness/target.js');
  const { fuzz, formatFindings } = await import('./fuzz/engine.js');
  const { prepareFuzz } = await import('./fuzz/setup.js');
  const { specOperations } = await import('./fuzz/spec-index.js');
  const all = specOperations();
  const wanted = v.operations?.split(',').filter(Boolean);
  const unknown = wanted?.find((id) => !all.has(id));
  if (unknown) return usage(`unknown operation "${unknown}"`);
  // The control plane changes the mock itself: it is fuzzed only by the test suite, on a mock of its own.
  const ops = wanted ? wanted.map((id) => all.get(id)!) : [...all.values()].filter((o) => o.kind !== 'admin');
  const target = v.target ? await targetAt(v.target.replace(/\/+$/, '')) : await startInProcessTarget({ rateLimitScale: 1000 });
  try {
    const creds = await prepareFuzz(target, { rateLimitScale: 1000 });
    let n = 0;
    const report = await fuzz({
      baseUrl: target.baseUrl,
      credentials: creds,
      operations: ops,
      totalRuns: v.runs !== undefined ? Number(v.runs) : 10_000,
      seed: v.seed !== undefined ? Number(v.seed) : 20_260_101,
      exclude: (r) => typeof r.body === 'string' && r.body.includes('"large"'),
      onRequest: () => {
        if (++n % 1000 === 0) process.stderr.write(`  ${n} requests…\n`);
      },
    });
    if (v.json) writeFileSync(v.json, `${JSON.stringify(report, null, 2)}\n`);
    if (report.findings.length > 0) process.stdout.write(`${formatFindings(report.findings)}\n`);
    process.stdout.write(
      `wecom-contract fuzz: ${report.requests} requests over ${report.operations} operations in ${(report.ms / 1000).toFixed(1)} s — ${report.findings.length === 0 ? 'no finding' : `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}`}\n`,
    );
    return report.findings.length === 0 ? 0 : 1;
  } finally {
    await target.close();
  }
}

const [first, ...rest] = process.argv.slice(2);
const main = first === 'fuzz' ? fuzzCommand(rest) : run(first === 'run' ? rest : process.argv.slice(2));
main.then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`wecom-contract: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
