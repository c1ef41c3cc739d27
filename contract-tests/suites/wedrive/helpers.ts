/** Shared setup of the 微盘 suites: a fresh corp, its app token, a space of the app's own. */
import { createHash } from 'node:crypto';
import type { Target, TestCorp } from '../../harness/target.js';
import { appCorp, call } from '../../harness/client.js';

export interface DriveCorp {
  corp: TestCorp;
  token: string;
  users: string[];
  /** A new, empty space created by the corp's app. */
  space(name?: string): Promise<string>;
}

export async function driveCorp(target: Target, options: Parameters<Target['newCorp']>[0] = {}): Promise<DriveCorp> {
  const app = await appCorp(target, options);
  return {
    ...app,
    space: async (name = '测试空间') => {
      const r = await call(target, 'wedrive_space_create', { token: app.token, body: { space_name: name } });
      if (r.errcode !== 0) throw new Error(`space_create answered ${r.errcode}`);
      return r.json!['spaceid'] as string;
    },
  };
}

/**
 * What a client sends as file_upload_init's block_sha (doc path/98004, 附录-分块累积sha说明), computed here
 * independently of the mock: per block the SHA-1 state after it (five words, each little-endian, hex),
 * for the last block the SHA-1 digest (from node:crypto).
 */
export function clientBlockShas(data: Buffer, blockSize: number): string[] {
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Uint32Array(80);
  const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;
  const compress = (off: number): void => {
    for (let t = 0; t < 16; t++) w[t] = data.readUInt32BE(off + 4 * t);
    for (let t = 16; t < 80; t++) w[t] = rotl(w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!, 1);
    let [a, b, c, d, e] = h as [number, number, number, number, number];
    for (let t = 0; t < 80; t++) {
      const [f, k] = t < 20 ? [(b & c) | (~b & d), 0x5a827999] : t < 40 ? [b ^ c ^ d, 0x6ed9eba1] : t < 60 ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc] : [b ^ c ^ d, 0xca62c1d6];
      const tmp = (rotl(a, 5) + (f >>> 0) + e + k + w[t]!) >>> 0;
      [e, d, c, b, a] = [d, c, rotl(b, 30), a, tmp];
    }
    [a, b, c, d, e].forEach((v, i) => (h[i] = (h[i]! + v) >>> 0));
  };
  const out: string[] = [];
  for (let off = 0; off < data.length; off += blockSize) {
    const end = Math.min(off + blockSize, data.length);
    if (end === data.length) {
      out.push(createHash('sha1').update(data).digest('hex'));
      break;
    }
    // Blocks are 2 MB, a multiple of SHA-1's 64-byte chunks: the state after a block is exact.
    for (let p = off; p < end; p += 64) compress(p);
    const le = Buffer.alloc(20);
    h.forEach((v, i) => le.writeUInt32LE(v, 4 * i));
    out.push(le.toString('hex'));
  }
  return out.length ? out : [createHash('sha1').update(data).digest('hex')];
}
