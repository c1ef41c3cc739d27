/**
 * Callback delivery throughput: the mock encrypts, signs and POSTs domain events to a receiver in a child
 * process (which verifies and decrypts each one), one corp queue per corp. Reported per corp count:
 * deliveries per second from the first emitted event to the last answered one.
 *
 *   import { benchCallbacks } from './callbacks.js';
 *   const figures = await benchCallbacks();   // { runs: [{ corps, deliveries, seconds, per_second, failed }], … }
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from '../mock-server/index.js';
import { firstLine } from './first-line.js';

export interface CallbackBenchRun {
  corps: number;
  deliveries: number;
  seconds: number;
  per_second: number;
  /** Entries not delivered (must be 0). */
  failed: number;
  /** POSTs the receiver verified and decrypted (must equal deliveries). */
  opened: number;
  /** CPU time the mock process spent per delivery (user + system, µs): steadier than wall time on a busy machine. */
  mock_cpu_us_per_delivery: number;
}

export interface CallbackBenchFigures {
  name: 'callbacks';
  target_per_second: number;
  runs: CallbackBenchRun[];
  /** The best per_second of the runs. */
  per_second: number;
}

function receiverScript(): string {
  const js = fileURLToPath(new URL('./callback-receiver.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('./callback-receiver.ts', import.meta.url));
}

async function startReceiver(token: string, key: string, receiveId: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(receiverScript(), [token, key, receiveId], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return { child, url: await firstLine(child, 'callback receiver') };
}

function receiverCounts(child: ChildProcess): Promise<{ opened: number; refused: number }> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as { opened: number; refused: number }));
    child.send('counts');
  });
}

/** Runs the benchmark: `perCorp` events on each of 1 and 4 corps (defaults 5,000). */
export async function benchCallbacks(options: { perCorp?: number; corpCounts?: number[] } = {}): Promise<CallbackBenchFigures> {
  const perCorp = options.perCorp ?? 5000;
  const app = createApp({ demoCorp: false, log: () => {} });
  const runs: CallbackBenchRun[] = [];
  // One receiver for every corp: the corps share a seed-independent Token/key set below.
  const token = 'BenchToken';
  const key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  for (const corps of options.corpCounts ?? [1, 4]) {
    const list = Array.from({ length: corps }, () => app.createCorp({ scenario: 'empty' }));
    const receivers = await Promise.all(list.map((c) => startReceiver(token, key, c.corpid)));
    list.forEach((corp, i) => {
      const a = [...corp.apps.values()][0]!;
      a.callback = { url: receivers[i]!.url, token, encoding_aes_key: key };
    });
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (let n = 0; n < perCorp; n++) {
      for (const corp of list) {
        const a = [...corp.apps.values()][0]!;
        corp.events.push(corp.clock.nowMs(), { MsgType: 'text', FromUserName: 'bench', Content: `message ${n}`, MsgId: String(1e15 + n), AgentID: a.agentid });
      }
    }
    await Promise.all(list.map((c) => c.domains.callbacks.queue?.whenIdle()));
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    let failed = 0;
    for (const c of list) failed += c.domains.callbacks.outbox.filter((e) => e.state !== 'delivered').length;
    let opened = 0;
    for (const r of receivers) opened += (await receiverCounts(r.child)).opened;
    for (const r of receivers) r.child.kill();
    const deliveries = perCorp * corps;
    runs.push({
      corps,
      deliveries,
      seconds: Math.round(seconds * 1000) / 1000,
      per_second: Math.round(deliveries / seconds),
      failed,
      opened,
      mock_cpu_us_per_delivery: Math.round((used.user + used.system) / deliveries),
    });
    for (const c of list) app.registry.delete(c.corpid);
  }
  return { name: 'callbacks', target_per_second: 2000, runs, per_second: Math.max(...runs.map((r) => r.per_second)) };
}

// `node dist/bench/callbacks.js` / `npx tsx bench/callbacks.ts` runs it alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchCallbacks().then(
    (f) => {
      process.stdout.write(`${JSON.stringify(f, null, 2)}\n`);
      process.exit(0);
    },
    (e: unknown) => {
      process.stderr.write(`${String(e)}\n`);
      process.exit(1);
    },
  );
}
