/**
 * 打卡 — checkin rules, punches, day and month reports computed from them, shift schedules, faces.
 * Callable with the 打卡 system secret or the self-built apps listed for the area `checkin`.
 */
import type { Domain } from '../types.js';
import { CheckinState, seedCheckin } from './state.js';
import { checkinRoutes } from './routes.js';
import { checkinAdmin } from './admin.js';

export { CheckinState } from './state.js';

export const checkinDomain: Domain<'checkin', CheckinState> = {
  name: 'checkin',
  areas: ['checkin'],
  state: (seed, corp) => {
    const s = new CheckinState(`${corp.seed}:${seed.corpid}:checkin`);
    if (corp.scenario !== 'empty') seedCheckin(s, seed, Math.floor(corp.clock.nowMs() / 1000));
    return s;
  },
  routes: checkinRoutes,
  mount: (host) => ({ admin: checkinAdmin(host) }),
};
