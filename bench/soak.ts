/**
 * Bench: the soak row. A `wecom-mock` child process takes a long mix of gettoken, user/get,
 * department/list and message/send; its RSS is read after 100k requests and again after 1M. A mock that
 * runs for a day of CI must plateau (issue 19): the second figure within 10 % of the first.
 * `npm run bench` runs it; `BENCH_ONLY=soak npm run bench` runs it alone; SOAK_REQUESTS=a,b changes the
 * two checkpoints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { firstLine } from './first-line.js';

export interface SoakResult {
  name: string;
  connections: number;
  checkpoints: Array<{ requests: number; rss_mb: number; seconds: number; rps: number; non2xx: number; errors: number }>;
  rss_start_mb: number;
  growth_pct: number;
  ok: boolean;
}

/** The resident set of a process, from /proc (Linux), in MB. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

function spawnMock(cli: string): Promise<{ child: ChildProcess; info: any }> {
  const child = spawn(process.execPath, [cli, '--port', '0', '--json', '--rate-limit-scale', '1000000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return firstLine(child, 'wecom-mock').then((line) => ({ child, info: JSON.parse(line) }));
}

function run(url: string, requests: autocannon.Request[], amount: number, connections: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, amount, requests, pipelining: 1 }, (err, r) => (err ? reject(err) : resolve(r)));
  });
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 1500));

/** Runs the soak against the built CLI at `cli`; checkpoints default to 100k and 1M requests. */
export async function benchSoak(cli: string, opts: { checkpoints?: [number, number]; connections?: number } = {}): Promise<SoakResult> {
  const env = process.env['SOAK_REQUESTS']?.split(',').map(Number);
  const [first, second] = opts.checkpoints ?? (env && env.length === 2 ? (env as [number, number]) : [100_000, 1_000_000]);
  const connections = opts.connections ?? 64;
  const { child, info } = await spawnMock(cli);
  try {
    const base: string = info.url;
    const corpid: string = info.corp.corpid;
    const app = info.corp.apps[0] as { agentid: number; secret: string };
    // The corp's own quotas (message/send seats × 200 a day) would stop the mix long before 1M requests.
    await fetch(`${base}/__mock/corps/${corpid}/settings`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate_limit_scale: 1_000_000, message_seats: 1_000_000 }),
    });
    const token = ((await (await fetch(`${base}/cgi-bin/gettoken?corpid=${corpid}&corpsecret=${app.secret}`)).json()) as { access_token: string }).access_token;
    const users: string[] = info.corp.sample_userids;
    const requests: autocannon.Request[] = [
      { method: 'GET', path: `/cgi-bin/gettoken?corpid=${corpid}&corpsecret=${app.secret}` },
      { method: 'GET', path: `/cgi-bin/user/get?access_token=${token}&userid=${users[0]}` },
      { method: 'GET', path: `/cgi-bin/department/list?access_token=${token}` },
      {
        method: 'POST',
        path: `/cgi-bin/message/send?access_token=${token}`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ touser: users.slice(0, 3).join('|'), msgtype: 'text', agentid: app.agentid, text: { content: 'soak' } }),
      },
    ];
    const probe = await (await fetch(`${base}${requests[3]!.path}`, { method: 'POST', body: requests[3]!.body as string })).json();
    if ((probe as { errcode: number }).errcode !== 0) throw new Error(`message/send answered ${JSON.stringify(probe)}`);

    await settle();
    const rssStart = rssMb(child.pid!);
    const checkpoints: SoakResult['checkpoints'] = [];
    let done = 0;
    for (const target of [first, second]) {
      const t = performance.now();
      const r = await run(base, requests, target - done, connections);
      done = target;
      await settle();
      const seconds = (performance.now() - t) / 1000;
      checkpoints.push({ requests: target, rss_mb: rssMb(child.pid!), seconds: Math.round(seconds), rps: Math.round(r.requests.average), non2xx: r.non2xx, errors: r.errors });
    }
    const growth = (checkpoints[1]!.rss_mb - checkpoints[0]!.rss_mb) / checkpoints[0]!.rss_mb;
    return {
      name: 'soak: RSS after 100k and 1M mixed requests (target: within 10 %)',
      connections,
      checkpoints,
      rss_start_mb: rssStart,
      growth_pct: Math.round(growth * 1000) / 10,
      ok: growth <= 0.1,
    };
  } finally {
    child.kill('SIGTERM');
  }
}
