/**
 * 日程 — calendars and schedules (doc path/93647, 93648). Schedules with a `meetingroom_id` book the room through
 * the meetingroom domain, so oa/meetingroom/get_booking_info and the schedule agree.
 */
import type { Domain } from '../types.js';
import { CalendarState as State, seedCalendars } from './state.js';
import { calendarRoutes } from './routes.js';
import { calendarAdmin } from './admin.js';
import { areaDomain } from '../demo.js';
export { CalendarState, type Calendar, type Schedule } from './state.js';
export { occurrences, type RepeatRule } from './repeat.js';

export const calendarDomain: Domain<'calendar', State> = {
  ...areaDomain('calendar', (b) => seedCalendars(b.rng, b.userids(10), b.nowSec, b.demo)),
  routes: calendarRoutes,
  mount: (host) => ({ admin: calendarAdmin(host) }),
};
