/** Who may change or read a tag, and tag names (developer.work.weixin.qq.com/document/path/90210). */
import { err } from '../../../core/errors/index.js';
import type { AppState } from '../../../core/tenancy/types.js';
import { LIMITS } from '../../../../spec/generated/limits.js';
import type { Ctx } from '../../types.js';
import { charLength, isStr, wrongType } from '../rules.js';
import { ContactsState, type Tag } from '../state.js';

const B = LIMITS.bound;

/**
 * Who may change tags: the contacts-sync secret, and apps — a tag belongs to the app that created it and
 * only that app may change it (81011, doc path/90210); console / contacts-sync tags belong to no app.
 * Returns the calling app's agentid (undefined for contacts sync).
 */
export function requireTagWriter(ctx: Ctx): number | undefined {
  if (ctx.secretKind === 'contacts') return undefined;
  if (ctx.secretKind === 'app' && ctx.app) return ctx.app.agentid;
  throw err('API_FORBIDDEN');
}

/** The tag, if the writer owns it: unknown → 40068, someone else's → 81011. */
export function ownedTag(c: ContactsState, tagid: number, owner: number | undefined): Tag {
  const t = c.tags.get(tagid);
  if (!t) throw err('INVALID_TAGID');
  if (t.owner_agentid !== owner) throw err('TAG_NO_PRIVILEGE');
  return t;
}

/**
 * May `app` read tag `t`? tag/get's permission is "无限制" for self-built apps, the answer holding only members
 * inside the app's visible range (developer.work.weixin.qq.com/document/path/90213); a third-party app reads the
 * tags it created and the tags of its visible range (the same page), never another app's tag. Only writes need
 * the creator (81011, ownedTag).
 */
export function mayReadTag(t: Tag, app: AppState | undefined): boolean {
  return !app?.third_party || t.owner_agentid === undefined || t.owner_agentid === app.agentid;
}

/** A tag an app may read (mayReadTag); unknown → 40068, another app's tag from a third-party app → 81011. */
export function readableTag(c: ContactsState, tagid: number, app: AppState | undefined): Tag {
  const t = c.tags.get(tagid);
  if (!t) throw err('INVALID_TAGID');
  if (!mayReadTag(t, app)) throw err('TAG_NO_PRIVILEGE');
  return t;
}

/** Tag names: 1–32 characters (40072 when empty or longer, doc path/90210). */
export function checkTagName(v: unknown): string {
  if (v === undefined) throw err('TAG_NAME_MISSING');
  if (!isStr(v)) wrongType('tagname', 'string');
  if (v.trim().length === 0 || charLength(v) > B.tag_name_length.max) throw err('INVALID_TAG_NAME_LENGTH');
  return v;
}
