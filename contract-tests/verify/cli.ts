/** `wecom-mock verify-client`: flags → verifyClient → report; exit 0 when every check passed. */
import { writeFileSync } from 'node:fs';
import { flags, isWholeNumber, parseCommand, usageFor } from '../../mock-server/core/cli-args.js';
import { CHECK_IDS } from './checks.js';
import { PROFILES, PROFILE_NAMES } from './profiles.js';
import { formatReport, type ReportFormat } from './report.js';
import { verifyClient, type VerifyOptions } from './run.js';

export const VERIFY_USAGE = `Usage: wecom-mock verify-client [options] -- <command…>

Runs your WeCom client's command against a fresh mock corp, with faults, and checks what it did.
The command gets the corp through the environment: WECOM_BASE_URL, WECOM_CORP_ID, WECOM_CORP_SECRET,
WECOM_AGENT_ID, WECOM_CALLBACK_TOKEN, WECOM_CALLBACK_AES_KEY, WECOM_CONTACTS_SECRET,
WECOM_ARCHIVE_SECRET, WECOM_CUSTOMER_CONTACT_SECRET (and WECOM_USERID, a member it may read).
With the proxy (on unless --no-proxy) it also gets HTTPS_PROXY, NODE_EXTRA_CA_CERTS,
SSL_CERT_FILE and REQUESTS_CA_BUNDLE, so a client with https://qyapi.weixin.qq.com hard-coded works.

Options:
  --profile <p>         ${PROFILE_NAMES.join(' | ')} | <file.yaml> (default none)
${Object.values(PROFILES)
  .map((p) => `                          ${p.name.padEnd(13)} ${p.description}`)
  .join('\n')}
  --format <f>          text | json | junit (default text)
  --out <file>          write the report there (default stdout)
  --target <url>        a running wecom-mock instead of one in this process
  --callback-url <url>  your callback receiver: checked with wecom-mock check-callback while the command runs
  --no-proxy            do not start the TLS proxy for hard-coded WeCom hosts
  --ca-dir <dir>        where the proxy's local CA is kept (default ~/.wecom-mock/ca, or WECOM_MOCK_CA_DIR)
  --timeout <s>         stop the command after this many seconds (default 600)
  -h, --help            this text

Checks: ${CHECK_IDS.join(', ')}.
Exit code: 0 every check passed, 1 a check failed, 2 bad options or no mock to run against.`;

/** The subcommand; resolves to the exit code. */
export async function verifyClientCommand(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const cl = { command: 'wecom-mock verify-client', usage: VERIFY_USAGE, out };
  const usage = usageFor(cl);
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const parsed = parseCommand(
    cl,
    own,
    flags({ string: ['profile', 'format', 'out', 'target', 'callback-url', 'ca-dir', 'timeout'], boolean: ['no-proxy'] }),
    true,
  );
  if (parsed.exit !== undefined) return parsed.exit;
  const v = parsed.values;
  const command = dash < 0 ? parsed.positionals : argv.slice(dash + 1);
  if (command.length === 0) return usage('no command given (put it after --)');
  const format = (v.format ?? 'text') as ReportFormat;
  if (!['text', 'json', 'junit'].includes(format)) return usage('--format must be text, json or junit');
  if (v.timeout !== undefined && !isWholeNumber(v.timeout)) return usage('--timeout must be a whole number of seconds');

  let network: VerifyOptions['network'];
  if (!v['no-proxy']) {
    const { proxyForClient } = await import('./network.js');
    const caDir = v['ca-dir'];
    network = (t) => proxyForClient(t, caDir);
  }
  let report;
  try {
    report = await verifyClient({
      command,
      profile: v.profile ?? 'none',
      ...(v.target !== undefined && { target: v.target }),
      ...(v['callback-url'] !== undefined && { callbackUrl: v['callback-url'] }),
      ...(v.timeout !== undefined && { timeoutMs: Number(v.timeout) * 1000 }),
      // A machine-readable report on stdout must not be mixed with the client's output.
      stdio: format !== 'text' && v.out === undefined ? 'stderr' : 'inherit',
      ...(network && { network }),
    });
  } catch (e) {
    // Setup problems (profile, target, corp creation) are reported plainly; the client was not judged.
    const m = e instanceof Error ? e.message : String(e);
    if (/^(unknown profile|profile )/.test(m)) return usage(m);
    process.stderr.write(`wecom-mock verify-client: ${m}\n`);
    return 2;
  }
  const text = formatReport(report, format);
  if (v.out !== undefined) {
    writeFileSync(v.out, text);
    if (format !== 'text') process.stderr.write(`verify-client: ${report.ok ? 'OK' : `FAILED: ${report.failed.join(', ')}`} — report in ${v.out}\n`);
  } else out(text);
  return report.ok ? 0 : 1;
}
