/** verify-client reports: text for people, JSON for scripts, JUnit XML for CI test tabs. */
import type { CheckOutcome } from './checks.js';

export interface VerifyReport {
  ok: boolean;
  profile: string;
  profile_description: string;
  target: string;
  corpid: string;
  command: string[];
  exit_code: number | null;
  signal: string | null;
  started_at: string;
  duration_ms: number;
  requests: number;
  /** The journal keeps the last 5,000 requests of a corp: older ones were not judged. */
  journal_truncated: boolean;
  checks: CheckOutcome[];
  /** Failed check ids (empty when ok). */
  failed: string[];
}

export type ReportFormat = 'text' | 'json' | 'junit';

const MARK = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

export function formatText(r: VerifyReport): string {
  const lines = [
    `wecom-mock verify-client — profile ${r.profile} (${r.profile_description})`,
    `  command: ${r.command.join(' ')}`,
    `  target ${r.target}, corp ${r.corpid}, ${r.requests} requests, ${(r.duration_ms / 1000).toFixed(1)} s`,
    '',
  ];
  for (const c of r.checks) {
    lines.push(`  ${MARK[c.status]}  ${c.id.padEnd(20)} ${c.summary}`);
    for (const f of c.findings.slice(0, 8)) {
      lines.push(`          - ${f.message}${f.count > 1 ? ` (×${f.count})` : ''}${f.seqs.length > 0 ? ` [journal seq ${f.seqs.join(', ')}]` : ''}`);
    }
    if (c.findings.length > 8) lines.push(`          … and ${c.findings.length - 8} more`);
  }
  if (r.journal_truncated) lines.push('', '  note: the journal overflowed (5,000 requests per corp); the oldest requests were not judged');
  const passed = r.checks.filter((c) => c.status === 'pass').length;
  const skipped = r.checks.filter((c) => c.status === 'skip').length;
  lines.push('', `${passed} passed, ${r.failed.length} failed, ${skipped} skipped — ${r.ok ? 'OK' : `FAILED: ${r.failed.join(', ')}`}`);
  return `${lines.join('\n')}\n`;
}

export function formatJson(r: VerifyReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

function xml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** One testsuite per run, one testcase per check. */
export function formatJunit(r: VerifyReport): string {
  const skipped = r.checks.filter((c) => c.status === 'skip').length;
  const time = (r.duration_ms / 1000).toFixed(3);
  const suite = `wecom-mock verify-client (${r.profile})`;
  const cases = r.checks.map((c) => {
    const open = `    <testcase classname="${xml(suite)}" name="${xml(`${c.id}: ${c.title}`)}" time="0"`;
    if (c.status === 'pass') return `${open}/>`;
    if (c.status === 'skip') return `${open}>\n      <skipped message="${xml(c.summary)}"/>\n    </testcase>`;
    const body = c.findings.map((f) => `${f.message}${f.count > 1 ? ` (x${f.count})` : ''}${f.seqs.length ? ` [seq ${f.seqs.join(', ')}]` : ''}`).join('\n');
    return `${open}>\n      <failure message="${xml(c.summary)}" type="${xml(c.id)}">${xml(body)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="wecom-mock verify-client" tests="${r.checks.length}" failures="${r.failed.length}" skipped="${skipped}" time="${time}">`,
    `  <testsuite name="${xml(suite)}" tests="${r.checks.length}" failures="${r.failed.length}" skipped="${skipped}" timestamp="${r.started_at}" time="${time}">`,
    `    <properties>`,
    `      <property name="command" value="${xml(r.command.join(' '))}"/>`,
    `      <property name="target" value="${xml(r.target)}"/>`,
    `      <property name="corpid" value="${xml(r.corpid)}"/>`,
    `    </properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export function formatReport(r: VerifyReport, format: ReportFormat): string {
  return format === 'json' ? formatJson(r) : format === 'junit' ? formatJunit(r) : formatText(r);
}
