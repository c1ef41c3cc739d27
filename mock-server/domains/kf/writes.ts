/**
 * What changes kf state and tells the corp: messages kf/sync_msg will read, the kf_msg_or_event callback
 * with a fresh sync Token (doc path/94670), one-time codes, the 3-day retention sweep on the scheduler and the
 * daily statistics. Shared by the handlers and the control plane's simulations.
 */
import { LIMITS } from '../../../spec/generated/limits.js';
import type { Corp } from '../types.js';
import { dayStart, type KfCode, type KfCustomer, type KfMessage, type KfSession, type KfState } from './state.js';

const RETENTION_MS = LIMITS.lifetime.kf_message_retention.seconds * 1000;

/** Books the retention sweep for the oldest message (one task at a time; it books the next itself). */
export function bookSweep(corp: Corp): void {
  const s = corp.domains.kf;
  const oldest = s.messages[0]?.atMs;
  if (oldest === undefined) return;
  const due = oldest + RETENTION_MS;
  if (s.sweepAtMs !== undefined && s.sweepAtMs <= due) return;
  s.sweepAtMs = due;
  corp.timers.at(due, 'kf message retention', 'kf.sweep');
}

/** The retention sweep (scheduled work): drops messages past 3 days, then books the next sweep. */
export function sweep(corp: Corp, _args: unknown, dueMs: number): void {
  const s = corp.domains.kf;
  s.sweepAtMs = undefined;
  s.prune(dueMs);
  bookSweep(corp);
}

/** Emits kf_msg_or_event with a new sync Token (valid 10 minutes) for the account. */
export function notify(corp: Corp, open_kfid: string): string {
  const s = corp.domains.kf;
  const now = corp.clock.nowMs();
  const token = s.newId('ENC', 44, (t) => s.tokens.has(t));
  s.tokens.set(token, now + LIMITS.lifetime.kf_sync_token_lifetime.seconds * 1000);
  corp.events.push(now, { Event: 'kf_msg_or_event', Token: token, OpenKfId: open_kfid });
  return token;
}

/** Appends a message or event for kf/sync_msg. */
export function record(corp: Corp, m: Omit<KfMessage, 'seq' | 'atMs' | 'send_time' | 'msgid'> & { msgid?: string }): KfMessage {
  const s = corp.domains.kf;
  const now = corp.clock.nowMs();
  const msgid = m.msgid ?? s.newId('', 32, (id) => s.msgids.has(`${m.open_kfid}|${id}`));
  s.msgids.add(`${m.open_kfid}|${msgid}`);
  const msg = s.append({ ...m, msgid, atMs: now, send_time: Math.floor(now / 1000) });
  bookSweep(corp);
  return msg;
}

/** A one-time code (welcome, reply or closing words) valid 20 s (doc path/95122). */
export function issueCode(corp: Corp, kind: KfCode['kind'], open_kfid: string, external_userid: string): string {
  const s = corp.domains.kf;
  const code = s.newId('', 40, (c) => s.codes.has(c));
  const life = kind === 'welcome' ? LIMITS.lifetime.kf_welcome_code_lifetime : LIMITS.lifetime.kf_msg_code_lifetime;
  s.codes.set(code, { code, kind, open_kfid, external_userid, expiresAtMs: corp.clock.nowMs() + life.seconds * 1000, used: false });
  return code;
}

/** A new WeChat customer with a generated profile. */
export function newCustomer(s: KfState, nickname?: string): KfCustomer {
  const external_userid = s.newId('wm', 30, (id) => s.customers.has(id));
  const c: KfCustomer = {
    external_userid,
    nickname: nickname ?? `微信用户${s.rng.string(4, '0123456789')}`,
    avatar: `https://wx.qlogo.cn/mmhead/${s.rng.string(40)}/0`,
    gender: s.rng.int(3) as 0 | 1 | 2,
    unionid: `o${s.rng.string(27, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')}`,
    context: undefined,
    lastWelcomeAtMs: undefined,
  };
  s.customers.set(external_userid, c);
  return c;
}

/** The customer's session with the account; a closed one (state 4) or none opens a new one in state 0. */
export function openSession(corp: Corp, open_kfid: string, external_userid: string): KfSession {
  const s = corp.domains.kf;
  const now = corp.clock.nowMs();
  let sess = s.session(open_kfid, external_userid);
  if (!sess || sess.state === 4) {
    sess = { open_kfid, external_userid, state: 0, servicer: undefined, startedAtMs: now, lastCustomerMsgMs: undefined, repliesSinceCustomer: 0, replyCodeIssued: false };
    s.putSession(sess);
    s.stat(`${open_kfid}|${dayStart(now)}`).sessions++;
  }
  return sess;
}

/** Counts a customer message in the day's statistics (the account's, and its servicer's when assigned). */
export function countCustomerMessage(corp: Corp, sess: KfSession): void {
  const s = corp.domains.kf;
  const day = dayStart(corp.clock.nowMs());
  const a = s.stat(`${sess.open_kfid}|${day}`);
  a.customers.add(sess.external_userid);
  a.customerMsgs++;
  if (sess.servicer !== undefined) {
    const v = s.stat(`${sess.open_kfid}|${sess.servicer}|${day}`);
    v.customers.add(sess.external_userid);
    v.customerMsgs++;
  }
}

/** A session assigned to a servicer counts as one of the servicer's sessions that day. */
export function countAssignment(corp: Corp, sess: KfSession, servicer: string): void {
  corp.domains.kf.stat(`${sess.open_kfid}|${servicer}|${dayStart(corp.clock.nowMs())}`).sessions++;
}
