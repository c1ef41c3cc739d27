/**
 * `npm run bench`: measures the mock against a bare node:http baseline in the same run.
 *
 *   - gettoken and user/get through the full pipeline vs the bare server (req/s, p50, p99, ratio);
 *   - cold start of `wecom-mock` (spawn → first 200 on gettoken) with the demo corp;
 *   - the `large` scenario (30,000 departments, 100,000 members): build time, whole-tree department/list,
 *     paging all of user/list_id at limit 10,000, and user/get vs the baseline;
 *   - the soak: RSS of the mock after 100k and after 1M mixed requests (bench/soak.ts).
 *
 * BENCH_ONLY=core skips the domain benches and the soak; BENCH_ONLY=soak runs the soak alone;
 * BENCH_ONLY=start runs the cold start alone (BENCH_START_RUNS spawns, default 5); BENCH_ONLY=wedrive runs the
 * 100 MB 微盘 block upload alone (bench/wedrive.ts); BENCH_ONLY=wedoc the smart-sheet get_records bench alone.
 * 100 MB 微盘 block upload alone (bench/wedrive.ts); BENCH_ONLY=calendar runs get_by_calendar over 10,000 schedules
 * alone (bench/calendar.ts).
 *
 * Servers run in child processes so the load generator (autocannon, in this process) and the server do
 * not share a core. Results are printed and written to .bench/results.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { firstLine } from './first-line.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const CLI = join(ROOT, 'dist/wecom-mock.mjs');
const BARE = join(HERE, 'bare-server.js');
const DURATION = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const CALENDAR_ROW = 'oa/schedule/get_by_calendar: 10,000 schedules (half repeating), 30-day window (target p99 < 20 ms)';

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

/** Spawns a child and resolves with its first stdout line. */
function spawnLine(args: string[]): Promise<{ child: ChildProcess; line: string; startedAt: number }> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return firstLine(child, args.join(' ')).then((line) => ({ child, line, startedAt }));
}

async function startMock(extra: string[] = []): Promise<{ child: ChildProcess; url: string; corp: any }> {
  const { child, line } = await spawnLine([CLI, '--port', '0', '--json', '--rate-limit-scale', '1000000', ...extra]);
  const info = JSON.parse(line) as { url: string; corp: unknown };
  return { child, url: info.url, corp: info.corp };
}

function load(url: string): Promise<Load> {
  return new Promise((res, rej) => {
    autocannon({ url, connections: CONNECTIONS, duration: DURATION, pipelining: 1 }, (err, r) => {
      if (err) return rej(err);
      res({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx });
    });
  });
}

async function json(url: string, init?: RequestInit): Promise<any> {
  return (await fetch(url, init)).json();
}

function stop(child: ChildProcess): void {
  child.kill('SIGTERM');
}

async function timeIt<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await f();
  return [performance.now() - t, v];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function compare(name: string, mockUrl: string, bareUrl: string, path: string): Promise<Record<string, unknown>> {
  await load(`${bareUrl}${path}`).catch(() => undefined); // warm both once, briefly
  const bare = await load(`${bareUrl}${path}`);
  const mock = await load(`${mockUrl}${path}`);
  const ratio = mock.rps / bare.rps;
  const row = { name, mock, bare, ratio: Math.round(ratio * 1000) / 1000 };
  console.log(
    `${name.padEnd(28)} mock ${mock.rps.toFixed(0).padStart(7)} req/s p50 ${mock.p50} ms p99 ${mock.p99} ms | ` +
      `bare ${bare.rps.toFixed(0).padStart(7)} req/s p50 ${bare.p50} ms p99 ${bare.p99} ms | ratio ${(ratio * 100).toFixed(1)} %` +
      (mock.non2xx || mock.errors ? `  (non-2xx ${mock.non2xx}, errors ${mock.errors})` : ''),
  );
  return row;
}

async function coldStart(runs: number, extra: string[] = []): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { child, line, startedAt } = await spawnLine([CLI, '--port', '0', '--json', ...extra]);
    const info = JSON.parse(line) as { url: string; corp: { corpid: string; apps: Array<{ secret: string }> } };
    const r = await json(`${info.url}/cgi-bin/gettoken?corpid=${info.corp.corpid}&corpsecret=${info.corp.apps[0]!.secret}`);
    if (r.errcode !== 0) throw new Error(`cold start: gettoken answered ${JSON.stringify(r)}`);
    out.push(performance.now() - startedAt);
    stop(child);
  }
  return out;
}

