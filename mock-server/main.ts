/** `wecom-mock serve`: flags → createApp → listen → banner with every credential. */
import { startMockServer } from './index.js';
import { packageVersion } from './version.js';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { checkSnapshot, takeSnapshot } from './core/tenancy/snapshot.js';
import type { JournalEntry } from './core/pipeline/journal.js';
import { flags, isWholeNumber, parseCommand, usageFor, type CommandLine } from './core/cli-args.js';
import type { ScenarioName } from '../fixtures/types.js';
import type { CorpCredentials } from './credentials.js';

const SCENARIOS: ScenarioName[] = ['typical', 'large', 'empty'];

export const SERVE_USAGE = `Usage: wecom-mock [serve] [options]
       wecom-mock check-callback --url … --token … --aes-key … --corpid …   (check your callback receiver)
       wecom-mock verify-client [--profile none|token-expiry|flaky|throttled|chaos|file.yaml] -- <command…>
       (run a client against a fresh corp and judge what it did; each subcommand has --help)

Runs a stateful mock of the WeCom server API with a demo corp.

Options:
  --port <n>               port to listen on (default 8080; 0 = any free port)
  --host <addr>            address to bind (default 127.0.0.1)
  --seed <n>               seed of the demo corp (default 1)
  --scenario <name>        demo corp size: typical | large | empty (default typical)
  --rate-limit-scale <x>   multiply WeCom's rate windows (default 1)
  --admin-token <t>        require this token on /__mock/* (default: none on loopback, random otherwise)
  --allow-host <name>      also answer /__mock/* for this Host name (repeatable; loopback and the listen
                           address always are; without an admin token other names are refused: DNS rebinding)
  --allow-origin <origin>  let pages of this origin (scheme://host:port) call /__mock/* (repeatable)
  --data-dir <dir>         keep every corp, clock, token, outbox and archive in <dir> across restarts and
                           crashes (each write is on disk before it is answered; WECOM_MOCK_DATA_DIR)
  --import <file>          load a snapshot (GET /__mock/snapshot, --export-on-exit) before serving
  --export-on-exit <file>  write a snapshot of every corp to <file> when stopped (Ctrl-C, SIGTERM) or exiting
  --json                   print the banner as one JSON line (for scripts)
  --log-level <level>      trace | debug | info | warn | error | fatal | silent (default info); debug logs
                           one line per request: method, path, operation, errcode, ms, hint id (no secrets)
  --log-format <f>         pretty | json (default pretty): logs on stderr, json = one pino object a line
  --verbose                the same as --log-level debug
  --version                print the version and exit
  --print-http-env         print http-client.env.json for the .http walkthroughs (examples/http/) and exit
  --tls                    also serve HTTPS for qyapi.weixin.qq.com, open.weixin.qq.com, open.work.weixin.qq.com
                           login.work.weixin.qq.com and the JS-SDK script hosts res.wx.qq.com, wwcdn.weixin.qq.com
                           with a certificate from a local CA (--tls-port, default 8443)
  --proxy                  also run an HTTP proxy that accepts CONNECT to those hosts only and terminates the
                           TLS itself, for clients with the hosts hard-coded (--proxy-port, default 8089)
  --ca-dir <dir>           where the local CA is kept (default ~/.wecom-mock/ca, or WECOM_MOCK_CA_DIR)
  -h, --help               show this help

Environment: WECOM_MOCK_PORT, WECOM_MOCK_HOST, WECOM_MOCK_SEED, WECOM_MOCK_SCENARIO, WECOM_MOCK_ADMIN_TOKEN,
WECOM_MOCK_LOG_LEVEL, WECOM_MOCK_LOG_FORMAT, WECOM_MOCK_DATA_DIR.`;

const CLI: CommandLine = { command: 'wecom-mock', usage: SERVE_USAGE };

function fail(message: string): never {
  process.exit(usageFor(CLI)(message));
}

function intFlag(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (!isWholeNumber(v)) fail(`${name} must be a whole number, got "${v}"`);
  return Number(v);
}

const SERVE_FLAGS = {
  ...flags({
    string: ['port', 'host', 'seed', 'scenario', 'rate-limit-scale', 'admin-token', 'tls-port', 'proxy-port', 'ca-dir', 'log-level', 'log-format', 'import', 'export-on-exit', 'data-dir'],
    boolean: ['json', 'tls', 'proxy', 'print-http-env', 'verbose', 'version'],
  }),
  'allow-host': { type: 'string', multiple: true },
  'allow-origin': { type: 'string', multiple: true },
} as const;

