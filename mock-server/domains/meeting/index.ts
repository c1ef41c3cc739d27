/**
 * 会议 — meetings and webinars on the mock clock and everything that hangs off them. Other modules read
 * `corp.domains.meeting` (MeetingState) — e.g. to find the meetings a member attends.
 */
import { Rng } from '../../core/runtime/rng.js';
import { needs } from '../../core/tenancy/manifest.js';
import type { Domain } from '../types.js';
import { MeetingState as State, seedMeetings } from './state.js';
import { meetingsRoutes } from './meetings/routes.js';
import { layoutsRoutes } from './layouts/routes.js';
import { webinarRoutes } from './webinar/routes.js';
import { roomsRoutes } from './rooms/routes.js';
import { controlRoutes } from './control/routes.js';
import { recordsRoutes } from './records/routes.js';
import { meetingAdmin } from './admin.js';
export { MeetingState, type Meeting, type Participant } from './state.js';

/** 会议 — meetings, rooms, webinars, records, polls. */
export const meetingDomain: Domain<'meeting', State> = {
  name: 'meeting',
  areas: ['meeting'],
  state: (seed, corp, built) => {
    const contacts = needs(built, 'contacts', 'meeting');
    const active = [...contacts.users.values()].filter((m) => m.status === 1).slice(0, 10).map((m) => m.userid);
    const s = new State(new Rng(`${corp.seed}:${seed.corpid}:meeting`));
    seedMeetings(s, active, Math.floor(corp.clock.nowMs() / 1000), corp.scenario !== 'empty');
    s.notify = (event) => corp.events.push(corp.clock.nowMs(), event);
    return s;
  },
  routes: { ...meetingsRoutes, ...recordsRoutes, ...controlRoutes, ...roomsRoutes, ...webinarRoutes, ...layoutsRoutes },
  mount: (host) => ({ admin: meetingAdmin(host) }),
};
