/**
 * 会议 — meetings and webinars on the mock clock and everything that hangs off them. Other modules read
 * `corp.domains.meeting` (MeetingState) — e.g. to find the meetings a member attends.
 */
import { meetingTasks } from './shared.js';
import type { Corp, Domain } from '../types.js';
import { MeetingState as State, seedMeetings } from './state.js';
import { meetingsRoutes } from './meetings/routes.js';
import { layoutsRoutes } from './layouts/routes.js';
import { webinarRoutes } from './webinar/routes.js';
import { roomsRoutes } from './rooms/routes.js';
import { controlRoutes } from './control/routes.js';
import { recordsRoutes } from './records/routes.js';
import { meetingAdmin } from './admin.js';
import { areaDomain } from '../demo.js';
export { MeetingState, type Meeting, type Participant } from './state.js';

/** 会议 — meetings, rooms, webinars, records, polls. */
export const meetingDomain: Domain<'meeting', State> = {
  ...areaDomain('meeting', (b, _seed, corp) => {
    const s = new State(b.rng);
    seedMeetings(s, b.userids(10), b.nowSec, b.demo);
    // The registry gives this same object its `domains` right after every domain's state is built
    // (core/tenancy/registry.ts); events, which read the directory, only come later.
    s.corp = corp as Corp;
    return s;
  }),
  routes: { ...meetingsRoutes, ...recordsRoutes, ...controlRoutes, ...roomsRoutes, ...webinarRoutes, ...layoutsRoutes },
  tasks: meetingTasks,
  mount: (host) => ({ admin: meetingAdmin(host) }),
};
