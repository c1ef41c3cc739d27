/**
 * verify-client: start a mock (or use a running one), create a fresh corp, hand its credentials to the
 * client's command through the environment, apply a fault profile while the command runs, then judge the
 * corp's journal (checks.ts) and report.
 */
import { spawn } from 'node:child_process';
import { judgeJournal, CHECK_TITLES, type CheckOutcome, type JournalEntry } from './checks.js';
import { loadProfile, type Profile } from './profiles.js';
import type { VerifyReport } from './report.js';
import { loadCallbackChecker, startInProcessTarget, targetAt, type CorpCredentials, type Target } from '../harness/target.js';

export interface VerifyOptions {
  /** The client's command: argv (one element with spaces runs through the shell). */
  command: string[];
  /** A profile name (none, token-expiry, flaky, throttled, chaos), a YAML file, or a profile. Default none. */
  profile?: string | Profile;
  /** Base URL of a running mock; default: a mock in this process. */
  target?: string;
  /** Extra environment for the command. */
  env?: Record<string, string>;
  cwd?: string;
  /** The client's callback receiver: checked with wecom-mock check-callback while the command runs; a command still
   * running after the check is stopped with SIGTERM (a clean exit). */
  callbackUrl?: string;
  /** Stop the command after this long (default 10 minutes). */
  timeoutMs?: number;
  /** Where the command's output goes: inherit (default), 'stderr' (both to our stderr) or 'ignore'. */
  stdio?: 'inherit' | 'stderr' | 'ignore';
  /**
   * Extra environment computed once the mock is up (TLS proxy settings: HTTPS_PROXY, NODE_EXTRA_CA_CERTS…).
   * Given the target, returns variables and a close function.
   */
  network?: (target: Target) => Promise<{ env: Record<string, string>; close: () => Promise<void> }>;
}

/** The variables a client reads (also the names a real-corp run of the contract suites uses). */
export function clientEnv(baseUrl: string, c: CorpCredentials): Record<string, string> {
  const app = c.apps[0]!;
  const sample = (c as { sample_userids?: string[] }).sample_userids ?? [];
  return {
    WECOM_BASE_URL: baseUrl,
    WECOM_CORP_ID: c.corpid,
    WECOM_CORP_SECRET: app.secret,
    WECOM_AGENT_ID: String(app.agentid),
    WECOM_CALLBACK_TOKEN: app.callback.token,
    WECOM_CALLBACK_AES_KEY: app.callback.encoding_aes_key,
    WECOM_CONTACTS_SECRET: c.secrets.contacts,
    WECOM_ARCHIVE_SECRET: c.secrets.archive,
    WECOM_CUSTOMER_CONTACT_SECRET: c.secrets.customer_contact,
    ...(sample[0] !== undefined && { WECOM_USERID: sample[0] }),
  };
}

async function waitForReceiver(url: string, untilMs: number, stillRunning: () => boolean): Promise<boolean> {
  while (Date.now() < untilMs && stillRunning()) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}

async function callbackOutcome(url: string, creds: CorpCredentials, running: () => boolean): Promise<CheckOutcome> {
  const base = { id: 'callback-receiver' as const, title: CHECK_TITLES['callback-receiver'] };
  if (!(await waitForReceiver(url, Date.now() + 15_000, running))) {
    return { ...base, status: 'fail', summary: `the receiver at ${url} never answered while the client ran`, findings: [{ message: 'receiver unreachable', seqs: [], count: 1 }] };
  }
  const check = await loadCallbackChecker();
  const app = creds.apps[0]!;
  const r = await check({ url, token: app.callback.token, encodingAesKey: app.callback.encoding_aes_key, corpid: creds.corpid, agentid: app.agentid });
  const failed = r.results.filter((x) => x.status === 'fail');
  return {
    ...base,
    status: r.ok ? 'pass' : 'fail',
    summary: `${r.passed} passed, ${r.failed} failed, ${r.warned} warnings (wecom-mock check-callback)`,
    findings: failed.map((x) => ({ message: `${x.name}: ${x.message}`, seqs: [], count: 1 })),
  };
}

