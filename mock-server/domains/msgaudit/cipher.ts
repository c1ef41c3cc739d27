/**
 * wecom-mock's archive cipher (WeCom's symmetric cipher is undocumented; doc path/91774). The random key
 * is 32 ASCII letters/digits, RSA PKCS#1 v1.5 encrypted with the corp's public key; the message is
 * IV(16) ‖ AES-256-CBC(key = the 32 random-key bytes, PKCS#7). The SDK stand-in holds the other half.
 */
import { constants, createCipheriv, createDecipheriv, createHmac, publicEncrypt, type Cipher, type KeyObject } from 'node:crypto';
import { Rng } from '../../core/runtime/rng.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The random key of a group of records: 32 letters/digits derived from the archive secret. */
export function randomKeyFor(secret: Buffer, group: number): string {
  const h = createHmac('sha256', secret).update(`rk:${group}`).digest();
  let out = '';
  for (let i = 0; i < 32; i++) out += ALNUM[h[i]! % ALNUM.length];
  return out;
}

/** base64 of the RSA PKCS#1 v1.5 encryption of the random key. */
export function encryptRandomKey(publicKey: KeyObject, randomKey: string): string {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(randomKey, 'latin1')).toString('base64');
}

/** base64(IV ‖ AES-256-CBC(json)); the IV is drawn from the seq so a record always encrypts alike. */
export function encryptMessage(randomKey: string, seq: number, json: string): string {
  const iv = ivFor(seq);
  const c = createCipheriv('aes-256-cbc', Buffer.from(randomKey, 'latin1'), iv);
  return Buffer.concat([iv, c.update(json, 'utf8'), c.final()]).toString('base64');
}

/** The IV of record `seq` (drawn from the seq so a record always encrypts alike). */
export function ivFor(seq: number, into: Buffer = Buffer.alloc(16), at = 0): Buffer {
  const r = new Rng(`iv:${seq}`);
  for (let i = 0; i < 16; i += 4) into.writeUInt32BE(r.nextUint32(), at + i);
  return into;
}

/**
 * Encrypts consecutive records of one key group with one AES context: the same bytes as
 * `encryptMessage`, record by record. CBC is continued across records; before each record a bridge block
 * X = AES⁻¹(IV) ⊕ (previous ciphertext block) is fed, whose ciphertext is exactly the record's IV, so the
 * output from there on is IV ‖ AES-256-CBC(IV, json) with PKCS#7 padding (added here). The IVs of the
 * group are decrypted in one ECB call. Saves the per-record cipher set-up (the costly part of a pull).
 */
export class GroupCipher {
  private readonly enc: Cipher;
  private readonly bridges: Buffer;
  private prev: Buffer;
  private scratch = Buffer.allocUnsafe(4096);

  /** `first`: the first seq to be encrypted; `count`: how many consecutive seqs may follow. */
  constructor(
    key: Buffer,
    private readonly first: number,
    count: number,
  ) {
    const ivs = Buffer.allocUnsafe(16 * count);
    for (let k = 0; k < count; k++) ivFor(first + k, ivs, 16 * k);
    const dec = createDecipheriv('aes-256-ecb', key, null);
    dec.setAutoPadding(false);
    this.bridges = dec.update(ivs);
    this.prev = Buffer.alloc(16);
    this.enc = createCipheriv('aes-256-cbc', key, this.prev);
    this.enc.setAutoPadding(false);
  }

  /** base64(IV ‖ AES-256-CBC(json)) of record `seq` (seqs in increasing order, within the group). */
  encrypt(seq: number, json: string): string {
    const need = 32 + json.length * 3;
    if (this.scratch.length < need) this.scratch = Buffer.allocUnsafe(Math.max(need, this.scratch.length * 2));
    const buf = this.scratch;
    const len = buf.write(json, 16, 'utf8');
    const pad = 16 - (len % 16);
    const total = 16 + len + pad;
    buf.fill(pad, 16 + len, total);
    const b = 16 * (seq - this.first);
    const prev = this.prev;
    for (let i = 0; i < 16; i++) buf[i] = this.bridges[b + i]! ^ prev[i]!;
    const out = this.enc.update(buf.subarray(0, total));
    this.prev = out.subarray(total - 16, total);
    return out.toString('base64');
  }
}
