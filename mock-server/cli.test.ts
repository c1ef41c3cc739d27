/**
 * The bundled command (dist/wecom-mock.mjs), as `npm start` and the `wecom-mock` bin run it: it prints every credential, and those credentials work.
 * Needs the compiled dist/ (npm test builds before running vitest).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { startCommand } from '../contract-tests/harness/command.js';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/wecom-mock.mjs', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGTERM');
});

const start = (args: string[]) => startCommand(CLI, args, children);

describe.skipIf(!existsSync(CLI))('wecom-mock command', () => {
  it('When started with --json, then the printed credentials get a token from the printed URL', async () => {
    const { firstLine } = await start(['--port', '0', '--json']);
    const info = JSON.parse(firstLine) as { url: string; corp: { corpid: string; apps: Array<{ secret: string }> } };
    expect(info.corp.corpid).toBe('ww000000000000000a');
    const r = await fetch(`${info.url}/cgi-bin/gettoken?corpid=${info.corp.corpid}&corpsecret=${info.corp.apps[0]!.secret}`);
    const body = (await r.json()) as { errcode: number; access_token: string };
    expect(body.errcode).toBe(0);
    expect(body.access_token.length).toBeGreaterThan(10);
  });

  it('When started plainly, then the banner shows the corp, the secrets and a working curl line', async () => {
    const { output } = await start(['--port', '0', '--seed', '7']);
    await new Promise((r) => setTimeout(r, 200));
    const text = output();
    expect(text).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(text).toMatch(/Demo corp ww000000000000000a/);
    expect(text).toMatch(/contacts-sync secret\s+\S{20,}/);
    const curl = /curl '([^']+)'/.exec(text)?.[1];
    expect(curl).toBeDefined();
    const body = (await (await fetch(curl!)).json()) as { errcode: number };
    expect(body.errcode).toBe(0);
  });

  it('When started with an admin token, then the banner links the console with the token in its fragment, and the docs page', async () => {
    const { output } = await start(['--port', '0', '--admin-token', 'banner-token-1']);
    await new Promise((r) => setTimeout(r, 200));
    const text = output();
    const console = /Console:\s+(http:\/\/\S+)/.exec(text)?.[1];
    expect(console).toMatch(/\/__mock\/console#token=banner-token-1$/);
    // The fragment never reaches the server; the page is served as is.
    const page = await fetch(console!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const docs = /API docs:\s+(http:\/\/\S+)/.exec(text)?.[1];
    expect((await fetch(docs!)).status).toBe(200);
  });

  it('When a flag is wrong, then it exits 2 and says what to fix', async () => {
    const child = spawn(process.execPath, [CLI, '--scenario', 'huge'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(2);
    expect(err).toMatch(/--scenario must be one of typical, large, empty/);
  });

  /** Runs the command to its end: exit code, stdout and stderr. */
  function runToEnd(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    return new Promise((r) => child.on('exit', (code) => r({ code, out, err })));
  }

  it('When asked for --version, then it prints the package version and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = await runToEnd(['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(`wecom-mock ${version}`);
  });

  it('When a flag is misspelled, then one line names it and the closest flag', async () => {
    const r = await runToEnd(['--verbos']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual(['wecom-mock: unknown flag --verbos; did you mean --verbose? (--help lists every flag)']);
  });

  it('When started with --verbose (= --log-level debug), then each request gets one line without its token or secret, an error with its hint id', async () => {
    const { firstLine, output } = await start(['--port', '0', '--json', '--verbose']);
    const info = JSON.parse(firstLine) as { url: string; corp: { corpid: string; apps: Array<{ secret: string }> } };
    const secret = info.corp.apps[0]!.secret;
    await fetch(`${info.url}/cgi-bin/gettoken?corpid=${info.corp.corpid}&corpsecret=${secret}`);
    const bad = (await (await fetch(`${info.url}/cgi-bin/user/get?access_token=nope&userid=x`)).json()) as { errmsg: string };
    await new Promise((r) => setTimeout(r, 100));
    const lines = output().split('\n').filter((l) => l.includes(' GET /cgi-bin/'));
    expect(lines[0]).toMatch(/DEBUG.*GET \/cgi-bin\/gettoken gettoken errcode 0 [\d.]+ ms/);
    const hint = /hint: \[([^\]]+)\]/.exec(bad.errmsg)![1]!;
    expect(lines[1]).toMatch(/GET \/cgi-bin\/user\/get user_get errcode 40014 /);
    expect(lines[1]).toContain(`hint ${hint}`);
    expect(lines.join('\n')).not.toContain(secret);
    // One line a request in pretty format: the fields are not printed under it.
    expect(output()).not.toMatch(/^\s+(method|query):/m);
  });

  it('When started with --log-format json at debug, then every request is one JSON object with its credentials redacted', async () => {
    const { firstLine, output } = await start(['--port', '0', '--json', '--log-level', 'debug', '--log-format', 'json']);
    const info = JSON.parse(firstLine) as { url: string; corp: { corpid: string; apps: Array<{ secret: string }> } };
    const secret = info.corp.apps[0]!.secret;
    const token = ((await (await fetch(`${info.url}/cgi-bin/gettoken?corpid=${info.corp.corpid}&corpsecret=${secret}`)).json()) as { access_token: string }).access_token;
    const bad = (await (await fetch(`${info.url}/cgi-bin/user/get?access_token=${token}&userid=nobody_here`)).json()) as { errcode: number; errmsg: string };
    await new Promise((r) => setTimeout(r, 100));
    const records = output()
      .split('\n')
      .filter((l) => l.startsWith('{') && !l.startsWith('{"url"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const get = records.find((r) => r['operation'] === 'gettoken')!;
    expect(get).toMatchObject({ level: 20, method: 'GET', path: '/cgi-bin/gettoken', errcode: 0, status: 200, corpid: info.corp.corpid, query: { corpsecret: '[redacted]' } });
    expect(typeof get['ms']).toBe('number');
    const err = records.find((r) => r['operation'] === 'user_get')!;
    expect(err).toMatchObject({ errcode: bad.errcode, query: { access_token: '[redacted]', userid: 'nobody_here' } });
    expect(bad.errmsg).toContain(`hint: [${String(err['hint'])}]`);
    const logged = records.map((r) => JSON.stringify(r)).join('\n');
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain(token);
  });

  it('When the log level comes from WECOM_MOCK_LOG_LEVEL=info, then requests are not logged; a bad level exits 2', async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WECOM_MOCK_LOG_LEVEL: 'info' } });
    children.push(child);
    let out = '';
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const first = await new Promise<string>((resolve) => child.stdout.on('data', (d: Buffer) => resolve(d.toString())));
    const url = (JSON.parse(first.split('\n')[0]!) as { url: string }).url;
    await fetch(`${url}/cgi-bin/user/get?access_token=nope&userid=x`);
    await new Promise((r) => setTimeout(r, 100));
    expect(out).not.toContain('/cgi-bin/user/get');
    const r = await runToEnd(['--log-level', 'chatty']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--log-level must be one of trace, debug, info, warn, error, fatal, silent, got "chatty"');
  });

  it('When the large scenario builds without a TTY, then percentage lines show its progress before the banner', { timeout: 90_000 }, async () => {
    const { output } = await start(['--port', '0', '--json', '--scenario', 'large']);
    const lines = output().split('\n').filter((l) => l.startsWith('building the large corp: '));
    expect(lines[0]).toMatch(/^building the large corp: 0% \(/);
    expect(lines.at(-1)).toMatch(/^building the large corp: 100% \(ready\)$/);
    const pcts = lines.map((l) => Number(/: (\d+)%/.exec(l)![1]));
    expect(pcts).toEqual([...pcts].sort((a, b) => a - b));
    // Seed data in steps, then the domains with per-corp work (the others are built on first use).
    expect(new Set(pcts).size).toBeGreaterThanOrEqual(5);
    expect(output()).not.toContain('\r');
  });
  it('When an admin token comes from WECOM_MOCK_ADMIN_TOKEN, then the control plane needs it but the health probe does not', async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--json', '--log-level', 'silent'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WECOM_MOCK_ADMIN_TOKEN: 'tok-123' },
    });
    children.push(child);
    const first = await new Promise<string>((resolve) => child.stdout.on('data', (d: Buffer) => resolve(d.toString())));
    const info = JSON.parse(first.split('\n')[0]!) as { url: string; admin_token: string };
    expect(info.admin_token).toBe('tok-123');
    expect((await fetch(`${info.url}/__mock/health`)).status).toBe(200);
    expect((await fetch(`${info.url}/__mock/corps`)).status).toBe(401);
    expect((await fetch(`${info.url}/__mock/corps`, { headers: { 'X-WeCom-Mock-Admin-Token': 'tok-123' } })).status).toBe(200);
  });
});