/** Runs a client under a fault profile and judges what it did. */
export async function verifyClient(options: VerifyOptions): Promise<VerifyReport> {
  if (options.command.length === 0) throw new Error('no command to run');
  const profile = typeof options.profile === 'object' ? options.profile : loadProfile(options.profile ?? 'none');
  const startedAt = new Date();
  const t0 = performance.now();
  const target = options.target ? await targetAt(options.target.replace(/\/+$/, '')) : await startInProcessTarget({});
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    if (!target.isMock) throw new Error(`${target.baseUrl} is not a wecom-mock (GET /__mock/health failed)`);
    const created = await target.admin<CorpCredentials>('POST', '/__mock/corps', {});
    if (created.status !== 201) throw new Error(`could not create a corp: ${JSON.stringify(created.json)}`);
    const creds = created.json;

    for (const rule of profile.faults) {
      const r = await target.admin<{ id: string; error?: { message: string } }>('POST', '/__mock/faults', { ...rule, corpid: creds.corpid });
      if (r.status !== 201) throw new Error(`profile ${profile.name}: fault rule ${JSON.stringify(rule)} refused: ${r.json.error?.message ?? r.status}`);
      const id = r.json.id;
      cleanups.push(() => target.admin('DELETE', `/__mock/faults/${id}`));
    }
    if (profile.expire_tokens_every_ms) {
      const timer = setInterval(() => {
        void target.admin('POST', `/__mock/corps/${creds.corpid}/tokens/expire`, {}).catch(() => {});
      }, profile.expire_tokens_every_ms);
      cleanups.push(async () => clearInterval(timer));
    }
    const net = options.network ? await options.network(target) : undefined;
    if (net) cleanups.push(net.close);

    const env = { ...process.env, ...clientEnv(target.baseUrl, creds), ...net?.env, WECOM_MOCK_PROFILE: profile.name, ...options.env };
    const [cmd, ...args] = options.command;
    const stdio = options.stdio ?? 'inherit';
    const child = spawn(cmd!, args, {
      env,
      cwd: options.cwd,
      shell: options.command.length === 1 && /\s/.test(cmd!),
      stdio: stdio === 'inherit' ? 'inherit' : stdio === 'ignore' ? 'ignore' : ['ignore', 'pipe', 'pipe'],
    });
    if (stdio === 'stderr') {
      child.stdout?.pipe(process.stderr, { end: false });
      child.stderr?.pipe(process.stderr, { end: false });
    }
    let running = true;
    let timedOut = false;
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      child.once('error', (e) => {
        running = false;
        process.stderr.write(`verify-client: could not start ${cmd}: ${e.message}\n`);
        resolve({ code: 127, signal: null });
      });
      child.once('exit', (code, signal) => {
        running = false;
        resolve({ code, signal });
      });
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    }, options.timeoutMs ?? 600_000);
    // A client with a receiver is usually a service: once its receiver is checked, it is stopped with SIGTERM,
    // and that ending counts as a clean exit.
    let stoppedByUs = false;
    const callbackCheck = options.callbackUrl
      ? callbackOutcome(options.callbackUrl, creds, () => running).finally(() => {
          if (running) {
            stoppedByUs = true;
            child.kill('SIGTERM');
          }
        })
      : undefined;
    const exit = await exited;
    const { signal } = exit;
    const code = stoppedByUs && (exit.signal === 'SIGTERM' || exit.code === 143) ? 0 : exit.code;
    clearTimeout(timer);
    const callback = await callbackCheck;
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});

    const j = await target.admin<{ entries: JournalEntry[] }>('GET', `/__mock/journal?corpid=${encodeURIComponent(creds.corpid)}&limit=10000`);
    const entries = j.json.entries ?? [];
    const checks = judgeJournal({
      entries,
      exitCode: code,
      signal,
      timedOut,
      callback,
      tuning: profile.tuning,
      skip: profile.skip_checks,
    });
    const failed = checks.filter((c) => c.status === 'fail').map((c) => c.id);
    return {
      ok: failed.length === 0,
      profile: profile.name,
      profile_description: profile.description,
      target: options.target ?? `${target.baseUrl} (in-process)`,
      corpid: creds.corpid,
      command: options.command,
      exit_code: code,
      signal,
      started_at: startedAt.toISOString(),
      duration_ms: Math.round(performance.now() - t0),
      requests: entries.filter((e) => !e.path.startsWith('/__mock/')).length,
      journal_truncated: (entries[0]?.seq ?? 1) > 1,
      checks,
      failed,
    };
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    await target.close();
  }
}
