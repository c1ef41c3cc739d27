/** Second-factor codes (二次验证, doc path/99499): issued when a member signs in, exchanged by auth/get_tfa_info. */
import { LIMITS } from '../../../../spec/generated/limits.js';
import type { Rng } from '../../../core/runtime/rng.js';
import { ContactsState, userKey } from '../state.js';
import { drawUnused } from '../../../core/runtime/rng.js';

/**
 * Issues the `code` WeCom appends to the corp's verification page when a member signs in (OAuth and
 * simulation domains call it). Good once, for the OAuth code lifetime (5 minutes).
 */
export function issueTfaCode(c: ContactsState, userid: string, nowMs: number, rng: Rng): string {
  const code = drawUnused(() => rng.string(32), c.tfaCodes);
  c.tfaCodes.set(code, { key: userKey(userid), expiresAtMs: nowMs + LIMITS.lifetime.oauth_code_lifetime.seconds * 1000 });
  return code;
}
