/** 直播 — live streams (doc path/93633) whose status follows the mock clock. */
import type { Domain } from '../types.js';
import { LivingState as State, livingTasks, seedLivings } from './state.js';
import { livingRoutes } from './routes.js';
import { livingAdmin } from './admin.js';
import { areaDomain } from '../demo.js';
export { LivingState, type Living } from './state.js';

export const livingDomain: Domain<'living', State> = {
  ...areaDomain('living', (b, _seed, corp) => seedLivings(b.rng, b.userids(10), corp.timers, b.nowSec, b.demo)),
  routes: livingRoutes,
  tasks: livingTasks,
  mount: (host) => ({ admin: livingAdmin(host) }),
};
