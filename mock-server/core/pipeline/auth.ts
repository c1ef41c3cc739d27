import { err, type WeComError } from '../errors/index.js';
import type { CorpRegistry } from '../tenancy/registry.js';
import type { CorpState, TokenRecord } from '../tenancy/types.js';
import type { ParsedQuery } from './query.js';

export type AuthResult<D> = { ok: true; corp: CorpState<D>; token: TokenRecord } | { ok: false; error: WeComError };

/**
 * access_token from the query string only (a header or body token is ignored → 41001); unknown → 40014;
 * expired → 42001 (reference §0, §1.1). Runs before any parameter check.
 */
export function authenticateAccessToken<D>(registry: CorpRegistry<D>, q: ParsedQuery): AuthResult<D> {
  const token = q.values['access_token'];
  if (token === undefined) return { ok: false, error: err('ACCESS_TOKEN_MISSING') };
  // Two access_token parameters: WeCom's answer is unknown; we refuse the call as an invalid token.
  if (q.doubled?.includes('access_token')) return { ok: false, error: err('INVALID_ACCESS_TOKEN') };
  const rec = registry.tokens.get(token);
  const corp = rec ? registry.get(rec.corpid) : undefined;
  if (!rec || !corp) return { ok: false, error: err('INVALID_ACCESS_TOKEN') };
  if (rec.expiresAtMs <= corp.clock.nowMs()) return { ok: false, error: err('ACCESS_TOKEN_EXPIRED') };
  return { ok: true, corp, token: rec };
}

/** The corp a request belongs to, for the journal and fault rules (no validation). */
export function identifyCorp<D>(registry: CorpRegistry<D>, q: ParsedQuery): CorpState<D> | undefined {
  const token = q.values['access_token'];
  if (token !== undefined) {
    const rec = registry.tokens.get(token);
    return rec ? registry.get(rec.corpid) : undefined;
  }
  const corpid = q.values['corpid'];
  return corpid !== undefined ? registry.get(corpid) : undefined;
}
