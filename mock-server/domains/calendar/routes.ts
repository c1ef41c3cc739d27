import { err, invalidParameter } from '../../core/errors/index.js';
import { defineRoutes, type Ctx } from '../types.js';
import { isOccurrence } from './repeat.js';
import { windowPage } from './window.js';
import {
  calEvent, calState, callerApp, checkColor, checkMembers, checkRange, checkTimes, eachId, liveCalendar, liveSchedule, mayWrite, reminders,
} from './rules.js';
import { ruleOf, type CalendarState, type Schedule } from './state.js';

/** get_by_calendar: page size ≤1,000 (doc path/97723 limit), window ≤31 days (our choice; README). */
const MAX_LIMIT = 1000;
const MAX_WINDOW = 31 * 86_400;

function view(s: Schedule, span?: { start_time: number; end_time: number }) {
  const { excluded, booking_id: _b, meetingroom_id, ...rest } = s;
  return {
    ...rest,
    ...span,
    attendees: s.attendees.map((a) => ({ ...a })),
    reminders: { ...s.reminders, exclude_time_list: [...excluded].sort((a, b) => a - b).map((start_time) => ({ start_time })) },
    ...(meetingroom_id !== undefined && { meetingroom_id }),
  };
}

/** Books the schedule's room through the meetingroom domain; a taken slot → 90498, no such room → 40058. */
function bookRoom(ctx: Ctx, sch: Schedule): void {
  if (sch.meetingroom_id === undefined) return;
  const r = ctx.corp.domains.meetingroom.book({
    meetingroom_id: sch.meetingroom_id, start_time: sch.start_time, end_time: sch.end_time, booker: sch.organizer, schedule_id: sch.schedule_id,
    ...(callerApp(ctx) !== undefined && { agentid: callerApp(ctx) }),
  });
  if (r === 'conflict') throw err('SCHEDULE_ROOM_ALREADY_BOOKED');
  if (typeof r === 'string') throw invalidParameter('invalid meetingroom_id');
  sch.booking_id = r.booking_id;
}

function releaseRoom(ctx: Ctx, sch: Schedule): void {
  if (sch.booking_id) ctx.corp.domains.meetingroom.cancel(sch.booking_id);
  sch.booking_id = undefined;
}

/** op_mode 0 all, 1 one occurrence, 2 it and the following ones (doc path/96204). */
function opMode(sch: Schedule, mode: number | undefined, at: number | undefined): 0 | 1 | 2 {
  const m = mode ?? 0;
  if (m !== 0 && m !== 1 && m !== 2) throw err('INVALID_OP_MODE');
  if (m === 0) return 0;
  if (!ruleOf(sch)) throw err('OP_MODE_ONLY_FOR_RECURRING');
  if (at === undefined || !isOccurrence(sch.start_time, sch.end_time, ruleOf(sch), at, sch.excluded)) throw err('INVALID_OP_START_TIME');
  return m;
}

function calendarOf(s: CalendarState, sch: Schedule) {
  return s.calendars.get(sch.cal_id)!;
}

