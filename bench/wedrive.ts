/**
 * Bench: a 100 MB 微盘 block upload (wedrive/file_upload_init, 50 × file_upload_part of 2 MB, finish), then a
 * full download, against the built CLI in a child process. The mock appends each block to its disk store, so
 * its RSS (read from /proc, no forced GC) must grow by less than 50 MB however large the file.
 * `npm run bench` wires `benchWedriveUpload` in; `BENCH_ONLY=wedrive` runs it alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const MB = 1024 * 1024;
const BLOCK = 2 * MB;

export interface WedriveBenchResult {
  name: string;
  file_mb: number;
  blocks: number;
  upload_s: number;
  mb_per_s: number;
  download_s: number;
  rss_before_mb: number;
  rss_peak_mb: number;
  rss_growth_mb: number;
  /** The growth while the blocks were uploaded only (rss_growth_mb also spans the download). */
  rss_upload_growth_mb: number;
  sha_ok: boolean;
  ok: boolean;
}

/** Block i of the file (deterministic bytes, made when needed so the client holds one block at a time). */
function block(i: number, size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let off = 0; off < size; off += 4) b.writeUInt32LE((Math.imul(i + 1, 2654435761) ^ off) >>> 0, off);
  return b;
}

/** SHA-1 running states per block, as a client computes them (five little-endian words; the digest for the last). */
function blockShas(blocks: number): string[] {
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Uint32Array(80);
  const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;
  const out: string[] = [];
  const whole = createHash('sha1');
  for (let i = 0; i < blocks; i++) {
    const data = block(i, BLOCK);
    whole.update(data);
    if (i === blocks - 1) break;
    for (let off = 0; off < data.length; off += 64) {
      for (let t = 0; t < 16; t++) w[t] = data.readUInt32BE(off + 4 * t);
      for (let t = 16; t < 80; t++) w[t] = rotl(w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!, 1);
      let [a, b, c, d, e] = h as [number, number, number, number, number];
      for (let t = 0; t < 80; t++) {
        const f = t < 20 ? (b & c) | (~b & d) : t < 40 || t >= 60 ? b ^ c ^ d : (b & c) | (b & d) | (c & d);
        const k = t < 20 ? 0x5a827999 : t < 40 ? 0x6ed9eba1 : t < 60 ? 0x8f1bbcdc : 0xca62c1d6;
        const tmp = (rotl(a, 5) + (f >>> 0) + e + k + w[t]!) >>> 0;
        e = d;
        d = c;
        c = rotl(b, 30);
        b = a;
        a = tmp;
      }
      h[0] = (h[0]! + a) >>> 0;
      h[1] = (h[1]! + b) >>> 0;
      h[2] = (h[2]! + c) >>> 0;
      h[3] = (h[3]! + d) >>> 0;
      h[4] = (h[4]! + e) >>> 0;
    }
    const le = Buffer.alloc(20);
    h.forEach((v, j) => le.writeUInt32LE(v, 4 * j));
    out.push(le.toString('hex'));
  }
  out.push(whole.digest('hex'));
  return out;
}

/** The resident set of a process, from /proc (Linux), in MB. */
function rssOf(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

function spawnMock(cli: string, flags: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...flags, cli, '--port', '0', '--json', '--rate-limit-scale', '1000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let buf = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve({ child, url: (JSON.parse(buf.slice(0, nl)) as { url: string }).url });
    });
    child.on('exit', (code) => reject(new Error(`wecom-mock exited with ${code}`)));
  });
}

/**
 * Runs the upload twice: with Node's default heap settings (V8 grows its heap lazily, so the peak includes
 * garbage not yet collected: each 2 MB block arrives as 2.8 MB of JSON text parsed into strings), and with the
 * old generation capped at 64 MB, which shows what the mock really keeps (a retained file would not fit).
 * The target (RSS growth < 50 MB) is judged on the capped run; both numbers are reported.
 */
