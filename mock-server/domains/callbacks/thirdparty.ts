/**
 * Data events as a third-party app's provider sees them (reference §4.6, §7.8): in the InfoType form sent to
 * the suite's instruction callback, member ids are the provider's ciphertext userids and customer ids the
 * provider's external_userids — the same ids the app's token reads through the API.
 */
import { customerByExternalUserid, CORP_CALLER, externalUseridFor, providerCaller } from '../externalcontact/index.js';
import { cipherUserid } from '../service/index.js';
import type { Corp } from '../types.js';

const MEMBER_FIELDS = ['UserID', 'NewUserID'] as const;

/** The provider corpid of the suite installed in `corp`, if any. */
function providerOf(corp: Corp, suiteId: string): string | undefined {
  for (const app of corp.apps.values()) if (app.third_party?.suite_id === suiteId) return app.third_party.provider_corpid;
  return undefined;
}

/** `fields` with its member and customer ids translated for the suite's provider (instructions are left alone). */
export function thirdPartyFields(corp: Corp, suiteId: string, fields: Record<string, unknown>): Record<string, unknown> {
  const provider = providerOf(corp, suiteId);
  if (provider === undefined) return fields;
  const out = { ...fields };
  for (const f of MEMBER_FIELDS) {
    const v = out[f];
    if (typeof v === 'string' && v !== '') out[f] = cipherUserid(corp, provider, v);
  }
  const ext = out['ExternalUserID'];
  if (typeof ext === 'string' && ext !== '') {
    const customer = customerByExternalUserid(corp.domains.externalcontact, ext, CORP_CALLER);
    if (customer) out['ExternalUserID'] = externalUseridFor(corp, customer, providerCaller(provider));
  }
  return out;
}