/** Parses flags, starts the server and prints the banner; resolves when it listens. */
export async function serve(argv: string[]): Promise<void> {
  const startedAt = performance.now();
  const args = parseCommand(CLI, argv, SERVE_FLAGS);
  if (args.exit === 2) process.exit(2);
  if (args.exit !== undefined) return;
  const v = args.values;
  if (v.version) {
    process.stdout.write(`wecom-mock ${packageVersion()}\n`);
    return;
  }
  const env = process.env;
  const port = intFlag(v.port ?? env['WECOM_MOCK_PORT'], '--port', 8080);
  const host = v.host ?? env['WECOM_MOCK_HOST'] ?? '127.0.0.1';
  const seed = intFlag(v.seed ?? env['WECOM_MOCK_SEED'], '--seed', 1);
  const scenario = (v.scenario ?? env['WECOM_MOCK_SCENARIO'] ?? 'typical') as ScenarioName;
  if (!SCENARIOS.includes(scenario)) fail(`--scenario must be one of ${SCENARIOS.join(', ')}, got "${scenario}"`);
  const scaleText = v['rate-limit-scale'];
  const scale = scaleText === undefined ? 1 : Number(scaleText);
  if (!(scale > 0)) fail(`--rate-limit-scale must be a positive number, got "${scaleText}"`);
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  const adminToken = v['admin-token'] ?? env['WECOM_MOCK_ADMIN_TOKEN'] ?? (loopback ? undefined : randomToken());
  if (v['print-http-env']) return (await import('./http-env.js')).printHttpEnv({ host, port, seed, scenario, adminToken: v['admin-token'] });
  // Logs (pino, loaded only by the command): --verbose is --log-level debug, kept from before the levels.
  const logging = await import('./log.js');
  const levelText = v['log-level'] ?? (v.verbose ? 'debug' : env['WECOM_MOCK_LOG_LEVEL'] ?? 'info');
  const level = logging.parseLevel(levelText);
  if (!level) fail(`--log-level must be one of ${logging.LOG_LEVELS.join(', ')}, got "${levelText}"`);
  const formatText = v['log-format'] ?? env['WECOM_MOCK_LOG_FORMAT'] ?? 'pretty';
  const format = logging.parseFormat(formatText);
  if (!format) fail(`--log-format must be one of ${logging.LOG_FORMATS.join(', ')}, got "${formatText}"`);
  const requestLines = logging.levelEnabled(level, 'debug');
  const progressShown = scenario === 'large' && logging.levelEnabled(level, 'info');
  // The logger (pino) is made when something is to be written: at once for request lines or the large corp's
  // progress, else on the first error, so a default start does not load it before its first answer.
  let logger: Promise<import('pino').Logger> | undefined;
  const getLog = (): Promise<import('pino').Logger> => (logger ??= logging.createLogger({ level, format }));
  const log = requestLines || (progressShown && format === 'json') ? await getLog() : undefined;
  // The large corp takes seconds to build: a bar (or, in json logs, info records) shows how far it is.
  let onBuildProgress: ((fraction: number, stage: string) => void) | undefined;
  if (progressShown) {
    if (log && format === 'json') {
      let lastTenth = -1;
      onBuildProgress = (f, stage) => {
        const tenth = Math.floor(f * 10);
        if (tenth !== lastTenth) log.info({ progress: tenth * 10, stage }, `building the large corp: ${tenth * 10}%`);
        lastTenth = tenth;
      };
    } else onBuildProgress = (await import('./progress.js')).progressReporter({ label: 'the large corp' });
  }

  let snapshot: unknown;
  if (v.import !== undefined) {
    try {
      snapshot = JSON.parse(readFileSync(v.import, 'utf8'));
      checkSnapshot(snapshot);
    } catch (e) {
      fail(`--import ${v.import}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  let mock;
  try {
    const dataDir = v['data-dir'] ?? env['WECOM_MOCK_DATA_DIR'];
    mock = await startMockServer({
      ...(snapshot !== undefined && { snapshot }),
      ...(dataDir !== undefined && dataDir !== '' && { dataDir }),
      port,
      host,
      seed,
      scenario,
      rateLimitScale: scale,
      adminToken,
      log: (message: string) => void getLog().then((l) => l.error(message)),
      ...(log && requestLines && { onRequest: (e, hint) => logging.logRequest(log, e, hint) }),
      ...(onBuildProgress && { onBuildProgress }),
      allowHosts: v['allow-host'] ?? [],
      allowOrigins: v['allow-origin'] ?? [],
      ...(v['ca-dir'] !== undefined && { caDir: v['ca-dir'] }),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${port} is in use; pick another with --port (0 = any free port)`);
    throw e;
  }
  // --tls / --proxy: WeCom's real host names over TLS with a local CA (mock-server/net), loaded only when asked.
  let tls: import('./net/tls.js').TlsFrontends | undefined;
  if (v.tls || v.proxy) {
    const { startTlsFrontends } = await import('./net/tls.js');
    tls = await startTlsFrontends({
      upstream: mock.app.handle,
      host,
      ...(v['ca-dir'] !== undefined && { caDir: v['ca-dir'] }),
      ...(v.tls && { httpsPort: intFlag(v['tls-port'], '--tls-port', 8443) }),
      ...(v.proxy && { proxyPort: intFlag(v['proxy-port'], '--proxy-port', 8089) }),
    });
  }
  const readyMs = Math.round(performance.now() - startedAt);
  const tlsInfo = tls && { https_url: tls.httpsUrl ?? null, proxy_url: tls.proxyUrl ?? null, ca: tls.ca.caCertPath, env: tls.env };
  if (v.json) process.stdout.write(`${JSON.stringify({ url: mock.url, ready_ms: readyMs, admin_token: adminToken ?? null, console_url: `${mock.url}/__mock/console`, docs_url: `${mock.url}/__mock/docs`, corp: mock.corp, ...(tlsInfo && { tls: tlsInfo }) })}\n`);
  else {
    process.stdout.write(banner(mock.url, mock.corp, readyMs, adminToken));
    if (tls) {
      const { trustHelp } = await import('./net/ca.js');
      const where = [tls.httpsUrl && `HTTPS on ${tls.httpsUrl}`, tls.proxyUrl && `CONNECT proxy on ${tls.proxyUrl}`].filter(Boolean).join(', ');
      process.stdout.write(`\nWeCom's hosts over TLS: ${where}\n${trustHelp(tls.ca, tls.proxyUrl)}\n`);
    }
  }

  // --export-on-exit: written synchronously, so it also happens on a plain process exit; once.
  const exportTo = v['export-on-exit'];
  let exported = false;
  const exportSnapshot = (): void => {
    if (exportTo === undefined || exported) return;
    exported = true;
    try {
      writeFileAtomic(exportTo, JSON.stringify(takeSnapshot(mock.app.registry, packageVersion())));
      process.stderr.write(`wecom-mock: snapshot written to ${exportTo}\n`);
    } catch (e) {
      process.stderr.write(`wecom-mock: could not write the snapshot to ${exportTo}: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  };
  if (exportTo !== undefined) process.once('exit', exportSnapshot);
  const stop = (): void => {
    exportSnapshot();
    void Promise.all([mock.close(), tls?.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Writes a file whole or not at all: a temporary file beside it, then a rename. */
function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function randomToken(): string {
  return [...crypto.getRandomValues(new Uint8Array(18))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function banner(url: string, corp: CorpCredentials, readyMs: number, adminToken: string | undefined): string {
  const app = corp.apps[0];
  const lines = [
    `wecom-mock listening on ${url} (ready in ${readyMs} ms)`,
    '',
    `Demo corp ${corp.corpid} "${corp.corp_name}" — scenario ${corp.scenario}, seed ${corp.seed}, ` +
      `${corp.counts?.departments ?? 0} departments, ${corp.counts?.users ?? 0} members`,
    app ? `  app "${app.name}"  agentid ${app.agentid}  secret ${app.secret}` : '  (no app)',
    app ? `  callback   Token ${app.callback.token}  EncodingAESKey ${app.callback.encoding_aes_key}` : '',
    app ? `  trusted domain ${app.trusted_domain}` : '',
    corp.sample_userids?.length ? `  members to try           ${corp.sample_userids.join(', ')}` : '',
    corp.customer_contact?.sample_external_userid
      ? `  customers                ${corp.customer_contact.customers} (and ${corp.customer_contact.group_chats} customer groups), e.g. external_userid ${corp.customer_contact.sample_external_userid}`
      : '',
    `  contacts-sync secret     ${corp.secrets.contacts}`,
    `  customer-contact secret  ${corp.secrets.customer_contact}`,
    `  archive secret           ${corp.secrets.archive}`,
    ...(corp.mchpay?.merchants ?? []).map(
      (m) => `  企业支付 merchant        mch_id ${m.mch_id}  key ${m.key}  balance ${(m.balance ?? 0) / 100} yuan  (workwx_sign secret ${corp.mchpay?.workwx_secret})`,
    ),
    '',
    'Point your WeCom client at this base URL instead of https://qyapi.weixin.qq.com, e.g.:',
    app ? `  curl '${url}/cgi-bin/gettoken?corpid=${corp.corpid}&corpsecret=${app.secret}'` : '',
    '',
    // The token rides in the fragment, which browsers never send: the console keeps it for the tab's session.
    `Console:  ${url}/__mock/console${adminToken ? `#token=${adminToken}` : ''}`,
    `API docs: ${url}/__mock/docs (the spec, try it, the errcode catalogue)`,
    `Control plane: ${url}/__mock/health — a fresh isolated corp: curl -X POST ${url}/__mock/corps`,
    adminToken ? `  admin token (header X-WeCom-Mock-Admin-Token): ${adminToken}` : '',
    'Ctrl-C stops it.',
    '',
  ];
  return lines.filter((l, i, all) => l !== '' || all[i - 1] !== '').join('\n') + '\n';
}
