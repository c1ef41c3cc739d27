/**
 * Per-caller external_userid (doc path/92109): the same customer has one id for the corp's own callers
 * (self-built apps and the customer-contact secret) and another for each service provider (all of a
 * provider's apps share it). Ids are derived from the corp, the customer and the caller key, so they are
 * stable across calls and restarts of the same seed; `wm` for the corp's own callers, `wo` for providers.
 */
import { createHash } from 'node:crypto';
import type { Customer, ExternalContactState } from './state.js';

/** The caller key of the corp's own apps and secrets. */
export const CORP_CALLER = 'corp';

/** The caller key of a service provider (the provider issue passes its own keys through this shape). */
export function providerCaller(providerId: string): string {
  return `provider:${providerId}`;
}

/** The external_userid `caller` sees for `customer` (registered so it can be looked up back). */
export function externalUseridOf(s: ExternalContactState, customer: Customer, caller: string): string {
  const k = `${customer.id}\u0000${caller}`;
  const known = s.idOf.get(k);
  if (known) return known;
  const digest = createHash('sha256').update(`${s.salt}\u0000${k}`).digest('base64url').replace(/[-_]/g, 'A').slice(0, 30);
  const id = `${caller === CORP_CALLER ? 'wm' : 'wo'}${digest}`;
  s.idOf.set(k, id);
  s.idIndex.set(id, { customerId: customer.id, caller });
  return id;
}

/** The customer behind an id as `caller` sees it; another caller's id of the same customer does not resolve. */
export function customerByExternalUserid(s: ExternalContactState, id: string, caller: string): Customer | undefined {
  const hit = s.idIndex.get(id);
  if (!hit || hit.caller !== caller) return undefined;
  return s.customers.get(hit.customerId);
}

/** The opengid a mini program sees for a customer group (doc path/94822): stable per corp and group. */
export function opengidOf(s: ExternalContactState, chatId: string): string {
  return `oAAA${createHash('sha256').update(`${s.salt}\u0000opengid\u0000${chatId}`).digest('base64url').replace(/[-_]/g, 'A').slice(0, 24)}`;
}

/** The WeChat openid of a WeChat customer for the corp (doc path/92323): stable per corp and customer. */
export function openidOf(s: ExternalContactState, customer: Customer): string {
  return `oAAA${createHash('sha256').update(`${s.salt}\u0000openid\u0000${customer.id}`).digest('base64url').replace(/[-_]/g, 'A').slice(0, 24)}`;
}
