/** 直播 — live streams (doc path/93633) whose status follows the mock clock. */
import { Rng } from '../../core/runtime/rng.js';
import { needs } from '../../core/tenancy/manifest.js';
import type { Domain } from '../types.js';
import { LivingState as State, livingTasks, seedLivings } from './state.js';
import { livingRoutes } from './routes.js';
import { livingAdmin } from './admin.js';
export { LivingState, type Living } from './state.js';

export const livingDomain: Domain<'living', State> = {
  name: 'living',
  areas: ['living'],
  state: (seed, corp, built) => {
    const contacts = needs(built, 'contacts', 'living');
    const active = [...contacts.users.values()].filter((m) => m.status === 1).slice(0, 10).map((m) => m.userid);
    return seedLivings(new Rng(`${corp.seed}:${seed.corpid}:living`), active, corp.timers, Math.floor(corp.clock.nowMs() / 1000), corp.scenario !== 'empty');
  },
  routes: livingRoutes,
  tasks: livingTasks,
  mount: (host) => ({ admin: livingAdmin(host) }),
};
