/** Checks of the customer-contact operations; each throws err('NAME'). */
import { err, found, type ErrName, type ErrOptions } from '../../core/errors/index.js';
import { userKey, type Member } from '../contacts/index.js';
import { cipherUserid, memberKeyByCipher } from '../provider/index.js';
import type { Ctx } from '../types.js';
import { CORP_CALLER, customerByExternalUserid, providerCaller } from './ids.js';
import type { CorpTag, Customer, ExternalContactState, Follow, TagGroup } from './state.js';

/** userid characters (doc path/90195), as contacts checks them. */
const USERID_PATTERN = /^[0-9A-Za-z_\-@.]{1,64}$/;

/**
 * Who may call customer contact (doc path/92109): the 客户联系 secret, or a self-built app listed as 可调用应用
 * (a corp setting). Other tokens → 48002.
 */
export function requireCustomerContact(ctx: Ctx): ExternalContactState {
  const s = ctx.corp.domains.externalcontact;
  if (ctx.secretKind === 'customer_contact') return s;
  if (ctx.secretKind === 'app' && ctx.app && s.settings.callable.has(ctx.app.agentid)) return s;
  throw err('API_FORBIDDEN');
}

/** A message's attachments (none when absent); one with neither text nor an attachment → `empty`, each operation's own code. */
export function attachmentsOf<A>(b: { text?: { content?: string } | undefined; attachments?: A[] | undefined }, empty: ErrName, opts?: ErrOptions): A[] {
  const atts = b.attachments ?? [];
  if (!b.text?.content && atts.length === 0) throw err(empty, opts);
  return atts;
}

/**
 * The caller key of ids this caller sees (doc path/92109): the app of an installed suite (a token of
 * service/get_corp_token) sees its provider's ids, shared by all of the provider's apps; every other
 * token of the corp sees the corp's own.
 */
export function callerOf(ctx: Ctx): string {
  const tp = ctx.app?.third_party;
  return tp ? providerCaller(tp.provider_corpid) : CORP_CALLER;
}

/** A member of the corp with the customer-contact feature: malformed → 40003, unknown → 60111, feature off → 84074. */
export function featureMember(ctx: Ctx, userid: string): Member {
  if (!USERID_PATTERN.test(userid)) throw err('INVALID_USERID');
  const tp = ctx.app?.third_party;
  // A third-party app names members by its provider's ciphertext userid; a plain one → 40003 (as contacts reads).
  const key = tp ? memberKeyByCipher(ctx.corp, tp.provider_corpid, userid) : undefined;
  if (tp && key === undefined) throw err('INVALID_USERID');
  const m = ctx.corp.domains.contacts.getUser(key ?? userid);
  if (!m) throw err('USERID_NOT_FOUND');
  if (!hasFeature(ctx.corp.domains.externalcontact, m)) throw err('NO_EXTERNAL_CONTACT_PERMISSION');
  return m;
}

export function hasFeature(s: ExternalContactState, m: Member): boolean {
  return !s.settings.featureOff.has(userKey(m.userid));
}

/** A customer by the caller's id: malformed or not this caller's → 40096. */
export function customerOf(ctx: Ctx, externalUserid: string): Customer {
  return found(customerByExternalUserid(ctx.corp.domains.externalcontact, externalUserid, callerOf(ctx)), 'INVALID_EXTERNAL_USERID');
}

/** The relationship of a member and a customer: none → 84061 (doc path/92114). */
export function followOf(customer: Customer, m: Member): Follow {
  return found(customer.follows.get(userKey(m.userid)), 'NOT_EXTERNAL_CONTACT');
}

/** Length in characters (code points). */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * A member's userid as the caller sees it in an answer: a third-party app (token of service/get_corp_token)
 * gets its provider's ciphertext userid (doc path/92109), everyone else the plain one. Ids that name no member
 * are answered as they are.
 */
export function userOut(ctx: Ctx, userid: string): string {
  const tp = ctx.app?.third_party;
  if (!tp) return userid;
  const m = ctx.corp.domains.contacts.getUser(userid);
  return m ? cipherUserid(ctx.corp, tp.provider_corpid, m.userid) : userid;
}

/** A member named in a request: a third-party app sends its provider's ciphertext (a plain userid finds nobody). */
export function memberIn(ctx: Ctx, userid: string): Member | undefined {
  const tp = ctx.app?.third_party;
  if (!tp) return ctx.corp.domains.contacts.getUser(userid);
  const key = memberKeyByCipher(ctx.corp, tp.provider_corpid, userid);
  return key === undefined ? undefined : ctx.corp.domains.contacts.getUser(key);
}

/** A corp tag and its group by tag id (customers' tags and corp tag writes both read it). */
export function tagOfId(s: ExternalContactState, id: string): { tag: CorpTag; group: TagGroup } | undefined {
  const tag = s.tags.get(id);
  if (!tag) return undefined;
  return { tag, group: s.tagGroups.get(tag.group_id)! };
}

/** A customer by the caller's id, or undefined (per-row checks of batch operations). */
export function customerByExternalUseridFor(ctx: Ctx, externalUserid: string): Customer | undefined {
  return customerByExternalUserid(ctx.corp.domains.externalcontact, externalUserid.trim(), callerOf(ctx));
}

/** A member named in a request whose customers are read (malformed 40003, unknown 60111); no feature check. */
export function anyMember(ctx: Ctx, userid: string): Member {
  if (!USERID_PATTERN.test(userid)) throw err('INVALID_USERID');
  const m = memberIn(ctx, userid);
  if (!m) throw err('USERID_NOT_FOUND');
  return m;
}
