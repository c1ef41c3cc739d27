/**
 * What every 会议 handler shares: who may call (the 会议 area), finding a meeting by id with its status
 * brought up to the mock clock, the lifecycle timers, and opaque cursors for paged lists.
 */
import { err, invalidParameter } from '../../core/errors/index.js';
import { offsetPage } from '../../core/pipeline/cursor.js';
import { mayCallArea } from '../../core/tenancy/access.js';
import { defineTasks, type Ctx } from '../types.js';
import type { Meeting, MeetingState, Participant } from './state.js';
import { roomResponse } from './events.js';

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
  const started = m.meeting_start;
  ctx.corp.timers.at(started * 1000, `meeting ${m.meetingid} starts`, 'meeting.starts', { m, started });
  const ends = m.meeting_start + m.meeting_duration;
  ctx.corp.timers.at(ends * 1000, `meeting ${m.meetingid} ends`, 'meeting.ends', { m, ends });
}

/**
 * The meetings' scheduled work: the lifecycle (a re-timed meeting ignores its old times), a room answering
 * a call after 5 s and called phones answering after 10 s.
 */
export const meetingTasks = defineTasks({
  'meeting.starts': (corp, a: { m: Meeting; started: number }) => {
    if (a.m.meeting_start === a.started) corp.domains.meeting.advance(a.m, a.started);
  },
  'meeting.ends': (corp, a: { m: Meeting; ends: number }) => {
    if (a.m.meeting_start + a.m.meeting_duration === a.ends) corp.domains.meeting.advance(a.m, a.ends);
  },
  'meeting.room_answers': (corp, a: { m: Meeting; key: string }) => {
    const c = a.m.roomCalls.get(a.key);
    if (c && c.status === 4) {
      c.status = 2;
      corp.domains.meeting.changed(a.m, 'meeting_room_response', undefined, {}, roomResponse(c));
    }
  },
  'meeting.callout_answered': (corp, a: { m: Meeting; rows: Meeting['callouts']; due: number }) => {
    for (const r of a.rows) {
      if (r.status !== 'CALLING' || a.m.status !== 2) continue;
      r.status = 'ANSWERED';
      corp.domains.meeting.changed(a.m, 'pstn_status_update', undefined, {}, { PstnStatus: 'START_ACCEPT' });
      corp.domains.meeting.join(a.m, { tmp_openid: r.tmp_openid, nickname: r.phone }, Math.floor(a.due / 1000));
    }
  },
});

/** One page of `items` after `cursor` (an opaque cursor of this operation; a foreign one → 50100). */
export function page<T>(ctx: Ctx, items: T[], cursor: string | undefined, limit: number | undefined, max = 100): { items: T[]; next_cursor: string; has_more: boolean } {
  const n = limit ?? max;
  if (!Number.isInteger(n) || n < 1 || n > max) throw invalidParameter(`limit must be 1..${max}`);
  const p = offsetPage(ctx, cursor, items, n);
  return { items: p.page, has_more: p.has_more, next_cursor: p.next_cursor };
}

/** Every userid must be a member (40003 invalid userid). */
export function checkMembers(ctx: Ctx, userids: readonly string[] | undefined, code: 'INVALID_USERID' | 'MEETING_INVALID_ATTENDEE' = 'INVALID_USERID'): void {
  for (const u of userids ?? []) if (!ctx.corp.domains.contacts.getUser(u)) throw err(code);
}

export function str(v: unknown, d = ''): string {
  return typeof v === 'string' ? v : d;
}