export async function benchWedriveUpload(cli: string, opts: { fileMb?: number } = {}): Promise<WedriveBenchResult & { default_heap: WedriveBenchResult }> {
  const fileMb = opts.fileMb ?? 100;
  const blocks = Math.ceil((fileMb * MB) / BLOCK);
  const shas = blockShas(blocks);
  const defaultHeap = await runOnce(cli, [], fileMb, blocks, shas);
  const capped = await runOnce(cli, ['--max-old-space-size=64'], fileMb, blocks, shas);
  return { ...capped, name: `${capped.name} (mock run with --max-old-space-size=64)`, default_heap: defaultHeap };
}

async function runOnce(cli: string, flags: string[], fileMb: number, blocks: number, shas: string[]): Promise<WedriveBenchResult> {
  const { child, url } = await spawnMock(cli, flags);
  const mock = { url, close: async (): Promise<void> => void child.kill() };
  const rssMb = (): number => rssOf(child.pid!);
  try {
    const post = async (path: string, body: unknown): Promise<Record<string, unknown>> =>
      (await (await fetch(`${mock.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<string, unknown>;
    const corp = (await post('/__mock/corps', { scenario: 'typical', settings: { rate_limit_scale: 1000 } })) as { corpid: string; apps: Array<{ secret: string }> };
    const tok = (await (await fetch(`${mock.url}/cgi-bin/gettoken?corpid=${corp.corpid}&corpsecret=${corp.apps[0]!.secret}`)).json()) as { access_token: string };
    const q = `?access_token=${tok.access_token}`;
    const spaceid = (await post(`/cgi-bin/wedrive/space_create${q}`, { space_name: 'bench' }))['spaceid'] as string;
    await new Promise((r) => setTimeout(r, 500));
    const before = rssMb();
    let peak = before;
    const t0 = performance.now();
    const init = await post(`/cgi-bin/wedrive/file_upload_init${q}`, { spaceid, fatherid: spaceid, file_name: 'big.bin', size: blocks * BLOCK, block_sha: shas });
    const upload_key = init['upload_key'] as string;
    for (let i = 0; i < blocks; i++) {
      const r = await post(`/cgi-bin/wedrive/file_upload_part${q}`, { upload_key, index: i + 1, file_base64_content: block(i, BLOCK).toString('base64') });
      if (r['errcode'] !== 0) throw new Error(`part ${i + 1}: ${JSON.stringify(r)}`);
      peak = Math.max(peak, rssMb());
      if (process.env['BENCH_TRACE']) process.stderr.write(`${rssMb()} `);
    }
    const fin = await post(`/cgi-bin/wedrive/file_upload_finish${q}`, { upload_key });
    const uploadPeak = Math.max(peak, rssMb());
    const uploadS = (performance.now() - t0) / 1000;
    const fileid = fin['fileid'] as string;
    const info = (await post(`/cgi-bin/wedrive/file_info${q}`, { fileid }))['file_info'] as { sha: string; file_size: number };
    const dl = await post(`/cgi-bin/wedrive/file_download${q}`, { fileid });
    const t1 = performance.now();
    const res = await fetch(dl['download_url'] as string, { headers: { cookie: `${String(dl['cookie_name'])}=${String(dl['cookie_value'])}` } });
    let got = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      got += chunk.length;
      peak = Math.max(peak, rssMb());
    }
    const downloadS = (performance.now() - t1) / 1000;
    const growth = Math.round((peak - before) * 10) / 10;
    const shaOk = info.sha === shas[shas.length - 1] && info.file_size === blocks * BLOCK && got === blocks * BLOCK;
    return {
      name: `wedrive block upload of ${fileMb} MB`,
      file_mb: fileMb,
      blocks,
      upload_s: Math.round(uploadS * 100) / 100,
      mb_per_s: Math.round((fileMb / uploadS) * 10) / 10,
      download_s: Math.round(downloadS * 100) / 100,
      rss_before_mb: before,
      rss_peak_mb: peak,
      rss_growth_mb: growth,
      rss_upload_growth_mb: Math.round((uploadPeak - before) * 10) / 10,
      sha_ok: shaOk,
      ok: shaOk && growth < 50,
    };
  } finally {
    await mock.close();
  }
}
