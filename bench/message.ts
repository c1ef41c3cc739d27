/**
 * Bench: message/send to 1,000 recipients on the in-process mock (`large` scenario). Reports p50/p99 of
 * the call as the client sees it; the target is p99 < 20 ms. `npm run bench` wires `benchMessageSend` in.
 */
import { performance } from 'node:perf_hooks';
import { startMockServer } from '../mock-server/index.js';

export interface MessageBenchResult {
  name: string;
  recipients: number;
  calls: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  ok: boolean;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Sends `calls` messages to 1,000 members each (after a warm-up) and measures the latency. */
export async function benchMessageSend(opts: { calls?: number; warmup?: number } = {}): Promise<MessageBenchResult> {
  const calls = opts.calls ?? 300;
  const warmup = opts.warmup ?? 30;
  const mock = await startMockServer({ demoCorp: false });
  try {
    const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const r = await fetch(`${mock.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
      return (await r.json()) as T;
    };
    const corp = await admin<{ corpid: string; apps: Array<{ agentid: number; secret: string }> }>('POST', '/__mock/corps', {
      scenario: 'large',
      settings: { rate_limit_scale: 1000 },
    });
    const app = corp.apps[0]!;
    const tok = (await (await fetch(`${mock.url}/cgi-bin/gettoken?corpid=${corp.corpid}&corpsecret=${app.secret}`)).json()) as { access_token: string };
    const list = (await (
      await fetch(`${mock.url}/cgi-bin/user/list_id?access_token=${tok.access_token}`, { method: 'POST', body: JSON.stringify({ limit: 1000 }) })
    ).json()) as { dept_user: Array<{ userid: string }> };
    const touser = [...new Set(list.dept_user.map((u) => u.userid))].slice(0, 1000).join('|');
    const url = `${mock.url}/cgi-bin/message/send?access_token=${tok.access_token}`;
    const times: number[] = [];
    for (let i = 0; i < warmup + calls; i++) {
      const body = JSON.stringify({ agentid: app.agentid, touser, msgtype: 'text', text: { content: `bench ${i}` } });
      const t0 = performance.now();
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const j = (await r.json()) as { errcode: number };
      const dt = performance.now() - t0;
      if (j.errcode !== 0) throw new Error(`message/send failed: ${JSON.stringify(j)}`);
      if (i >= warmup) times.push(dt);
    }
    times.sort((a, b) => a - b);
    const p99 = quantile(times, 0.99);
    return {
      name: 'message/send to 1,000 recipients',
      recipients: touser.split('|').length,
      calls,
      p50_ms: quantile(times, 0.5),
      p99_ms: p99,
      max_ms: times[times.length - 1] ?? 0,
      ok: p99 < 20,
    };
  } finally {
    await mock.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchMessageSend().then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
