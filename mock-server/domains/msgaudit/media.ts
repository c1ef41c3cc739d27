/**
 * Archive media: nothing is stored per file. An sdkfileid names (kind, size, seed) and carries an HMAC of
 * the corp's archive secret, so the mock recognises its own ids and refuses forged ones; the bytes are an
 * AES-128-CTR keystream of the seed, so any chunk is produced on demand, byte-identical every time.
 */
import { createCipheriv, createHash, createHmac, hash } from 'node:crypto';

export interface MediaId {
  kind: string;
  size: number;
  seed: number;
}

/** Zero bytes the keystream is drawn over (small files, no allocation). */
const ZEROS = Buffer.alloc(1 << 16);

const mac = (secret: Buffer, body: string) => createHmac('sha256', secret).update(`media:${body}`).digest('base64url').slice(0, 22);

/** The sdkfileid of a file (base64, as WeCom's look). */
export function encodeSdkFileId(secret: Buffer, m: MediaId): string {
  const body = `${m.kind}|${m.size}|${m.seed}`;
  return Buffer.from(`${body}|${mac(secret, body)}`, 'utf8').toString('base64');
}

/** The file an sdkfileid names, or undefined when it is not one this archive issued. */
export function decodeSdkFileId(secret: Buffer, id: string): MediaId | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(id)) return undefined;
  const parts = Buffer.from(id, 'base64').toString('utf8').split('|');
  if (parts.length !== 4) return undefined;
  const [kind, size, seed, tag] = parts as [string, string, string, string];
  if (!/^\d+$/.test(size) || !/^\d+$/.test(seed)) return undefined;
  if (mac(secret, `${kind}|${size}|${seed}`) !== tag) return undefined;
  return { kind, size: Number(size), seed: Number(seed) };
}

/** Bytes [start, end) of the file. */
export function mediaBytes(secret: Buffer, m: MediaId, start: number, end: number): Buffer {
  // The keystream key: the secret's first 8 bytes and the seed (the bytes only need to be repeatable).
  const key = Buffer.alloc(16);
  secret.copy(key, 0, 0, 8);
  key.writeDoubleBE(m.seed, 8);
  const block = Math.floor(start / 16);
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(Math.floor(block / 2 ** 32) >>> 0, 8);
  iv.writeUInt32BE(block >>> 0, 12);
  const skip = start - block * 16;
  const c = createCipheriv('aes-128-ctr', key, iv);
  const n = end - start + skip;
  return c.update(n <= ZEROS.length ? ZEROS.subarray(0, n) : Buffer.alloc(n)).subarray(skip);
}

/** md5 (hex) of the whole file. */
export function mediaMd5(secret: Buffer, m: MediaId): string {
  if (m.size <= ZEROS.length) return hash('md5', mediaBytes(secret, m, 0, m.size), 'hex');
  const h = createHash('md5');
  const step = 1 << 20;
  for (let at = 0; at < m.size; at += step) h.update(mediaBytes(secret, m, at, Math.min(m.size, at + step)));
  return h.digest('hex');
}
