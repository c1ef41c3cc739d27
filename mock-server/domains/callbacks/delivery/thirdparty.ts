/**
 * Data events as a third-party app's provider sees them (doc path/92109, 90628, 90642): in the InfoType form sent to
 * the suite's instruction callback, member ids are the provider's ciphertext userids and customer ids the
 * provider's external_userids — the same ids the app's token reads through the API.
 */
import { customerByExternalUserid, CORP_CALLER, externalUseridFor, providerCaller } from '../../externalcontact/index.js';
import { cipherUserid } from '../../provider/index.js';
import type { Corp } from '../../types.js';

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

/**
 * An event for the data callback of an installed third-party app (the Event form, receiveid = the corp):
 * the member who sent it (`FromUserName`) and any member or customer ids, as the provider names them.
 */
export function thirdPartyAppEvent(corp: Corp, agentid: number | null, event: Record<string, unknown>): Record<string, unknown> {
  const tp = agentid === null ? undefined : corp.apps.get(agentid)?.third_party;
  if (!tp) return event;
  const out = thirdPartyFields(corp, tp.suite_id, event);
  const from = out['FromUserName'];
  // Only a member of the corp is translated (system events come from `sys`).
  if (typeof from === 'string' && corp.domains.contacts.getUser(from)) out['FromUserName'] = cipherUserid(corp, tp.provider_corpid, from);
  return out;
}
