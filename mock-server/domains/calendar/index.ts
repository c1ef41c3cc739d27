/**
 * 日程 — calendars and schedules (doc path/93647, 93648). Schedules with a `meetingroom_id` book the room through
 * the meetingroom domain, so oa/meetingroom/get_booking_info and the schedule agree.
 */
import { Rng } from '../../core/runtime/rng.js';
import { needs } from '../../core/tenancy/manifest.js';
import type { Domain } from '../types.js';
import { CalendarState as State, seedCalendars } from './state.js';
import { calendarRoutes } from './routes.js';
import { calendarAdmin } from './admin.js';
export { CalendarState, type Calendar, type Schedule } from './state.js';
export { occurrences, type RepeatRule } from './repeat.js';

export const calendarDomain: Domain<'calendar', State> = {
  name: 'calendar',
  areas: ['calendar'],
  state: (seed, corp, built) => {
    const contacts = needs(built, 'contacts', 'calendar');
    const active = [...contacts.users.values()].filter((m) => m.status === 1).slice(0, 10).map((m) => m.userid);
    return seedCalendars(new Rng(`${corp.seed}:${seed.corpid}:calendar`), active, Math.floor(corp.clock.nowMs() / 1000), corp.scenario !== 'empty');
  },
  routes: calendarRoutes,
  mount: (host) => ({ admin: calendarAdmin(host) }),
};
