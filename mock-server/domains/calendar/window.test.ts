import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/runtime/rng.js';
import { occurrences } from './repeat.js';
import { CalendarState, NO_REPEAT, ruleOf, type Reminders, type Schedule } from './state.js';
import { windowPage } from './window.js';

const MON = Date.UTC(2024, 0, 1, 2) / 1000;
const H = 3600, D = 86_400;

/** The answer as one pass over the whole window gives it: every occurrence, sorted by start, ties by discovery. */
function reference(list: Schedule[], from: number, to: number, offset: number, limit: number): string[] {
  const all: { start: number; n: number; id: string }[] = [];
  for (const s of list) for (const o of occurrences(s.start_time, s.end_time, ruleOf(s), from, to, s.excluded)) all.push({ start: o.start_time, n: all.length, id: s.schedule_id });
  all.sort((a, b) => a.start - b.start || a.n - b.n);
  return all.slice(offset, offset + limit).map((x) => `${x.id}@${x.start}`);
}

function calendar(seed: string, n: number): Schedule[] {
  const rng = new Rng(seed);
  const s = new CalendarState(rng);
  const cal = s.addCalendar({ organizer: 'u', readonly: 0, summary: 'c', color: '#000000', description: '', shares: [], is_public: 0, public_range: undefined, is_corp_calendar: 0, set_as_default: 0, agentid: undefined });
  const rules: Partial<Reminders>[] = [
    { repeat_type: 0 },
    { repeat_type: 1, is_custom_repeat: 1, repeat_interval: 2, repeat_day_of_week: [2, 6] },
    { repeat_type: 2 },
    { repeat_type: 5 },
    { repeat_type: 7 },
    { repeat_type: 0, is_custom_repeat: 1, repeat_interval: 3, repeat_until: MON + 40 * D },
  ];
  for (let i = 0; i < n; i++) {
    // Starts on the hour so that many occurrences tie; some last days (still running when a window opens), some 0 s.
    const start = MON - 60 * D + rng.int(120) * D + rng.int(24) * H;
    const len = [0, H, 2 * H, 3 * D][rng.int(4)]!;
    const repeat = rng.int(2) === 0;
    const sch = s.addSchedule({
      cal_id: cal.cal_id, organizer: 'u', attendees: [], summary: `s${i}`, description: '', location: '',
      reminders: repeat ? { ...NO_REPEAT, is_repeat: 1, ...rules[rng.int(rules.length)]! } : NO_REPEAT,
      start_time: start, end_time: start + len, meetingroom_id: undefined, booking_id: undefined,
    });
    if (repeat && rng.int(3) === 0) sch.excluded.add(start + 7 * D);
  }
  return s.schedulesOf(cal.cal_id);
}

describe('get_by_calendar window page', () => {
  it('When pages of every size and offset are read from windows of 1 to 31 days, then each equals the page of a full expansion', () => {
    const list = calendar('window', 300);
    let compared = 0;
    for (const [from, days] of [[MON, 30], [MON - 10 * D + 5 * H, 31], [MON + 3 * D, 1], [MON + 20 * D + 1, 7], [MON - 70 * D, 31]] as const) {
      const to = from + days * D;
      const total = reference(list, from, to, 0, 1e9).length;
      for (const limit of [1, 7, 50, 1000]) {
        for (const offset of [0, 1, 49, Math.floor(total / 2), total - 1, total, total + 5]) {
          const got = windowPage(list, from, to, offset, limit).map((h) => `${h.schedule.schedule_id}@${h.start_time}`);
          expect(got).toEqual(reference(list, from, to, offset, limit));
          compared += got.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(5000);
  });

  it('When a schedule began weeks before the window and still runs, then it comes first, and a cancelled one never shows', () => {
    const s = new CalendarState(new Rng('long'));
    const cal = s.addCalendar({ organizer: 'u', readonly: 0, summary: 'c', color: '#000000', description: '', shares: [], is_public: 0, public_range: undefined, is_corp_calendar: 0, set_as_default: 0, agentid: undefined });
    const base = { cal_id: cal.cal_id, organizer: 'u', attendees: [], summary: '', description: '', location: '', reminders: NO_REPEAT, meetingroom_id: undefined, booking_id: undefined };
    const later = s.addSchedule({ ...base, start_time: MON + H, end_time: MON + 2 * H });
    const long = s.addSchedule({ ...base, start_time: MON - 60 * D, end_time: MON + 5 * D });
    const cancelled = s.addSchedule({ ...base, start_time: MON + 2 * H, end_time: MON + 3 * H });
    cancelled.status = 1;
    expect(windowPage(s.byCalendar.get(cal.cal_id)!, MON, MON + 7 * D, 0, 10).map((h) => h.schedule)).toEqual([long, later]);
  });
});
