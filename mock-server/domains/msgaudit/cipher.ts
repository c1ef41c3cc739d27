/**
 * wecom-mock's archive cipher (WeCom's symmetric cipher is undocumented; reference §8.1). The random key
 * is 32 ASCII letters/digits, RSA PKCS#1 v1.5 encrypted with the corp's public key; the message is
 * IV(16) ‖ AES-256-CBC(key = the 32 random-key bytes, PKCS#7). The SDK stand-in holds the other half.
 */
import { constants, createCipheriv, createHmac, publicEncrypt, type KeyObject } from 'node:crypto';
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
  const r = new Rng(`iv:${seq}`);
  const iv = Buffer.alloc(16);
  for (let i = 0; i < 16; i += 4) iv.writeUInt32BE(r.nextUint32(), i);
  const c = createCipheriv('aes-256-cbc', Buffer.from(randomKey, 'latin1'), iv);
  return Buffer.concat([iv, c.update(json, 'utf8'), c.final()]).toString('base64');
}
