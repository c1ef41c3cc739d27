/** Checks of the service-provider operations: each throws WeCom's errcode (doc path/90600–90606, 91200; codes in doc path/90313). */
import { err } from '../../core/errors/index.js';
import type { SuiteAuth, SuiteTenant } from '../../core/tenancy/thirdparty.js';
import type { PublicCtx } from '../types.js';
import { providerCorp } from './state.js';

/** The suite of the accepted suite_access_token (its provider corp still there). */
export function callerSuite(ctx: PublicCtx): SuiteTenant {
  const suite = ctx.thirdParty ? ctx.registry.suites.get(ctx.thirdParty.owner) : undefined;
  // The token outlived its suite (the provider corp was deleted): an unknown suite token.
  if (!suite || !ctx.registry.get(suite.provider_corpid)) throw err('INVALID_SUITE_TOKEN');
  return suite;
}

/** The live authorization of (auth_corpid, permanent_code): unknown corp → 40013; otherwise a wrong, reset or cancelled code → 40084. */
export function authByPermanentCode(ctx: PublicCtx, suite: SuiteTenant, corpid: string, code: string): SuiteAuth {
  const auth = suite.auths.get(corpid);
  if (!auth && !ctx.registry.get(corpid)) throw err('INVALID_CORPID');
  if (!auth || auth.cancelled || auth.permanent_code !== code) throw err('INVALID_PERMANENT_CODE');
  return auth;
}

export function nowMs(ctx: PublicCtx, suite: SuiteTenant): number {
  return providerCorp(ctx.registry, suite).clock.nowMs();
}
