/**
 * The bundled command with --data-dir, --import and --export-on-exit: what was answered survives a crash
 * (SIGKILL in the middle of writes) and a restart keeps the corps and their clocks. Needs the compiled dist/
 * (npm test builds before running vitest).
 */
import type { ChildProcess } from 'node:child_process';
import { startCommand } from '../contract-tests/harness/command.js';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/wecom-mock.mjs', import.meta.url));
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Info {
  url: string;
  corp: { corpid: string; secrets: { contacts: string }; apps: Array<{ secret: string }> };
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'wecom-mock-persist-'));
  dirs.push(d);
  return d;
}

async function start(args: string[]): Promise<{ child: ChildProcess; info: Info }> {
  const { child, firstLine } = await startCommand(CLI, ['--port', '0', '--json', ...args], children);
  return { child, info: JSON.parse(firstLine) as Info };
}

function exited(child: ChildProcess): Promise<unknown> {
  // Killed by a signal, a child has no exit code but a signal code (its 'exit' may already have fired).
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', r));
}

async function json(url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const res = await fetch(url, init);
  return (await res.json()) as Record<string, unknown>;
}

const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });

describe.skipIf(!existsSync(CLI))('persistence and snapshots on the command line', () => {
  it('When the process is killed with SIGKILL in the middle of writes, then after a restart every answered write is there', async () => {
    const dir = tempDir();
    const first = await start(['--data-dir', dir]);
    const { url, corp } = first.info;
    const token = (await json(`${url}/cgi-bin/gettoken?corpid=${corp.corpid}&corpsecret=${corp.secrets.contacts}`))['access_token'] as string;
    // Members are read with the app's token (the contacts-sync secret may not read them since 2022, errcode 48009).
    const reader = (await json(`${url}/cgi-bin/gettoken?corpid=${corp.corpid}&corpsecret=${corp.apps[0]!.secret}`))['access_token'] as string;
    const answered: string[] = [];
    let killed = false;
    const writes = Array.from({ length: 80 }, (_, i) => i).map(async (i) => {
      const userid = `crash${i}`;
      try {
        const out = await json(`${url}/cgi-bin/user/create?access_token=${token}`, post({ userid, name: `崩溃${userid}`, department: [1], mobile: `139${String(i).padStart(8, '0')}` }));
        if (out['errcode'] === 0) answered.push(userid);
      } catch {
        // cut off by the kill: never answered
      }
      if (answered.length >= 20 && !killed) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    });
    await Promise.all(writes);
    const wasKilled = killed;
    if (!killed) first.child.kill('SIGKILL');
    await exited(first.child);
    expect(wasKilled).toBe(true);
    expect(answered.length).toBeGreaterThanOrEqual(20);
    expect(answered.length).toBeLessThan(80); // killed while writes were still in flight

    const second = await start(['--data-dir', dir]);
    const url2 = second.info.url;
    // The token issued before the crash is kept too.
    for (const userid of answered) {
      const got = await json(`${url2}/cgi-bin/user/get?access_token=${reader}&userid=${userid}`);
      expect(got['errcode'], userid).toBe(0);
      expect(got['name']).toBe(`崩溃${userid}`);
    }
    // The log is whole again: the next write lands and a third start reads it.
    expect((await json(`${url2}/cgi-bin/user/create?access_token=${token}`, post({ userid: 'after', name: '之后', department: [1], mobile: '13700000001' })))['errcode']).toBe(0);
    second.child.kill('SIGKILL');
    await exited(second.child);
    const third = await start(['--data-dir', dir]);
    expect((await json(`${third.info.url}/cgi-bin/user/get?access_token=${reader}&userid=after`))['errcode']).toBe(0);
    expect(statSync(join(dir, 'snapshot.json')).size).toBeGreaterThan(1000);
  }, 60_000);

  it('When the mock is restarted on its data dir, then corps made since and their advanced clocks are kept', async () => {
    const dir = tempDir();
    const first = await start(['--data-dir', dir]);
    const made = await json(`${first.info.url}/__mock/corps`, post({ corp_name: '持久化测试' }));
    const corpid = made['corpid'] as string;
    const advanced = await json(`${first.info.url}/__mock/clock`, post({ corpid, advance_seconds: 86_400 }));
    first.child.kill('SIGTERM');
    await exited(first.child);
    const second = await start(['--data-dir', dir]);
    const clock = await json(`${second.info.url}/__mock/clock?corpid=${corpid}`);
    expect(clock['now_ms'] as number).toBeGreaterThanOrEqual(advanced['now_ms'] as number);
    expect(clock['offset_seconds'] as number).toBeGreaterThan(86_000);
    const again = await json(`${second.info.url}/__mock/corps/${corpid}`);
    expect(again['corpid']).toBe(corpid);
    // A new corp after the restart gets a new corpid (the seeds go on past the kept corps').
    const next = await json(`${second.info.url}/__mock/corps`, post({}));
    expect(next['corpid']).not.toBe(corpid);
  }, 60_000);

  it('When stopped with --export-on-exit, then the file it writes starts another mock with --import in the same state', async () => {
    const dir = tempDir();
    const file = join(dir, 'state.json');
    const first = await start(['--export-on-exit', file]);
    const { url, corp } = first.info;
    const token = (await json(`${url}/cgi-bin/gettoken?corpid=${corp.corpid}&corpsecret=${corp.secrets.contacts}`))['access_token'] as string;
    const reader = (await json(`${url}/cgi-bin/gettoken?corpid=${corp.corpid}&corpsecret=${corp.apps[0]!.secret}`))['access_token'] as string;
    expect((await json(`${url}/cgi-bin/user/create?access_token=${token}`, post({ userid: 'exported', name: '导出', department: [1], mobile: '13700000002' })))['errcode']).toBe(0);
    first.child.kill('SIGTERM');
    await exited(first.child);
    expect(existsSync(file)).toBe(true);
    const second = await start(['--import', file]);
    expect((await json(`${second.info.url}/cgi-bin/user/get?access_token=${reader}&userid=exported`))['name']).toBe('导出');
  }, 60_000);
});
