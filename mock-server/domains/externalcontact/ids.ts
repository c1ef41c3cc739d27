/**
 * Per-caller external_userid (doc path/92109): the same customer has one id for the corp's own callers
 * (self-built apps and the customer-contact secret) and another for each service provider (all of a
 * provider's apps share it). For the corp's own callers a WeChat customer's id starts `wm`, a WeCom
 * customer's `wo` (doc path/92114); a provider's ids start `wo`.
 *
 * An id is the customer's number encrypted under a key of (corp, caller), so it is stable across calls and
 * restarts of the same seed and decodes back without an index: the large corp's 200,000 customers need no
 * table of ids, and an id another caller was given does not decode for this one.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import type { Customer, ExternalContactState } from './state.js';

/** The caller key of the corp's own apps and secrets. */
export const CORP_CALLER = 'corp';

/** The caller key of a service provider (the provider issue passes its own keys through this shape). */
export function providerCaller(providerId: string): string {
  return `provider:${providerId}`;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY = 22; // 62^22 > 2^128
const TAIL = 8;
const MAGIC = 0x57434d4b; // "WCMK"

const keys = new Map<string, Buffer>();
function keyOf(s: ExternalContactState, caller: string): Buffer {
  const k = `${s.salt}\u0000${caller}`;
  let key = keys.get(k);
  if (!key) {
    key = createHash('sha256').update(k).digest().subarray(0, 16);
    if (keys.size > 4096) keys.clear();
    keys.set(k, key);
  }
  return key;
}

function encode62(block: Buffer): string {
  let v = BigInt(`0x${block.toString('hex')}`);
  let out = '';
  for (let i = 0; i < BODY; i++) {
    out = ALPHABET[Number(v % 62n)]! + out;
    v /= 62n;
  }
  for (let i = 0; i < TAIL; i++) out += ALPHABET[block[i]! % 62]!;
  return out;
}

function decode62(body: string): Buffer | undefined {
  let v = 0n;
  for (let i = 0; i < BODY; i++) {
    const d = ALPHABET.indexOf(body[i]!);
    if (d < 0) return undefined;
    v = v * 62n + BigInt(d);
  }
  if (v >> 128n) return undefined;
  const block = Buffer.from(v.toString(16).padStart(32, '0'), 'hex');
  for (let i = 0; i < TAIL; i++) if (body[BODY + i] !== ALPHABET[block[i]! % 62]) return undefined;
  return block;
}

function prefixOf(customer: Customer, caller: string): string {
  return caller === CORP_CALLER && customer.type === 1 ? 'wm' : 'wo';
}

/** The number of customer `c<n>`. */
function numberOf(customer: Customer): number {
  return Number(customer.id.slice(1));
}

/** The external_userid `caller` sees for `customer`. */
export function externalUseridOf(s: ExternalContactState, customer: Customer, caller: string): string {
  const plain = Buffer.alloc(16);
  plain.writeUInt32BE(MAGIC, 0);
  plain.writeUIntBE(numberOf(customer), 4, 6);
  const c = createCipheriv('aes-128-ecb', keyOf(s, caller), null).setAutoPadding(false);
  return prefixOf(customer, caller) + encode62(Buffer.concat([c.update(plain), c.final()]));
}

/** The customer behind an id as `caller` sees it; another caller's id of the same customer does not resolve. */
export function customerByExternalUserid(s: ExternalContactState, id: string, caller: string): Customer | undefined {
  if (id.length !== 2 + BODY + TAIL || (id[1] !== 'm' && id[1] !== 'o') || id[0] !== 'w') return undefined;
  const block = decode62(id.slice(2));
  if (!block) return undefined;
  const d = createDecipheriv('aes-128-ecb', keyOf(s, caller), null).setAutoPadding(false);
  const plain = Buffer.concat([d.update(block), d.final()]);
  if (plain.readUInt32BE(0) !== MAGIC || plain.readUInt32BE(10) !== 0 || plain.readUInt16BE(14) !== 0) return undefined;
  const customer = s.customers.get(`c${plain.readUIntBE(4, 6)}`);
  return customer && prefixOf(customer, caller) === id.slice(0, 2) ? customer : undefined;
}

/** The opengid a mini program sees for a customer group (doc path/94822): stable per corp and group. */
export function opengidOf(s: ExternalContactState, chatId: string): string {
  return `oAAA${createHash('sha256').update(`${s.salt}\u0000opengid\u0000${chatId}`).digest('base64url').replace(/[-_]/g, 'A').slice(0, 24)}`;
}

/** The WeChat openid of a WeChat customer for the corp (doc path/92323): stable per corp and customer. */
export function openidOf(s: ExternalContactState, customer: Customer): string {
  return `oAAA${createHash('sha256').update(`${s.salt}\u0000openid\u0000${customer.id}`).digest('base64url').replace(/[-_]/g, 'A').slice(0, 24)}`;
}
