import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, DEMO_CORP_ID, type MockApp } from './index.js';

const dirs: string[] = [];
const apps: MockApp[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.scheduler.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(dir: string): MockApp {
  const app = createApp({ dataDir: dir });
  apps.push(app);
  return app;
}

describe('data dir', () => {
  it('When the log ends in a torn or corrupt record, then the good records are loaded and the bad tail is cut', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wecom-mock-datadir-'));
    dirs.push(dir);
    const first = open(dir);
    const { server, url } = await first.listen(0);
    // Control-plane writes are saved to the log before they are answered.
    const made = (await (await fetch(`${url}/__mock/corps`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })).json()) as { corpid: string };
    await new Promise((r) => server.close(r));
    const log = join(dir, 'log');
    const good = statSync(log).size;
    expect(good).toBeGreaterThan(0);
    // Then a record whose checksum does not match, and half a frame: both are dropped on the next start.
    const bad = Buffer.from(JSON.stringify({ corps: [], all: true }));
    const frame = Buffer.alloc(8 + bad.length);
    frame.writeUInt32BE(bad.length, 0);
    frame.writeUInt32BE(12345, 4);
    bad.copy(frame, 8);
    appendFileSync(log, frame);
    appendFileSync(log, Buffer.from([0, 0, 1, 0, 9]));
    const second = open(dir);
    expect(second.registry.get(made.corpid)).toBeDefined();
    expect(second.registry.get(DEMO_CORP_ID)).toBeDefined();
    // Compacted after the load: the state is in snapshot.json, the log (and its bad tail) emptied.
    expect(statSync(log).size).toBe(0);
    const snap = JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')) as { corps: Array<{ corpid: string }> };
    expect(snap.corps.map((c) => c.corpid).sort()).toEqual([made.corpid, DEMO_CORP_ID].sort());
  });

  it('When snapshot.json is of another version, then the mock refuses to start rather than lose it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wecom-mock-datadir-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ format: 'wecom-mock-snapshot', version: 0, corps: [] }));
    expect(() => createApp({ dataDir: dir })).toThrow(/version 0/);
    expect(JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')).version).toBe(0);
  });
});
