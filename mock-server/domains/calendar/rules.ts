/** Checks shared by the calendar and schedule handlers (errcodes of doc path/93647, 93648 and the global code list). */
import { err, invalidParameter, type ErrName } from '../../core/errors/index.js';
import { areaState } from '../../core/tenancy/access.js';
import type { Ctx } from '../types.js';
import { REPEAT_TYPES } from './repeat.js';
import { NO_REPEAT, type Calendar, type CalendarState, type Reminders, type Schedule } from './state.js';

/** 日程 APIs answer the 日程 system secret and its 可调用接口的应用 (doc path/93624); any other token → 48002. */
export function calState(ctx: Ctx): CalendarState {
  return areaState(ctx, 'calendar');
}

/** The caller's agentid, undefined for the system secret. */
export const callerApp = (ctx: Ctx): number | undefined => (ctx.token.kind === 'app' ? ctx.token.agentid : undefined);

export function liveCalendar(s: CalendarState, calId: string): Calendar {
  const c = s.calendars.get(calId);
  if (!c) throw err('INVALID_CALENDAR_ID');
  if (c.deleted) throw err('CALENDAR_DELETED');
  return c;
}

/** An app changes only the calendars it created (90466); the system secret changes any. */
export function mayWrite(ctx: Ctx, c: Calendar): void {
  const app = callerApp(ctx);
  if (app !== undefined && c.agentid !== app) throw err('CALENDAR_CREATED_BY_OTHER_APP');
}

export function liveSchedule(s: CalendarState, id: string): Schedule {
  const sch = s.schedules.get(id);
  if (!sch) throw err('INVALID_SCHEDULE_ID');
  if (sch.status !== 0) throw err('SCHEDULE_DELETED');
  return sch;
}

/** calendar/get and schedule/get: each id of the list in turn; an empty list has its own errcode (`empty`). */
export function eachId<T>(ids: string[], empty: ErrName, get: (id: string) => T): T[] {
  if (!ids.length) throw err(empty);
  return ids.map(get);
}

export function checkMembers(ctx: Ctx, userids: readonly string[]): void {
  const c = ctx.corp.domains.contacts;
  if (userids.some((u) => !c.getUser(u))) throw err('INVALID_USERID');
}

export function checkColor(color: string | undefined): void {
  if (color !== undefined && color !== '' && !/^#[0-9A-Fa-f]{6}$/.test(color)) throw err('INVALID_CALENDAR_COLOR');
}

export function checkRange(ctx: Ctx, range: { userids?: string[]; partyids?: number[] } | undefined): { userids: string[]; partyids: number[] } | undefined {
  if (!range) return undefined;
  checkMembers(ctx, range.userids ?? []);
  if ((range.partyids ?? []).some((d) => !ctx.corp.domains.contacts.departments.has(d))) throw err('DEPARTMENT_NOT_FOUND');
  return { userids: range.userids ?? [], partyids: range.partyids ?? [] };
}

/** Remind offsets WeCom offers (doc path/93648 remind_before_event_secs). */
const REMIND_SECS = [0, 300, 900, 3600, 86_400];

export function reminders(r: Partial<Reminders> | undefined, base: Reminders = NO_REPEAT): Reminders {
  const out: Reminders = { ...base, ...r, remind_time_diffs: r?.remind_time_diffs ?? base.remind_time_diffs, repeat_day_of_week: r?.repeat_day_of_week ?? base.repeat_day_of_week, repeat_day_of_month: r?.repeat_day_of_month ?? base.repeat_day_of_month };
  if (out.is_remind === 1 && !REMIND_SECS.includes(out.remind_before_event_secs)) throw err('INVALID_REMIND_TIME');
  if (out.remind_time_diffs.some((d) => d > 0 || d < -7 * 86_400)) throw err('INVALID_REMIND_TIME_DIFFS');
  if (out.timezone < -12 || out.timezone > 12) throw err('INVALID_TIMEZONE');
  if (out.is_repeat === 1) {
    if (!(REPEAT_TYPES as readonly number[]).includes(out.repeat_type)) throw err('UNSUPPORTED_REPEAT_TYPE');
    if (out.is_custom_repeat === 1 && !(out.repeat_interval > 0)) throw err('REPEAT_INTERVAL_MISSING');
    if (out.repeat_day_of_week.some((d) => d < 1 || d > 7)) throw err('INVALID_REPEAT_DAY_OF_WEEK');
    if (out.repeat_day_of_month.some((d) => d < 1 || d > 31)) throw err('INVALID_DAY_OF_MONTH');
  }
  if (out.is_remind === 1 && !out.remind_time_diffs.length) out.remind_time_diffs = [-out.remind_before_event_secs];
  return out;
}

export function checkTimes(start: number, end: number): void {
  if (!(end > start)) throw invalidParameter('end_time must be later than start_time');
}

/** Calendar and schedule events go to the app that owns the calendar (doc path/93704); seeded ones only to the stream. */
export function calEvent(event: string, cal: Calendar, scheduleId?: string): Record<string, unknown> {
  return { Event: event, CalId: cal.cal_id, ...(scheduleId !== undefined && { ScheduleId: scheduleId }), ...(cal.agentid !== undefined && { AgentID: cal.agentid }) };
}
