/**
 * Ciphertext userids of third-party apps (doc path/95884; the 40003 note "第三方应用则需要使用密文userid"):
 * the app of an installed suite sees every member of the corp under an id of its provider, and must send
 * that id back. The id is `woAJ` + 28 characters of an HMAC keyed by the corp's contacts secret (mock state
 * no provider knows) over (provider corpid, userid): deterministic for a seed, stable, different for every
 * provider and every corp, and not reversible from outside. The reverse index is kept per corp and provider,
 * built on first use and rebuilt when an id is not found (new or renamed members).
 */
import { createHmac } from 'node:crypto';
import type { Corp } from '../types.js';

/** Anything with a userid (a contacts Member). */
interface HasUserid {
  userid: string;
}

/** corp → provider corpid → ciphertext → member key (lower-cased userid). */
const indexes = new WeakMap<Corp, Map<string, Map<string, string>>>();

/** The ciphertext userid the provider's apps see for `userid` of `corp`. */
export function cipherUserid(corp: Corp, providerCorpid: string, userid: string): string {
  const d = createHmac('sha256', corp.secrets.contacts)
    .update(`cipher_userid\0${corp.corpid}\0${providerCorpid}\0${userid.toLowerCase()}`)
    .digest('base64url');
  return `woAJ${d.replace(/[-_]/g, 'A').slice(0, 28)}`;
}

function rebuild(corp: Corp, providerCorpid: string): Map<string, string> {
  let perProvider = indexes.get(corp);
  if (!perProvider) indexes.set(corp, (perProvider = new Map()));
  const index = new Map<string, string>();
  for (const [key, m] of corp.domains.contacts.users) index.set(cipherUserid(corp, providerCorpid, m.userid), key);
  perProvider.set(providerCorpid, index);
  return index;
}

/** The member behind a provider's ciphertext userid, or undefined (a plain userid, another provider's id, unknown). */
export function memberKeyByCipher(corp: Corp, providerCorpid: string, cipher: string): string | undefined {
  if (!cipher.startsWith('woAJ')) return undefined;
  const cached = indexes.get(corp)?.get(providerCorpid)?.get(cipher);
  if (cached !== undefined && corp.domains.contacts.users.has(cached)) return cached;
  const key = rebuild(corp, providerCorpid).get(cipher);
  return key !== undefined && corp.domains.contacts.users.has(key) ? key : undefined;
}

/** The ciphertext of a member for a provider (helper for views). */
export function cipherOf(corp: Corp, providerCorpid: string, m: HasUserid): string {
  return cipherUserid(corp, providerCorpid, m.userid);
}
