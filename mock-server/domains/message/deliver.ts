/**
 * Recipients and delivery of app messages: touser/toparty/totag resolved against the app's visible range,
 * the per-member drop windows, the inbox entries.
 */
import { createHash } from 'node:crypto';
import { isDepartmentVisible, memberVisibility, userKey, type ContactsState, type Member } from '../contacts/index.js';
import type { AppState } from '../../core/tenancy/types.js';
import type { RecipientLists } from './rules.js';
import type { DropReason, MessageState, SentMessage, WindowName } from './state.js';
import type { QuotaName } from '../../core/pipeline/limits.js';

export interface Resolution {
  /** Valid, licensed recipients (deduplicated). */
  targets: Member[];
  invaliduser: string[];
  invalidparty: number[];
  invalidtag: number[];
  unlicensed: Member[];
}

/** Disabled (2) and departed (5) members receive nothing; they count as invalid like unknown ones. */
function canReceive(m: Member): boolean {
  return m.status === 1 || m.status === 4;
}

/**
 * Who a message/send reaches. Unknown or out-of-range ids are listed as invalid (userids lower-cased,
 * doc path/90236, 90195); members of a department include its sub-departments; a tag reaches its
 * members and departments inside the range; tags another app created are invalid for this one.
 */
export function resolveRecipients(app: AppState, c: ContactsState, lists: RecipientLists, unlicensed: Set<string>): Resolution {
  const visible = memberVisibility(app, c);
  const seen = new Set<string>();
  const targets: Member[] = [];
  const unl: Member[] = [];
  const add = (m: Member | undefined): void => {
    if (!m || !canReceive(m)) return;
    const key = userKey(m.userid);
    if (seen.has(key)) return;
    seen.add(key);
    if (unlicensed.size > 0 && unlicensed.has(key)) unl.push(m);
    else targets.push(m);
  };
  const addParty = (id: number, checkVisible: boolean): void => {
    for (const d of c.subtree(id)) {
      for (const key of c.deptMembers.get(d.id) ?? []) {
        const m = c.users.get(key);
        if (m && (!checkVisible || visible(m))) add(m);
      }
    }
  };
  const invaliduser: string[] = [];
  const invalidparty: number[] = [];
  const invalidtag: number[] = [];
  if (lists.all) {
    for (const m of c.users.values()) if (visible(m)) add(m);
    return { targets, invaliduser, invalidparty, invalidtag, unlicensed: unl };
  }
  for (const u of lists.users) {
    const m = c.getUser(u);
    if (!m || !canReceive(m) || !visible(m)) invaliduser.push(u.toLowerCase());
    else add(m);
  }
  for (const p of lists.parties) {
    if (!c.departments.has(p) || !isDepartmentVisible(app, c, p)) invalidparty.push(p);
    else addParty(p, false);
  }
  for (const t of lists.tags) {
    const tag = c.tags.get(t);
    if (!tag || (tag.owner_agentid !== undefined && tag.owner_agentid !== app.agentid)) {
      invalidtag.push(t);
      continue;
    }
    for (const key of tag.users) {
      const m = c.users.get(key);
      if (m && visible(m)) add(m);
    }
    for (const p of tag.parties) if (c.departments.has(p)) addParty(p, true);
  }
  return { targets, invaliduser, invalidparty, invalidtag, unlicensed: unl };
}

const REASON: Record<WindowName, DropReason> = {
  minute: 'member_minute_limit',
  hour: 'member_hour_limit',
  day: 'member_day_limit',
};

/**
 * Files `msg` in each member's inbox: delivered, or dropped without an error when the member's window of
 * `windows` is full (doc path/90236, 90248: excess is silently dropped).
 */
export function deliver(state: MessageState, msg: SentMessage, members: Member[], now: number, quota: QuotaName, scale: number): number {
  const prefix = `${msg.agentid}:`;
  let dropped = 0;
  for (const m of members) {
    const key = userKey(m.userid);
    const over = state.quotas.tryAdd(quota, prefix + key, now, 1, scale);
    if (over === undefined) msg.deliveredTo.add(key);
    else dropped++;
    state.addToInbox(key, { seq: state.nextSeq(), msg, delivered: over === undefined, dropped_reason: over && REASON[over], atMs: now });
  }
  return dropped;
}

/** Files a not-delivered entry (duplicate, unlicensed) for each member. */
export function fileDropped(state: MessageState, msg: SentMessage, members: Member[], now: number, reason: DropReason): void {
  for (const m of members) state.addToInbox(userKey(m.userid), { seq: state.nextSeq(), msg, delivered: false, dropped_reason: reason, atMs: now });
}

/** The fingerprint of a request body for enable_duplicate_check ("identical request JSON"). */
export function fingerprint(raw: Buffer | undefined, body: unknown): string {
  return createHash('sha1')
    .update(raw && raw.length > 0 ? raw : Buffer.from(JSON.stringify(body)))
    .digest('hex');
}
