import { err, type WeComError } from '../errors/index.js';
import type { CorpRegistry } from '../tenancy/registry.js';
import type { CorpState, TokenRecord } from '../tenancy/types.js';
import type { ThirdPartyToken } from '../tenancy/thirdparty.js';
import type { ParsedQuery } from './query.js';

export type AuthResult<D> = { ok: true; corp: CorpState<D>; token: TokenRecord } | { ok: false; error: WeComError };

/**
 * access_token from the query string only (a header or body token is ignored → 41001); unknown → 40014;
 * expired → 42001 (doc path/91039; errcodes 41001, 40014, 42001 in doc path/90313). Runs before any parameter check.
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
    if (rec) return registry.get(rec.corpid);
  }
  // Third-party tokens are journaled under the provider's corp.
  const tp = q.values['suite_access_token'] ?? q.values['provider_access_token'] ?? token;
  if (tp !== undefined) {
    const rec = registry.thirdPartyTokens.get(tp);
    return rec ? registry.get(rec.provider_corpid) : undefined;
  }
  const corpid = q.values['corpid'];
  return corpid !== undefined ? registry.get(corpid) : undefined;
}

export type ThirdPartyAuthResult<D> =
  | { ok: true; corp: CorpState<D> | undefined; token: ThirdPartyToken }
  | { ok: false; error: WeComError; corp?: CorpState<D> | undefined };

/**
 * suite_access_token / provider_access_token from the query only (doc path/90600, 91200). A suite token:
 * missing → 41022, unknown → 40082, expired → 42009. A provider token (query `provider_access_token`, or
 * `access_token` as service/get_login_info takes it): missing → 41001, unknown → 40014, expired → 42001.
 * A token of another kind (a corp access_token, a suite token where a provider token is needed…) → 40014.
 */
export function authenticateThirdPartyToken<D>(registry: CorpRegistry<D>, q: ParsedQuery, kind: 'suite' | 'provider'): ThirdPartyAuthResult<D> {
  const names = kind === 'suite' ? ['suite_access_token'] : ['provider_access_token', 'access_token'];
  const name = names.find((n) => q.values[n] !== undefined);
  const token = name === undefined ? undefined : q.values[name];
  if (token === undefined || name === undefined) return { ok: false, error: err(kind === 'suite' ? 'SUITE_ACCESS_TOKEN_MISSING' : 'ACCESS_TOKEN_MISSING') };
  if (q.doubled?.includes(name)) return { ok: false, error: err('INVALID_ACCESS_TOKEN') };
  const rec = registry.thirdPartyTokens.get(token);
  if (!rec) {
    // A token of another kind: WeCom's errcode 40014; a suite token nobody issued: 40082.
    const otherKind = registry.tokens.has(token);
    return { ok: false, error: err(kind === 'suite' && !otherKind ? 'INVALID_SUITE_TOKEN' : 'INVALID_ACCESS_TOKEN') };
  }
  const corp = registry.get(rec.provider_corpid);
  if (rec.kind !== kind) return { ok: false, error: err('INVALID_ACCESS_TOKEN'), corp };
  if (!corp || rec.expiresAtMs <= corp.clock.nowMs()) {
    return { ok: false, error: err(kind === 'suite' ? 'SUITE_ACCESS_TOKEN_EXPIRED' : 'ACCESS_TOKEN_EXPIRED'), corp };
  }
  return { ok: true, corp, token: rec };
}