export const calendarRoutes = defineRoutes({
  oa_calendar_add: (ctx) => {
    const s = calState(ctx);
    const c = ctx.body.calendar;
    const corpCal = c.is_corp_calendar === 1;
    if (!corpCal && !c.organizer) throw err('CALENDAR_ORGANIZER_REQUIRED');
    if (c.organizer) checkMembers(ctx, [c.organizer]);
    checkColor(c.color);
    checkMembers(ctx, (c.shares ?? []).map((x) => x.userid));
    if (c.is_public === 1 && !c.public_range) throw err('PUBLIC_RANGE_REQUIRED');
    const range = checkRange(ctx, c.public_range);
    const app = callerApp(ctx);
    if (c.set_as_default === 1) for (const other of s.calendars.values()) if (other.agentid === app) other.set_as_default = 0;
    const cal = s.addCalendar({
      organizer: c.organizer ?? '', readonly: c.readonly ?? 1, summary: c.summary, color: c.color || '#3A7FF6', description: c.description ?? '',
      shares: (c.shares ?? []).map((x) => ({ userid: x.userid, ...(x.readonly !== undefined && { readonly: x.readonly }) })),
      is_public: c.is_public ?? 0, public_range: range, is_corp_calendar: c.is_corp_calendar ?? 0, set_as_default: c.set_as_default ?? 0, agentid: app,
    });
    ctx.emit(calEvent('add_calendar', cal));
    return { cal_id: cal.cal_id };
  },

  oa_calendar_update: (ctx) => {
    const s = calState(ctx);
    const c = ctx.body.calendar;
    const cal = liveCalendar(s, c.cal_id);
    mayWrite(ctx, cal);
    if (c.organizer !== undefined && c.organizer !== cal.organizer) throw err('ORGANIZER_IMMUTABLE');
    checkColor(c.color);
    if (c.shares) checkMembers(ctx, c.shares.map((x) => x.userid));
    const isPublic = c.is_public ?? cal.is_public;
    const range = ctx.body.skip_public_range === 1 ? cal.public_range : c.public_range ? checkRange(ctx, c.public_range) : cal.public_range;
    if (isPublic === 1 && !range) throw err('PUBLIC_RANGE_REQUIRED');
    Object.assign(cal, {
      ...(c.readonly !== undefined && { readonly: c.readonly }),
      ...(c.summary !== undefined && { summary: c.summary }),
      ...(c.color !== undefined && c.color !== '' && { color: c.color }),
      ...(c.description !== undefined && { description: c.description }),
      ...(c.shares && { shares: c.shares.map((x) => ({ userid: x.userid, ...(x.readonly !== undefined && { readonly: x.readonly }) })) }),
      is_public: isPublic,
      public_range: range,
    });
    ctx.emit(calEvent('modify_calendar', cal));
    return {};
  },

  oa_calendar_get: (ctx) => {
    const s = calState(ctx);
    return {
      calendar_list: eachId(ctx.body.cal_id_list, 'CALENDAR_ID_LIST_EMPTY', (id) => {
        const { agentid: _a, deleted: _d, set_as_default: _s, public_range, ...c } = liveCalendar(s, id);
        return { ...c, shares: c.shares.map((x) => ({ ...x })), ...(public_range && { public_range }) };
      }),
    };
  },

  oa_calendar_del: (ctx) => {
    const s = calState(ctx);
    const cal = liveCalendar(s, ctx.body.cal_id);
    mayWrite(ctx, cal);
    cal.deleted = true;
    for (const sch of s.schedulesOf(cal.cal_id)) {
      sch.status = 1;
      releaseRoom(ctx, sch);
    }
    ctx.emit(calEvent('delete_calendar', cal));
    return {};
  },

  oa_schedule_add: (ctx) => {
    const s = calState(ctx);
    const b = ctx.body.schedule;
    const app = callerApp(ctx);
    let cal;
    if (b.cal_id) cal = liveCalendar(s, b.cal_id);
    else {
      cal = [...s.calendars.values()].find((c) => !c.deleted && c.set_as_default === 1 && c.agentid === app);
      if (!cal) throw err('SCHEDULE_CREATOR_NO_DEFAULT_CALENDAR');
    }
    mayWrite(ctx, cal);
    checkMembers(ctx, [b.organizer]);
    const attendees = b.attendees ?? [];
    if (attendees.length > 1000) throw err('TOO_MANY_ATTENDEES');
    checkMembers(ctx, attendees.map((a) => a.userid));
    checkTimes(b.start_time, b.end_time);
    const sch = s.addSchedule({
      cal_id: cal.cal_id, organizer: b.organizer, attendees: [...new Set(attendees.map((a) => a.userid))].map((userid) => ({ userid, response_status: 0 })),
      summary: b.summary ?? '', description: b.description ?? '', location: b.location ?? '', reminders: reminders(b.reminders),
      start_time: b.start_time, end_time: b.end_time, meetingroom_id: b.meetingroom_id, booking_id: undefined,
    });
    try {
      bookRoom(ctx, sch);
    } catch (e) {
      s.removeSchedule(sch);
      throw e;
    }
    ctx.emit(calEvent('add_schedule', cal, sch.schedule_id));
    return { schedule_id: sch.schedule_id };
  },

  oa_schedule_update: (ctx) => {
    const s = calState(ctx);
    const b = ctx.body.schedule;
    const sch = liveSchedule(s, b.schedule_id);
    const cal = calendarOf(s, sch);
    mayWrite(ctx, cal);
    if (b.organizer !== undefined && b.organizer !== sch.organizer) throw err('ORGANIZER_IMMUTABLE');
    if (b.attendees && !ctx.body.skip_attendees) {
      if (b.attendees.length > 1000) throw err('TOO_MANY_ATTENDEES');
      checkMembers(ctx, b.attendees.map((a) => a.userid));
    }
    const mode = opMode(sch, ctx.body.op_mode, ctx.body.op_start_time);
    const rem = b.reminders ? reminders(b.reminders, sch.reminders) : sch.reminders;
    const attendees = b.attendees && !ctx.body.skip_attendees
      ? [...new Set(b.attendees.map((a) => a.userid))].map((userid) => sch.attendees.find((a) => a.userid === userid) ?? { userid, response_status: 0 })
      : sch.attendees.map((a) => ({ ...a }));
    const fields = {
      summary: b.summary ?? sch.summary, description: b.description ?? sch.description, location: b.location ?? sch.location, attendees,
    };
    if (mode === 0) {
      const start = b.start_time ?? sch.start_time, end = b.end_time ?? sch.end_time;
      checkTimes(start, end);
      const room = b.meetingroom_id ?? sch.meetingroom_id;
      const moved = start !== sch.start_time || end !== sch.end_time || room !== sch.meetingroom_id;
      const before = { start_time: sch.start_time, end_time: sch.end_time, meetingroom_id: sch.meetingroom_id, booking_id: sch.booking_id };
      Object.assign(sch, fields, { reminders: rem, start_time: start, end_time: end });
      if (moved) {
        releaseRoom(ctx, sch);
        sch.meetingroom_id = room;
        try {
          bookRoom(ctx, sch);
        } catch (e) {
          Object.assign(sch, before, { booking_id: undefined });
          bookRoom(ctx, sch);
          throw e;
        }
      }
      sch.sequence++;
      ctx.emit(calEvent('modify_schedule', cal, sch.schedule_id));
      return { schedule_id: sch.schedule_id };
    }
    // One occurrence (1) or it and the rest (2) split off as a schedule of its own (doc path/96204 op_mode).
    const at = ctx.body.op_start_time!;
    const start = b.start_time ?? at, end = b.end_time ?? at + (sch.end_time - sch.start_time);
    checkTimes(start, end);
    if (mode === 1) sch.excluded.add(at);
    else sch.reminders = { ...sch.reminders, repeat_until: at - 1 };
    sch.sequence++;
    const split = s.addSchedule({
      cal_id: sch.cal_id, organizer: sch.organizer, ...fields,
      reminders: mode === 1 ? { ...rem, is_repeat: 0 } : rem, start_time: start, end_time: end, meetingroom_id: undefined, booking_id: undefined,
    });
    ctx.emit(calEvent('modify_schedule', cal, sch.schedule_id));
    ctx.emit(calEvent('add_schedule', cal, split.schedule_id));
    return { schedule_id: split.schedule_id };
  },

  oa_schedule_get: (ctx) => {
    const s = calState(ctx);
    return {
      schedule_list: eachId(ctx.body.schedule_id_list, 'SCHEDULE_ID_LIST_EMPTY', (id) => {
        const sch = s.schedules.get(id);
        if (!sch) throw err('INVALID_SCHEDULE_ID');
        return view(sch);
      }),
    };
  },

  oa_schedule_del: (ctx) => {
    const s = calState(ctx);
    const sch = liveSchedule(s, ctx.body.schedule_id);
    const cal = calendarOf(s, sch);
    mayWrite(ctx, cal);
    const mode = opMode(sch, ctx.body.op_mode, ctx.body.op_start_time);
    const at = ctx.body.op_start_time!;
    if (mode === 1) sch.excluded.add(at);
    else if (mode === 2 && at > sch.start_time) sch.reminders = { ...sch.reminders, repeat_until: at - 1 };
    else {
      sch.status = 1;
      releaseRoom(ctx, sch);
    }
    sch.sequence++;
    ctx.emit(calEvent(mode === 0 ? 'delete_schedule' : 'modify_schedule', cal, sch.schedule_id));
    return {};
  },

  oa_schedule_get_by_calendar: (ctx) => {
    const s = calState(ctx);
    const b = ctx.body;
    const cal = liveCalendar(s, b.cal_id);
    const limit = b.limit ?? 500;
    if (limit > MAX_LIMIT) throw err('PAGE_SIZE_TOO_LARGE');
    const offset = b.offset ?? 0;
    if (b.start_time === undefined && b.end_time === undefined) return { schedule_list: s.schedulesOf(cal.cal_id).slice(offset, offset + limit).map((x) => view(x)) };
    const from = b.start_time, to = b.end_time;
    if (from === undefined || to === undefined || to <= from || to - from > MAX_WINDOW) throw err('INVALID_PAGE');
    const page: ReturnType<typeof view>[] = [];
    // A repeating schedule's occurrences share its view (made once per request); each carries its own times.
    const views = new Map<Schedule, ReturnType<typeof view>>();
    for (const o of windowPage(s.byCalendar.get(cal.cal_id) ?? [], from, to, offset, limit)) {
      let v = views.get(o.schedule);
      if (!v) views.set(o.schedule, (v = view(o.schedule)));
      page.push({ ...v, start_time: o.start_time, end_time: o.start_time + (o.schedule.end_time - o.schedule.start_time) });
    }
    return { schedule_list: page };
  },

  oa_schedule_add_attendees: (ctx) =>
    editAttendees(ctx, ctx.body.schedule_id, ctx.body.attendees, (sch, ids) => {
      const fresh = [...new Set(ids)].filter((u) => !sch.attendees.some((a) => a.userid === u));
      if (sch.attendees.length + fresh.length > 1000) throw err('TOO_MANY_ATTENDEES');
      for (const userid of fresh) sch.attendees.push({ userid, response_status: 0 });
    }),

  oa_schedule_del_attendees: (ctx) =>
    editAttendees(ctx, ctx.body.schedule_id, ctx.body.attendees, (sch, ids) => {
      sch.attendees = sch.attendees.filter((a) => !ids.includes(a.userid));
    }),
});

/** add_attendees / del_attendees: a writable live schedule, members only, then one modify_schedule event. */
function editAttendees(ctx: Ctx, scheduleId: string, attendees: { userid: string }[], edit: (sch: Schedule, ids: string[]) => void): Record<string, never> {
  const s = calState(ctx);
  const sch = liveSchedule(s, scheduleId);
  const cal = calendarOf(s, sch);
  mayWrite(ctx, cal);
  const ids = attendees.map((a) => a.userid);
  checkMembers(ctx, ids);
  edit(sch, ids);
  sch.sequence++;
  ctx.emit(calEvent('modify_schedule', cal, sch.schedule_id));
  return {};
}
