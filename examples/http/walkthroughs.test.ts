/**
 * Runs every `.http` walkthrough of this folder with httpyac (the CLI, as a user would) against a started
 * mock, with the env file `wecom-mock --print-http-env` prints. Each request of a walkthrough checks its
 * errcode in a JetBrains response handler (`client.test`); every such test must pass, except the few listed
 * in KNOWN_FAILING, which must still fail (so the list is emptied as the mock is fixed).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMock } from '../../mock-server/index.js';
import { HTTP_ENV_NAME, httpClientEnv } from '../../mock-server/http-env.js';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const HTTPYAC = join(dirname(createRequire(import.meta.url).resolve('httpyac/package.json')), 'bin/httpyac.js');
const FILES = readdirSync(HERE).filter((f) => f.endsWith('.http')).sort();

/**
 * `file › request › test` → why it fails today. The walkthroughs are written as WeCom documents the calls;
 * these are the places where the mock does not yet answer as documented.
 */
const KNOWN_FAILING: Record<string, string> = {};

interface HttpyacTest {
  message: string;
  status: 'SUCCESS' | 'FAILED' | 'SKIPPED' | 'ERROR';
  error?: { displayMessage?: string };
}
interface HttpyacRequest {
  name: string;
  line: number;
  testResults?: HttpyacTest[];
  response?: { statusCode?: number; body?: unknown };
}

let mock: RunningMock;
let envDir: string;

beforeAll(async () => {
  mock = await startMockServer();
  envDir = mkdtempSync(join(tmpdir(), 'wecom-mock-http-env-'));
  writeFileSync(join(envDir, 'http-client.env.json'), JSON.stringify(httpClientEnv(mock.url, mock.corp), null, 2));
});
afterAll(async () => {
  await mock?.close();
  if (envDir) rmSync(envDir, { recursive: true, force: true });
});

async function httpyac(file: string): Promise<HttpyacRequest[]> {
  // HTTPYAC_ENV: where httpyac looks for http-client.env.json besides the file's folder and the project root.
  const args = [HTTPYAC, 'send', join(HERE, file), '--all', '--json', '--env', HTTP_ENV_NAME, '--timeout', '10000'];
  const out = await run(process.execPath, args, { cwd: ROOT, env: { ...process.env, HTTPYAC_ENV: envDir }, maxBuffer: 16 << 20 }).catch(
    // Exit code 20 = a test failed: the JSON report is on stdout all the same.
    (e: { stdout?: string; stderr?: string; code?: number }) => {
      if (!e.stdout?.includes('{')) throw new Error(`httpyac ${file} exited with ${e.code}: ${e.stderr ?? ''}`);
      return { stdout: e.stdout };
    },
  );
  const report = JSON.parse(out.stdout.slice(out.stdout.indexOf('{'))) as { requests: HttpyacRequest[] };
  return report.requests;
}

describe('.http walkthroughs (examples/http) under httpyac', () => {
  it('When the folder is listed, then the walkthroughs the README links are there', () => {
    expect(FILES).toEqual(['contacts.http', 'customer-contact.http', 'media.http', 'message.http', 'oauth.http', 'tokens.http']);
  });

  it.each(FILES)('When %s runs against the mock, then every request passes its checks', async (file) => {
    const requests = await httpyac(file);
    expect(requests.length, 'requests run').toBeGreaterThan(2);
    const unexpected: string[] = [];
    const stillFailing = new Set<string>();
    for (const r of requests) {
      const tests = r.testResults ?? [];
      // Every request checks its answer (errcode, or the file / redirect it returns).
      if (tests.length === 0) unexpected.push(`${file} › ${r.name} (line ${r.line}): no check`);
      for (const t of tests) {
        const key = `${file} › ${r.name} › ${t.message}`;
        if (key in KNOWN_FAILING) {
          if (t.status === 'FAILED') stillFailing.add(key);
          else unexpected.push(`${key}: ${t.status}, known to fail (${KNOWN_FAILING[key]}) — remove it from KNOWN_FAILING if fixed`);
        } else if (t.status !== 'SUCCESS') {
          unexpected.push(`${key}: ${t.status} ${t.error?.displayMessage ?? ''} — answer: ${JSON.stringify(r.response?.body)?.slice(0, 300)}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
    const known = Object.keys(KNOWN_FAILING).filter((k) => k.startsWith(`${file} › `));
    expect([...stillFailing].sort(), 'known failures that did not run').toEqual(known.sort());
  }, 60_000);

  it('When wecom-mock --print-http-env runs with the mock\'s port, then it prints the env file the walkthroughs ran with', async () => {
    const port = new URL(mock.url).port;
    const out = await run(process.execPath, ['--import', 'tsx', 'mock-server/cli.ts', '--print-http-env', '--port', port], { cwd: ROOT });
    const printed = JSON.parse(out.stdout) as Record<string, Record<string, unknown>>;
    expect(printed).toEqual(httpClientEnv(mock.url, mock.corp));
    expect(printed[HTTP_ENV_NAME]).toMatchObject({ base_url: mock.url, corpid: mock.corp.corpid, app_secret: mock.corp.apps[0]!.secret });
  }, 60_000);
});
