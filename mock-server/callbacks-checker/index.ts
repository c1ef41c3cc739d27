/**
 * `wecom-mock check-callback`: runs the receiver checker against a callback endpoint and prints a
 * pass/fail report as text, JSON or JUnit XML. Exit code 0 when every required check passed
 * (and, with --strict, every recommended one), 1 otherwise, 2 for bad options.
 */
import { writeFileSync } from 'node:fs';
import { checkAesKey, checkCallbackUrl, checkToken } from '../domains/callbacks/index.js';
import { AdminError } from '../core/control/kit.js';
import { CHECKS, runCallbackCheck, type CheckReport } from './checker.js';
import { flags, isWholeNumber, parseCommand, usageFor } from '../core/cli-args.js';

export { CHECKS, runCallbackCheck, type CheckOptions, type CheckReport, type CheckResult } from './checker.js';

export const CHECK_USAGE = `Usage: wecom-mock check-callback --url URL --token TOKEN --aes-key KEY --corpid CORPID [options]
       wecom-mock check-callback --aibot BOTID --url URL --token TOKEN --aes-key KEY [options]

Runs WeCom's callback requests against your receiver: URL verification, a valid message, a forged
signature, a wrong receiveid, a replayed nonce, a duplicated delivery and a slow path.

Options:
  --url URL             your callback URL (http or https)
  --token TOKEN         the callback Token
  --aes-key KEY         the 43-character EncodingAESKey
  --corpid ID           the corpid your receiver expects as receiveid
  --aibot BOTID         check an AI bot's receiver (智能机器人): JSON bodies, empty receiveid, JSON replies
  --agentid N           AgentID of the messages sent (default 1000002)
  --userid ID           FromUserName of the messages sent (default wecom-mock-checker)
  --processed-url URL   a hook of yours: GET URL?msgid=<MsgId> → {"count": n}, to check deduplication
  --skip a,b            leave checks out (${CHECKS.join(', ')})
  --strict              recommended checks (replayed_nonce) fail the run too
  --format FMT          text (default), json or junit
  --out FILE            write the report to FILE instead of stdout
  -h, --help            this text`;

const MARK: Record<string, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };

/** A human-readable report. */
export function formatText(report: CheckReport): string {
  const lines = [`wecom-mock check-callback ${report.url} (receiveid ${report.corpid || 'empty: an AI bot'})`, ''];
  for (const r of report.results) {
    lines.push(`  ${MARK[r.status]}  ${r.name.padEnd(31)} ${r.message}`);
  }
  lines.push('', `${report.passed} passed, ${report.failed} failed, ${report.warned} warnings, ${report.skipped} skipped — ${report.ok ? 'OK' : 'FAILED'}`);
  return `${lines.join('\n')}\n`;
}

export function formatJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JUnit XML: one testsuite, one testcase per check (warnings are passes with system-out). */
export function formatJunit(report: CheckReport): string {
  const total = report.results.length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const time = report.results.reduce((s, r) => s + r.duration_ms, 0);
  const cases = report.results.map((r) => {
    const open = `    <testcase classname="wecom-mock.check-callback" name="${xmlEscape(r.name)}: ${xmlEscape(r.title)}" time="${seconds(r.duration_ms)}"`;
    if (r.status === 'fail') return `${open}>\n      <failure message="${xmlEscape(r.message)}"/>\n    </testcase>`;
    if (r.status === 'skip') return `${open}>\n      <skipped message="${xmlEscape(r.message)}"/>\n    </testcase>`;
    if (r.status === 'warn') return `${open}>\n      <system-out>${xmlEscape(`warning: ${r.message}`)}</system-out>\n    </testcase>`;
    return `${open}/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="wecom-mock check-callback" tests="${total}" failures="${report.failed}" skipped="${report.skipped}" time="${seconds(time)}">`,
    `  <testsuite name="${xmlEscape(report.url)}" tests="${total}" failures="${report.failed}" skipped="${report.skipped}" timestamp="${report.started_at}" time="${seconds(time)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** The subcommand; returns the exit code. */
export async function checkCallback(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const cl = { command: 'wecom-mock check-callback', usage: CHECK_USAGE, out };
  const usage = usageFor(cl);
  const parsed = parseCommand(
    cl,
    argv,
    flags({ string: ['url', 'token', 'aes-key', 'corpid', 'aibot', 'agentid', 'userid', 'processed-url', 'skip', 'format', 'out'], boolean: ['strict'] }),
  );
  if (parsed.exit !== undefined) return parsed.exit;
  const values = parsed.values;
  const required = values['aibot'] !== undefined ? (['url', 'token', 'aes-key'] as const) : (['url', 'token', 'aes-key', 'corpid'] as const);
  for (const k of required) if (!values[k]) return usage(`--${k} is required`);
  const format = values['format'] ?? 'text';
  if (!['text', 'json', 'junit'].includes(format)) return usage('--format must be text, json or junit');
  try {
    checkCallbackUrl(values['url']!);
    checkToken(values['token']!);
    checkAesKey(values['aes-key']!);
  } catch (e) {
    if (e instanceof AdminError) return usage(e.message);
    throw e;
  }
  const agentid = values['agentid'];
  if (agentid !== undefined && !isWholeNumber(agentid)) return usage('--agentid must be a number');
  const skip = (values['skip'] ?? '').split(',').filter(Boolean);
  const unknown = skip.find((s) => !(CHECKS as readonly string[]).includes(s));
  if (unknown) return usage(`unknown check "${unknown}"`);
  const report = await runCallbackCheck({
    url: values['url']!,
    token: values['token']!,
    encodingAesKey: values['aes-key']!,
    corpid: values['corpid'] ?? '',
    ...(values['aibot'] !== undefined && { aibot: { botid: values['aibot'] } }),
    ...(agentid !== undefined && { agentid: Number(agentid) }),
    ...(values['userid'] && { userid: values['userid']! }),
    ...(values['processed-url'] && { processedUrl: values['processed-url']! }),
    skip,
  });
  if (values['strict'] && report.warned > 0) report.ok = false;
  const text = format === 'json' ? formatJson(report) : format === 'junit' ? formatJunit(report) : formatText(report);
  if (values['out']) writeFileSync(values['out']!, text);
  else out(text);
  return report.ok ? 0 : 1;
}