function printSoak(r: import('./soak.js').SoakResult): void {
  const [a, b] = r.checkpoints;
  console.log(
    `\nsoak (${r.connections} connections; gettoken, user/get, department/list, message/send): RSS at start ${r.rss_start_mb} MB, ` +
      `after ${a!.requests.toLocaleString('en')} ${a!.rss_mb} MB, after ${b!.requests.toLocaleString('en')} ${b!.rss_mb} MB ` +
      `(${r.growth_pct >= 0 ? '+' : ''}${r.growth_pct} %, ${r.ok ? 'ok' : 'OVER 10 %'}; ${b!.rps} req/s` +
      (a!.non2xx + b!.non2xx + a!.errors + b!.errors > 0 ? `, non-2xx ${a!.non2xx + b!.non2xx}, errors ${a!.errors + b!.errors}` : '') +
      ')',
  );
}

function save(results: Record<string, unknown>): void {
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  writeFileSync(join(ROOT, '.bench/results.json'), JSON.stringify(results, null, 2));
  console.log('\nwritten to .bench/results.json');
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, duration_s: DURATION, connections: CONNECTIONS };
  const only = process.env['BENCH_ONLY'];
  if (only === 'soak') {
    const soak = await (await import('./soak.js')).benchSoak(CLI);
    results['soak'] = soak;
    printSoak(soak);
    save(results);
    process.exit(0);
  }
  if (only === 'wedrive') {
    const r = await (await import('./wedrive.js')).benchWedriveUpload(CLI);
    results['domains'] = { 'wedrive: 100 MB block upload (target RSS growth < 50 MB)': r };
    console.log(`wedrive: 100 MB block upload (target RSS growth < 50 MB):\n${JSON.stringify(r, null, 1).replace(/\n\s*/g, ' ')}`);
    save(results);
    process.exit(0);
  }
  if (only === 'wedoc') {
    const r = await (await import('./wedoc.js')).benchWedocGetRecords();
    results['domains'] = { wedoc_get_records: r };
    console.log(`smartsheet/get_records with a filter over 50,000 records (target p99 < 50 ms): ${JSON.stringify(r)}`);
    save(results);
    process.exit(0);
  }
  if (only === 'calendar') {
    const r = await (await import('./calendar.js')).benchCalendarWindow();
    results['domains'] = { [CALENDAR_ROW]: r };
    console.log(`${CALENDAR_ROW}:\n${JSON.stringify(r, null, 1).replace(/\n\s*/g, ' ')}`);
    save(results);
    process.exit(0);
  }
  if (only === 'start') {
    const cold = await coldStart(Number(process.env['BENCH_START_RUNS'] ?? 5));
    results['cold_start_ms'] = { runs: cold.map(Math.round), median: Math.round(median(cold)) };
    console.log(`cold start to first 200 (demo corp): median ${median(cold).toFixed(0)} ms  (runs ${cold.map((x) => x.toFixed(0)).join(', ')})`);
    save(results);
    process.exit(0);
  }
  console.log(`wecom-mock bench — node ${process.version}, ${DURATION} s per run, ${CONNECTIONS} connections\n`);

  // 1. Throughput against the baseline (demo corp).
  const mock = await startMock();
  const corpid: string = mock.corp.corpid;
  const secret: string = mock.corp.apps[0].secret;
  const userid: string = mock.corp.sample_userids[0];
  const tokenPath = `/cgi-bin/gettoken?corpid=${corpid}&corpsecret=${secret}`;
  const tokenBody = await (await fetch(`${mock.url}${tokenPath}`)).text();
  const token = JSON.parse(tokenBody).access_token as string;
  const userPath = `/cgi-bin/user/get?access_token=${token}&userid=${userid}`;
  const userBody = await (await fetch(`${mock.url}${userPath}`)).text();
  const bareProc = await spawnLine([BARE, JSON.stringify({ '/cgi-bin/gettoken': tokenBody, '/cgi-bin/user/get': userBody })]);
  const bareUrl = bareProc.line.trim();
  results['gettoken'] = await compare('gettoken (full pipeline)', mock.url, bareUrl, tokenPath);
  results['user_get'] = await compare('user/get (full pipeline)', mock.url, bareUrl, userPath);
  stop(mock.child);

  // 2. Cold start with the demo corp.
  const cold = await coldStart(5);
  results['cold_start_ms'] = { runs: cold.map(Math.round), median: Math.round(median(cold)) };
  console.log(`\ncold start to first 200 (demo corp): median ${median(cold).toFixed(0)} ms  (runs ${cold.map((x) => x.toFixed(0)).join(', ')})`);

  // 3. The large scenario.
  const [largeReadyMs, large] = await timeIt(() => startMock(['--scenario', 'large']));
  const lc = large.corp;
  const lt = (await json(`${large.url}/cgi-bin/gettoken?corpid=${lc.corpid}&corpsecret=${lc.apps[0].secret}`)).access_token as string;
  const st = (await json(`${large.url}/cgi-bin/gettoken?corpid=${lc.corpid}&corpsecret=${lc.secrets.contacts}`)).access_token as string;
  console.log(
    `\nlarge scenario (${lc.counts.departments} departments, ${lc.counts.users} members, ${lc.customer_contact?.customers ?? 0} customers, ${lc.customer_contact?.group_chats ?? 0} customer groups): spawn to ready ${largeReadyMs.toFixed(0)} ms`,
  );
  const deptTimes: number[] = [];
  let deptCount = 0;
  for (let i = 0; i < 7; i++) {
    const [ms, body] = await timeIt(() => json(`${large.url}/cgi-bin/department/list?access_token=${lt}`));
    deptTimes.push(ms);
    deptCount = body.department.length;
  }
  console.log(`  department/list whole tree (${deptCount} rows): median ${median(deptTimes).toFixed(1)} ms`);
  const pageAll = async (): Promise<[number, number]> => {
    let cursor = '';
    let rows = 0;
    let pages = 0;
    do {
      const r = await json(`${large.url}/cgi-bin/user/list_id?access_token=${st}`, { method: 'POST', body: JSON.stringify({ cursor, limit: 10000 }) });
      if (r.errcode !== 0) throw new Error(JSON.stringify(r));
      rows += r.dept_user.length;
      cursor = r.next_cursor;
      pages++;
    } while (cursor);
    return [rows, pages];
  };
  await pageAll();
  const [listMs, [rows, pages]] = await timeIt(pageAll);
  console.log(`  user/list_id all pages at limit 10,000 (${rows} rows, ${pages} pages): ${listMs.toFixed(0)} ms`);
  const largeUser = `/cgi-bin/user/get?access_token=${lt}&userid=${lc.sample_userids[0]}`;
  const largeUserBody = await (await fetch(`${large.url}${largeUser}`)).text();
  const bare2 = await spawnLine([BARE, JSON.stringify({ '/cgi-bin/user/get': largeUserBody })]);
  results['large'] = {
    spawn_to_ready_ms: Math.round(largeReadyMs),
    customers: lc.customer_contact?.customers ?? 0,
    customer_groups: lc.customer_contact?.group_chats ?? 0,
    department_list_ms: Math.round(median(deptTimes) * 10) / 10,
    list_id_all_pages_ms: Math.round(listMs),
    list_id_rows: rows,
    user_get: await compare('user/get, large corp', large.url, bare2.line.trim(), largeUser),
  };
  stop(large.child);
  stop(bare2.child);
  stop(bareProc.child);

  // 4. Domain benches (each starts its own in-process mock). BENCH_ONLY=core skips them.
  if (process.env['BENCH_ONLY'] !== 'core') {
    const domain: Record<string, unknown> = {};
    const runOne = async (name: string, f: () => Promise<unknown>): Promise<void> => {
      try {
        const [ms, r] = await timeIt(f);
        domain[name] = r;
        console.log(`\n${name} (${(ms / 1000).toFixed(1)} s):\n${JSON.stringify(r, null, 1).replace(/\n\s*/g, ' ')}`);
      } catch (e) {
        domain[name] = { error: String(e) };
        console.log(`\n${name}: FAILED ${String(e)}`);
      }
    };
    await runOne('callbacks: encrypted deliveries/s to a local receiver (target ≥ 2,000/s)', async () => (await import('./callbacks.js')).benchCallbacks());
    await runOne('message/send to 1,000 recipients (target p99 < 20 ms)', async () => (await import('./message.js')).benchMessageSend());
    await runOne('externalcontact batch/get_by_user over 10,000 customers', async () =>
      (await import('./externalcontact.js')).benchExternalContactGetByUser(),
    );
    await runOne('smartsheet/get_records with a filter over 50,000 records (target p99 < 50 ms)', async () => (await import('./wedoc.js')).benchWedocGetRecords());
    await runOne('archive: 1,000,000 records, pull 1,000 (target < 50 ms, memory < 1 GB)', async () => (await import('./archive.js')).benchArchive());
    await runOne('wedrive: 100 MB block upload (target RSS growth < 50 MB)', async () => (await import('./wedrive.js')).benchWedriveUpload(CLI));
    await runOne(CALENDAR_ROW, async () => (await import('./calendar.js')).benchCalendarWindow());
    results['domains'] = domain;

    // 5. The soak: memory must plateau.
    const soak = await (await import('./soak.js')).benchSoak(CLI);
    results['soak'] = soak;
    printSoak(soak);
  }

  save(results);
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
