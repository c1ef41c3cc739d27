/**
 * What every 会议 handler shares: who may call (the 会议 area), finding a meeting by id with its status
 * brought up to the mock clock, the lifecycle timers, and opaque cursors for paged lists.
 */
import { err, invalidParameter } from '../../core/errors/index.js';
import { cursorScope, decodeIntCursor, encodeCursor } from '../../core/pipeline/cursor.js';
import { mayCallArea } from '../../core/tenancy/access.js';
import type { Ctx } from '../types.js';
import type { Meeting, MeetingState, Participant } from './state.js';

/**
 * 会议 APIs answer the 会议 system secret and the apps it lists as 可调用接口的应用 (会议 概述, doc path/93626); any
 * other token → 48002 api forbidden.
 */
export function meetingState(ctx: Ctx): MeetingState {
  if (!mayCallArea(ctx.corp, ctx.token, 'meeting')) throw err('API_FORBIDDEN');
  return ctx.corp.domains.meeting;
}

/** A meeting by id (90602 invalid meetingid when unknown), its status brought up to the mock clock. */
export function meetingOf(ctx: Ctx, meetingid: string | undefined, kind?: Meeting['kind']): Meeting {
  const s = meetingState(ctx);
  const m = meetingid === undefined ? undefined : s.meetings.get(meetingid);
  if (!m || (kind !== undefined && m.kind !== kind)) throw err('INVALID_MEETING_ID');
  s.advance(m, ctx.clock.nowSec());
  return m;
}

/** The meeting must still be live (not cancelled): 400041 meeting cancelled. */
export function liveMeetingOf(ctx: Ctx, meetingid: string | undefined, kind?: Meeting['kind']): Meeting {
  const m = meetingOf(ctx, meetingid, kind);
  if (m.status === 4) throw err('MEETING_CANCELLED');
  return m;
}

/** Real-time control needs the meeting in progress (status 2); WeCom is silent on the code → 40058. */
export function inProgress(ctx: Ctx, meetingid: string | undefined): Meeting {
  const m = liveMeetingOf(ctx, meetingid);
  if (m.status !== 2) throw invalidParameter('the meeting is not in progress');
  return m;
}

/** An attendee of the meeting by tmp_openid (or userid); unknown → 40058. */
export function participantOf(m: Meeting, who: { tmp_openid?: string; userid?: string } | undefined): Participant {
  const p = who?.tmp_openid ? m.participants.get(who.tmp_openid) : [...m.participants.values()].find((x) => x.userid !== undefined && x.userid === who?.userid);
  if (!p) throw invalidParameter('unknown attendee tmp_openid');
  return p;
}

/** Books the lifecycle: in progress at meeting_start, ended at meeting_start + meeting_duration. */
export function bookLifecycle(ctx: Pick<Ctx, 'corp'>, m: Meeting): void {
  const s = ctx.corp.domains.meeting;
  const started = m.meeting_start;
  ctx.corp.timers.at(started * 1000, `meeting ${m.meetingid} starts`, () => {
    if (m.meeting_start === started) s.advance(m, started);
  });
  const ends = m.meeting_start + m.meeting_duration;
  ctx.corp.timers.at(ends * 1000, `meeting ${m.meetingid} ends`, () => {
    if (m.meeting_start + m.meeting_duration === ends) s.advance(m, ends);
  });
}

/** One page of `items` after `cursor` (an opaque cursor of this operation; a foreign one → 50100). */
export function page<T>(ctx: Ctx, items: T[], cursor: string | undefined, limit: number | undefined, max = 100): { items: T[]; next_cursor: string; has_more: boolean } {
  const n = limit ?? max;
  if (!Number.isInteger(n) || n < 1 || n > max) throw invalidParameter(`limit must be 1..${max}`);
  let from = 0;
  if (cursor) {
    const pos = decodeIntCursor(cursorScope(ctx), cursor, 1);
    if (!pos) throw err('INVALID_CURSOR');
    from = pos[0]!;
  }
  const slice = items.slice(from, from + n);
  const has_more = from + n < items.length;
  return { items: slice, has_more, next_cursor: has_more ? encodeCursor(cursorScope(ctx), [from + n]) : '' };
}

/** Every userid must be a member (40003 invalid userid). */
export function checkMembers(ctx: Ctx, userids: readonly string[] | undefined, code: 'INVALID_USERID' | 'MEETING_INVALID_ATTENDEE' = 'INVALID_USERID'): void {
  for (const u of userids ?? []) if (!ctx.corp.domains.contacts.getUser(u)) throw err(code);
}

export function str(v: unknown, d = ''): string {
  return typeof v === 'string' ? v : d;
}
