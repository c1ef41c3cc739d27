/**
 * oa/schedule/get_by_calendar over one calendar with 10,000 schedules, half of them repeating (daily, weekly on
 * custom days, monthly, workdays), for 30-day windows spread over the year: expansion, sort and the 1,000-entry
 * page through the full pipeline. Target p99 < 20 ms (issue 13).
 *
 *   import { benchCalendarWindow } from './calendar.js';
 *   const figures = await benchCalendarWindow();   // { schedules, requests, p50_ms, p99_ms, occurrences_per_window, ok }
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../mock-server/index.js';
import { NO_REPEAT, type Reminders } from '../mock-server/domains/calendar/state.js';

export interface CalendarFigures {
  name: 'calendar_get_by_calendar';
  schedules: number;
  requests: number;
  p50_ms: number;
  p99_ms: number;
  /** Median occurrences overlapping a window (answers carry at most 1,000). */
  occurrences_per_window: number;
  ok: boolean;
}

const DAY = 86_400;

export async function benchCalendarWindow(schedules = 10_000, requests = 200): Promise<CalendarFigures> {
  const app = createApp({ demoCorp: false, log: () => {} });
  const corp = app.createCorp({ scenario: 'typical', settings: { rate_limit_scale: 1000 } });
  const members = [...corp.domains.contacts.users.values()].filter((m) => m.status === 1).map((m) => m.userid);
  const s = corp.domains.calendar;
  const cal = s.addCalendar({
    organizer: members[0]!, readonly: 0, summary: 'bench', color: '#000000', description: '', shares: [], is_public: 0, public_range: undefined,
    is_corp_calendar: 0, set_as_default: 0, agentid: undefined,
  });
  const now = Math.floor(corp.clock.nowMs() / 1000);
  const rules: Partial<Reminders>[] = [
    { repeat_type: 0 },
    { repeat_type: 1, is_custom_repeat: 1, repeat_interval: 1, repeat_day_of_week: [1, 3, 5] },
    { repeat_type: 2 },
    { repeat_type: 7 },
    { repeat_type: 0, is_custom_repeat: 1, repeat_interval: 3, repeat_until: now + 200 * DAY },
  ];
  for (let i = 0; i < schedules; i++) {
    const start = now - 180 * DAY + ((i * 7919) % (360 * DAY));
    const repeat = i % 2 === 0;
    s.addSchedule({
      cal_id: cal.cal_id, organizer: members[i % members.length]!, attendees: [{ userid: members[(i + 1) % members.length]!, response_status: 0 }],
      summary: `s${i}`, description: '', location: '',
      reminders: repeat ? { ...NO_REPEAT, is_repeat: 1, ...rules[(i / 2) % rules.length]! } : NO_REPEAT,
      start_time: start, end_time: start + 3600, meetingroom_id: undefined, booking_id: undefined,
    });
  }
  const server = createServer(app.handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const secret = corp.areas.get('calendar')!.secret;
    const tok = (await (await fetch(`${base}/cgi-bin/gettoken?corpid=${corp.corpid}&corpsecret=${secret}`)).json()) as { access_token: string };
    const times: number[] = [];
    const counts: number[] = [];
    let ok = true;
    for (let i = 0; i < requests + 20; i++) {
      const from = now - 150 * DAY + (i % 300) * DAY;
      const t = performance.now();
      const r = await fetch(`${base}/cgi-bin/oa/schedule/get_by_calendar?access_token=${tok.access_token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ cal_id: cal.cal_id, start_time: from, end_time: from + 30 * DAY, limit: 1000 }),
      });
      const j = (await r.json()) as { errcode: number; schedule_list: unknown[] };
      if (i >= 20) times.push(performance.now() - t); // the first 20 warm the JIT
      if (j.errcode !== 0) ok = false;
      counts.push(j.schedule_list?.length ?? 0);
    }
    times.sort((a, b) => a - b);
    counts.sort((a, b) => a - b);
    const q = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]! * 100) / 100;
    return { name: 'calendar_get_by_calendar', schedules, requests, p50_ms: q(0.5), p99_ms: q(0.99), occurrences_per_window: counts[counts.length >> 1]!, ok };
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}
