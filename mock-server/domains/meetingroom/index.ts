/**
 * What other modules may use of 会议室: the rooms and the booking interface. A domain that books a room for a
 * schedule or a meeting calls `corp.domains.meetingroom.book({ meetingroom_id, start_time, end_time, booker,
 * schedule_id, agentid })` (a Booking, or why not) and `cancel(booking_id)`; get_booking_info lists them.
 */
import type { Domain } from '../types.js';
import { MeetingroomState as State, seedMeetingrooms } from './state.js';
import { meetingroomRoutes } from './routes.js';
import { meetingroomAdmin } from './admin.js';
import { areaDomain } from '../demo.js';
export { MeetingroomState, type Room, type Booking, type BookInput, type BookRefusal } from './state.js';

/** 会议室 — meeting rooms and bookings. */
export const meetingroomDomain: Domain<'meetingroom', State> = {
  ...areaDomain('meetingroom', (b) => seedMeetingrooms(b.rng, b.userids(10), b.nowSec, b.demo)),
  routes: meetingroomRoutes,
  mount: (host) => ({ admin: meetingroomAdmin(host) }),
};
