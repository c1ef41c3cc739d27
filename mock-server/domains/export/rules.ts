import { createCipheriv, createHash } from 'node:crypto';
import { err } from '../../core/errors/index.js';
import { aesKeyFromEncodingAesKey, PKCS7_BLOCK_SIZE } from '../../core/crypto/wxbizmsgcrypt.js';
import type { AppState } from '../../core/tenancy/types.js';
import type { Ctx } from '../types.js';

/**
 * Who may export: the contacts-sync secret (the whole directory) and apps (their visible range; WeCom:
 * "仅会返回有权限的人员列表", doc path/94850). Other system secrets answer 48002 (WeCom's code for a secret
 * that may not call an API; the exact answer is undocumented).
 */
export function requireExporter(ctx: Ctx): { caller: string; app: AppState | undefined } {
  if (ctx.secretKind === 'contacts') return { caller: 'contacts', app: undefined };
  if (ctx.secretKind === 'app' && ctx.app) return { caller: `app:${ctx.app.agentid}`, app: ctx.app };
  throw err('API_FORBIDDEN');
}

/** Splits rows into blocks of at most `size` (at least one block, possibly empty). */
export function blocks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out.length > 0 ? out : [[]];
}

/**
 * The ciphertext of one export block: AES-256-CBC with key = base64-decode(encoding_aeskey + "="), IV = the
 * key's first 16 bytes, PKCS#7 padding to a multiple of 32 bytes (doc path/94850; the padding and key rule
 * of WeCom's callback crypto, doc path/90968). The plaintext is the block's JSON, nothing prepended.
 */
export function encryptBlock(plain: Buffer, encodingAesKey: string): Buffer {
  const key = aesKeyFromEncodingAesKey(encodingAesKey);
  const pad = PKCS7_BLOCK_SIZE - (plain.length % PKCS7_BLOCK_SIZE);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]);
}

export function md5Hex(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}
