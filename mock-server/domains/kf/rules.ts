/** Checks of 微信客服 (kf) that answer WeCom's errcodes. */
import { LIMITS } from '../../../spec/generated/limits.js';
import { err, invalidParameter } from '../../core/errors/index.js';
import { areaState } from '../../core/tenancy/access.js';
import { userKey } from '../contacts/index.js';
import type { Corp, Ctx } from '../types.js';
import type { KfAccount, KfSession, KfState, ServiceState } from './state.js';

export const KF_AREA = 'kf';

/**
 * The 微信客服 system secret or a self-built app listed as 可调用接口的应用 (doc path/94662 权限说明); others are
 * refused with 48002 api forbidden (WeCom names no code of its own for it).
 */
export function requireKf(ctx: Ctx): KfState {
  return areaState(ctx, 'kf', KF_AREA);
}

/** A live account: deleted → 95004 客服账号不存在, never issued or malformed → 95000 (errcodes 95004, 95000). */
export function accountOf(s: KfState, open_kfid: string): KfAccount {
  const a = s.accounts.get(open_kfid);
  if (a) return a;
  throw err(s.deleted.has(open_kfid) ? 'KF_ACCOUNT_NOT_FOUND' : 'INVALID_OPEN_KFID');
}

/** Account names are 1–16 characters (doc path/94662; 95006 otherwise). */
export function checkName(name: string): string {
  const n = [...name.trim()].length;
  if (n === 0 || n > 16) throw err('INVALID_KF_ACCOUNT_NAME');
  return name.trim();
}

/** The avatar must be a live image media of the corp (40007 otherwise). */
export function checkAvatar(corp: Corp, media_id: string, nowMs: number): void {
  const m = corp.domains.media.getMedia(media_id, nowMs);
  if (!m || m.type !== 'image') throw err('INVALID_MEDIA_ID');
}

/** The allowed moves of a session's state (doc path/94669 概述, 会话状态变更). */
const TRANSITIONS: Record<ServiceState, readonly ServiceState[]> = {
  0: [1, 2, 3, 4],
  1: [2, 3, 4],
  2: [3, 4],
  3: [3, 4],
  4: [],
};

export function checkTransition(from: ServiceState, to: ServiceState): void {
  if (!TRANSITIONS[from].includes(to)) throw err('KF_STATE_TRANSITION_FORBIDDEN', { message: `session state ${from} cannot change to ${to}` });
}

/** Is the member a servicer of the account, directly or through one of its departments? */
export function servicerOf(corp: Corp, a: KfAccount, userid: string): { status: 0 | 1 } | undefined {
  const direct = a.servicers.get(userKey(userid));
  if (direct) return direct;
  const m = corp.domains.contacts.getUser(userid);
  if (m && m.department.some((d) => a.departments.has(d))) return { status: 0 };
  return undefined;
}

/** The members serving an account (direct ones, then members of its departments), receiving ones only if asked. */
export function servicersOf(corp: Corp, a: KfAccount, receivingOnly: boolean): string[] {
  const out = new Map<string, string>();
  for (const [k, sv] of a.servicers) if (!receivingOnly || sv.status === 0) out.set(k, sv.userid);
  if (a.departments.size > 0) {
    for (const m of corp.domains.contacts.users.values()) {
      if (m.status === 1 && m.department.some((d) => a.departments.has(d)) && !out.has(userKey(m.userid))) out.set(userKey(m.userid), m.userid);
    }
  }
  return [...out.values()];
}

/**
 * kf/send_msg may answer a customer only in state 0 or 1 (95018), within 48 h of the customer's last message
 * (95002) and at most 5 messages per customer message (95001) (doc path/94677).
 */
export function checkMaySend(session: KfSession | undefined, nowMs: number): KfSession {
  if (!session || session.lastCustomerMsgMs === undefined) throw err('INVALID_EXTERNAL_USERID');
  if (session.state !== 0 && session.state !== 1) throw err('KF_SESSION_STATE_CANNOT_SEND');
  if (nowMs - session.lastCustomerMsgMs >= LIMITS.lifetime.kf_reply_window.seconds * 1000) throw err('KF_MSG_TIME_LIMIT');
  if (session.repliesSinceCustomer >= LIMITS.bound.kf_replies_per_window.max) throw err('KF_MSG_COUNT_LIMIT');
  return session;
}

/** The body object of the message's msgtype: present (40058), media live (40007), menus ≤ 10 items (95008). */
export function checkContent(corp: Corp, msgtype: string, body: Record<string, unknown>, nowMs: number): unknown {
  const content = body[msgtype];
  if (content === undefined || content === null || typeof content !== 'object') throw invalidParameter(`${msgtype} is required for msgtype ${msgtype}`);
  const c = content as Record<string, unknown>;
  for (const key of ['media_id', 'thumb_media_id']) {
    const id = c[key];
    if (typeof id === 'string' && !corp.domains.media.getMedia(id, nowMs)) throw err('INVALID_MEDIA_ID');
  }
  if (msgtype === 'msgmenu' && Array.isArray(c['list']) && c['list'].length > 10) throw err('KF_MENU_TOO_MANY_ITEMS');
  if (msgtype === 'text' && (typeof c['content'] !== 'string' || c['content'].length === 0)) throw invalidParameter('text.content is empty');
  return content;
}
