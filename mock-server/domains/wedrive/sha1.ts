import { snapshotClass } from '../../core/runtime/graph.js';
/**
 * SHA-1 whose running state can be read between blocks: wedrive/file_upload_init takes, per 2 MB block,
 * the SHA-1 state after that block (the five 32-bit words, each written little-endian, as hex), and for the
 * last block the ordinary SHA-1 digest of the whole file (doc path/98004, 附录-分块累积sha说明). Node's
 * crypto hides the state, so the compression function is written out here (the SHA-1 of FIPS 180-4).
 */
export class Sha1State {
  private readonly h = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0]);
  private readonly w = new Int32Array(80);
  /** Bytes of an incomplete 64-byte chunk, kept until more arrive. */
  private readonly tail = Buffer.alloc(64);
  private tailLen = 0;
  private total = 0;

  /** Bytes hashed so far. */
  get length(): number {
    return this.total;
  }

  update(data: Buffer): this {
    this.total += data.length;
    let off = 0;
    if (this.tailLen > 0) {
      const n = Math.min(64 - this.tailLen, data.length);
      data.copy(this.tail, this.tailLen, 0, n);
      this.tailLen += n;
      off = n;
      if (this.tailLen < 64) return this;
      this.chunk(this.tail, 0);
      this.tailLen = 0;
    }
    for (; off + 64 <= data.length; off += 64) this.chunk(data, off);
    if (off < data.length) {
      data.copy(this.tail, 0, off);
      this.tailLen = data.length - off;
    }
    return this;
  }

  /** The running state as WeCom's block_sha writes it: each word little-endian, 40 hex digits. */
  stateHex(): string {
    const out = Buffer.alloc(20);
    for (let i = 0; i < 5; i++) out.writeInt32LE(this.h[i]!, i * 4);
    return out.toString('hex');
  }

  /** The SHA-1 digest of everything hashed (this object stays usable for stateHex, not for more updates). */
  digestHex(): string {
    const copy = new Sha1State();
    copy.h.set(this.h);
    const padLen = this.tailLen < 56 ? 64 : 128;
    const pad = Buffer.alloc(padLen);
    this.tail.copy(pad, 0, 0, this.tailLen);
    pad[this.tailLen] = 0x80;
    const bits = this.total * 8;
    pad.writeUInt32BE(Math.floor(bits / 0x100000000), padLen - 8);
    pad.writeUInt32BE(bits >>> 0, padLen - 4);
    for (let off = 0; off < padLen; off += 64) copy.chunk(pad, off);
    const out = Buffer.alloc(20);
    for (let i = 0; i < 5; i++) out.writeInt32BE(copy.h[i]!, i * 4);
    return out.toString('hex');
  }

  private chunk(b: Buffer, off: number): void {
    const w = this.w;
    for (let i = 0; i < 16; i++) w[i] = b.readInt32BE(off + i * 4);
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
      w[i] = (x << 1) | (x >>> 31);
    }
    const h = this.h;
    let a = h[0]!;
    let bb = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let e = h[4]!;
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (bb & c) | (~bb & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = bb ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (bb & c) | (bb & d) | (c & d);
        k = 0x8f1bbcdc | 0;
      } else {
        f = bb ^ c ^ d;
        k = 0xca62c1d6 | 0;
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]!) | 0;
      e = d;
      d = c;
      c = (bb << 30) | (bb >>> 2);
      bb = a;
      a = t;
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + bb) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0;
  }
}

/** The block_sha list of `data` cut in `blockSize` blocks (what a client sends to file_upload_init). */
export function blockShas(data: Buffer, blockSize: number): string[] {
  const s = new Sha1State();
  const out: string[] = [];
  if (data.length === 0) return [s.digestHex()];
  for (let off = 0; off < data.length; off += blockSize) {
    s.update(data.subarray(off, Math.min(off + blockSize, data.length)));
    out.push(off + blockSize >= data.length ? s.digestHex() : s.stateHex());
  }
  return out;
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(Sha1State);
