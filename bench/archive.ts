/**
 * Archive benchmark: builds a message archive of 1,000,000 generated records, then measures a
 * 1,000-record pull (GetChatData's server side: render, AES, RSA of the random keys; target < 50 ms)
 * and the process memory (target < 1 GB). `node --expose-gc` gives steadier memory figures.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { MsgauditState, pullChatData } from '../mock-server/domains/msgaudit/index.js';

export interface ArchiveBenchResult {
  records: number;
  build_ms: number;
  /** First pull from seq 0 (cold random-key cache). */
  pull_first_ms: number;
  /** Median of pulls at spread seqs (cold and warm mixed). */
  pull_median_ms: number;
  rss_mb: number;
  heap_used_mb: number;
}

/** Builds 1,000,000 records (or `records`) and measures 1,000-record pulls and memory. */
export async function benchArchive(records = 1_000_000): Promise<ArchiveBenchResult> {
  const members = Array.from({ length: 200 }, (_, i) => `user${i}`);
  const users = new Map(members.map((userid) => [userid, { userid, status: 1 }]));
  const s = new MsgauditState('bench', { users, getUser: (u) => users.get(u) });
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  s.keys.push({ version: 1, pem, key: createPublicKey(pem), createdAt: 0, privatePem: undefined });
  const now = Date.now();
  let t = performance.now();
  s.generate(1, records, now - 3 * 86_400_000, now);
  const build_ms = performance.now() - t;
  t = performance.now();
  const first = pullChatData(s, now, 0, 1000);
  const pull_first_ms = performance.now() - t;
  if (first.length !== Math.min(1000, records)) throw new Error(`pulled ${first.length}`);
  const times: number[] = [];
  for (let i = 1; i <= 11; i++) {
    const seq = Math.floor((records * i) / 13);
    t = performance.now();
    pullChatData(s, now, seq, 1000);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  (globalThis as { gc?: () => void }).gc?.();
  const mem = process.memoryUsage();
  return {
    records: s.size,
    build_ms: Math.round(build_ms),
    pull_first_ms: Math.round(pull_first_ms * 10) / 10,
    pull_median_ms: Math.round(times[5]! * 10) / 10,
    rss_mb: Math.round(mem.rss / 2 ** 20),
    heap_used_mb: Math.round(mem.heapUsed / 2 ** 20),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchArchive()));
}
