/**
 * 日程 (calendars and schedules, doc path/93647, 93648) of one corp. Schedules are kept once per series; the
 * occurrences a window asks for are computed by ./repeat.ts.
 */
import { Rng } from '../../core/runtime/rng.js';
import { chinaDayStart } from '../../core/runtime/china-day.js';
import type { RepeatRule } from './repeat.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export interface Calendar {
  cal_id: string;
  organizer: string;
  readonly: number;
  summary: string;
  color: string;
  description: string;
  shares: { userid: string; readonly?: number }[];
  is_public: number;
  public_range: { userids: string[]; partyids: number[] } | undefined;
  is_corp_calendar: number;
  set_as_default: number;
  /** The app that created it (undefined: the 日程 system secret or seeded). */
  agentid: number | undefined;
  deleted: boolean;
}

export interface Reminders {
  is_remind: 0 | 1;
  remind_before_event_secs: number;
  remind_time_diffs: number[];
  is_repeat: 0 | 1;
  repeat_type: number;
  repeat_until: number;
  is_custom_repeat: 0 | 1;
  repeat_interval: number;
  repeat_day_of_week: number[];
  repeat_day_of_month: number[];
  timezone: number;
}

export interface Schedule {
  schedule_id: string;
  cal_id: string;
  organizer: string;
  attendees: { userid: string; response_status: number }[];
  summary: string;
  description: string;
  location: string;
  reminders: Reminders;
  start_time: number;
  end_time: number;
  /** Starts of single occurrences removed from the series (op_mode 1). */
  excluded: Set<number>;
  /** 0 normal, 1 cancelled (doc path/97724). */
  status: number;
  sequence: number;
  meetingroom_id: number | undefined;
  booking_id: string | undefined;
}

export function ruleOf(s: Schedule): RepeatRule | undefined {
  return s.reminders.is_repeat === 1 ? s.reminders : undefined;
}

export class CalendarState {
  readonly calendars = new Map<string, Calendar>();
  readonly schedules = new Map<string, Schedule>();
  /** cal_id → its schedules (insertion order; the objects themselves, so a calendar's read needs no id lookups). */
  readonly byCalendar = new Map<string, Set<Schedule>>();
  constructor(readonly rng: Rng) {}

  newCalId(): string {
    return `wc${this.rng.hex(28)}AAA`.slice(0, 32);
  }

  addCalendar(c: Omit<Calendar, 'cal_id' | 'deleted'>): Calendar {
    const cal: Calendar = { ...c, cal_id: this.newCalId(), deleted: false };
    this.calendars.set(cal.cal_id, cal);
    this.byCalendar.set(cal.cal_id, new Set());
    return cal;
  }

  addSchedule(s: Omit<Schedule, 'schedule_id' | 'status' | 'sequence' | 'excluded'> & { excluded?: Set<number> }): Schedule {
    const sch: Schedule = { ...s, excluded: s.excluded ?? new Set(), schedule_id: this.rng.hex(32), status: 0, sequence: 1 };
    this.schedules.set(sch.schedule_id, sch);
    this.byCalendar.get(sch.cal_id)?.add(sch);
    return sch;
  }

  /** Forgets a schedule that was never announced (its room could not be booked). */
  removeSchedule(sch: Schedule): void {
    this.schedules.delete(sch.schedule_id);
    this.byCalendar.get(sch.cal_id)?.delete(sch);
  }

  /** Live schedules of a calendar, by creation. */
  schedulesOf(calId: string): Schedule[] {
    const out: Schedule[] = [];
    for (const s of this.byCalendar.get(calId) ?? []) if (s.status === 0) out.push(s);
    return out;
  }
}

export const NO_REPEAT: Reminders = {
  is_remind: 0, remind_before_event_secs: 0, remind_time_diffs: [], is_repeat: 0, repeat_type: 0, repeat_until: 0,
  is_custom_repeat: 0, repeat_interval: 0, repeat_day_of_week: [], repeat_day_of_month: [], timezone: 8,
};

/** Demo (typical/large corps): one team calendar with a week of schedules from today, a daily stand-up among them. */
export function seedCalendars(rng: Rng, members: string[], nowSec: number, demo: boolean): CalendarState {
  const s = new CalendarState(rng);
  if (!demo || members.length < 2) return s;
  const organizer = members[0]!;
  const cal = s.addCalendar({
    organizer, readonly: 0, summary: '团队日历', color: '#1E90FF', description: '示例：本周的团队日程',
    shares: members.slice(1, 6).map((userid) => ({ userid })), is_public: 0, public_range: undefined,
    is_corp_calendar: 0, set_as_default: 1, agentid: undefined,
  });
  const today = chinaDayStart(nowSec);
  const attendees = (n: number) => members.slice(1, 1 + n).map((userid) => ({ userid, response_status: rng.int(3) }));
  s.addSchedule({
    cal_id: cal.cal_id, organizer, attendees: attendees(4), summary: '站会', description: '每日站会', location: '18F-小会议室',
    reminders: { ...NO_REPEAT, is_remind: 1, remind_before_event_secs: 300, remind_time_diffs: [-300], is_repeat: 1, repeat_type: 7, repeat_until: today + 7 * 86_400 },
    start_time: today + 9.5 * 3600, end_time: today + 9.75 * 3600, meetingroom_id: undefined, booking_id: undefined,
  });
  const topics = ['需求评审', '周会', '设计评审', '客户拜访', '版本发布', '复盘'];
  for (let d = 0; d < 7; d++) {
    const hour = 10 + rng.int(7);
    s.addSchedule({
      cal_id: cal.cal_id, organizer: members[rng.int(Math.min(members.length, 6))]!, attendees: attendees(1 + rng.int(4)),
      summary: topics[d % topics.length]!, description: '', location: '', reminders: { ...NO_REPEAT, is_remind: 1, remind_before_event_secs: 900, remind_time_diffs: [-900] },
      start_time: today + d * 86_400 + hour * 3600, end_time: today + d * 86_400 + (hour + 1) * 3600, meetingroom_id: undefined, booking_id: undefined,
    });
  }
  return s;
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(CalendarState);
