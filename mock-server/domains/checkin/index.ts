/**
 * 打卡 — checkin rules, punches, day and month reports computed from them, shift schedules, faces.
 * Callable with the 打卡 system secret or the self-built apps listed for the area `checkin`.
 */
import type { Domain } from '../types.js';
import { CheckinState, seedCheckin } from './state.js';
import { checkinRoutes } from './routes.js';
import { checkinAdmin } from './admin.js';
import { areaDomain, seededState } from '../demo.js';

export { CheckinState } from './state.js';

export const checkinDomain: Domain<'checkin', CheckinState> = {
  ...areaDomain('checkin', seededState(CheckinState, seedCheckin)),
  routes: checkinRoutes,
  mount: (host) => ({ admin: checkinAdmin(host) }),
};
