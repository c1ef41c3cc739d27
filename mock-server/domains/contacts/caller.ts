/**
 * How a caller sees the directory, shared by the sub-areas' handlers: ids as a third-party app sees them
 * (its provider's ciphertext userids) and what an app may name in a tag or an invitation (its visible range).
 */
import { cipherUserid, memberKeyByCipher, openUseridFor } from '../provider/index.js';
import { err } from '../../core/errors/index.js';
import type { AppState } from '../../core/tenancy/types.js';
import { type Ctx } from '../types.js';
import { memberVisibility, visibleRoots } from './rules.js';
import { ContactsState, type Member } from './state.js';

/**
 * A third-party app sees its provider's ciphertext userid (doc path/92109, 95884), that id again in place of
 * the name, and its provider's open_userid.
 */
export function thirdPartyNames(ctx: Ctx, app: AppState, m: Member): { userid: string; name: string; open_userid: string } {
  const provider = app.third_party!.provider_corpid;
  const cipher = cipherUserid(ctx.corp, provider, m.userid);
  return { userid: cipher, name: cipher, open_userid: openUseridFor(provider, ctx.corp.corpid, m.userid) };
}

/** A userid as this caller sees it: the provider's ciphertext for a third-party app, else as stored. */
export function useridOut(ctx: Ctx, app: AppState | undefined, userid: string): string {
  const tp = app?.third_party;
  if (!tp) return userid;
  // A leader or member id that names nobody any more is passed through unchanged (the mock keeps no dangling ids).
  const m = ctx.corp.domains.contacts.getUser(userid);
  return m ? cipherUserid(ctx.corp, tp.provider_corpid, m.userid) : userid;
}

/**
 * A userid a caller sent, as stored. Third-party apps must send their provider's ciphertext userid; a plain
 * userid (or another provider's ciphertext) answers 40003 invalid userid — WeCom's 40003 note says
 * "第三方应用则需要使用密文userid" (doc path/92109), so the id is malformed for this caller rather than unknown.
 */
export function useridIn(ctx: Ctx, app: AppState | undefined, userid: unknown): unknown {
  const tp = app?.third_party;
  if (!tp || typeof userid !== 'string' || userid === '') return userid;
  const key = memberKeyByCipher(ctx.corp, tp.provider_corpid, userid);
  if (key === undefined) throw err('INVALID_USERID');
  return ctx.corp.domains.contacts.users.get(key)!.userid;
}

/** The predicates of what a caller may put in a tag or an invitation. */
export function visibility(app: AppState | undefined, c: ContactsState) {
  if (!app) return { member: () => true, department: () => true };
  const member = memberVisibility(app, c);
  const roots = visibleRoots(app, c);
  return { member, department: (id: number) => roots.some((r) => c.isWithin(id, r)) };
}
