/** What other modules may use of 政民沟通 (report): its state (grids, categories, orders). */
import { Rng } from '../../core/runtime/rng.js';
import { needs } from '../../core/tenancy/manifest.js';
import type { Domain } from '../types.js';
import { ReportState as State, seedReport } from './state.js';
import { gridRoutes } from './grid.js';
import { orderRoutes } from './orders.js';
import { reportAdmin } from './admin.js';
export { ReportState, type Grid, type Category, type Order, type OrderKind, type OrderStatus } from './state.js';

/** 政民沟通 — grids, event categories, patrol and resident orders. */
export const reportDomain: Domain<'report', State> = {
  name: 'report',
  areas: ['report'],
  state: (seed, corp, built) => {
    const contacts = needs(built, 'contacts', 'report');
    const active = [...contacts.users.values()].filter((m) => m.status === 1).slice(0, 20);
    return seedReport(new Rng(`${corp.seed}:${seed.corpid}:report`), seed.corp_name, active, Math.floor(corp.clock.nowMs() / 1000), corp.scenario !== 'empty');
  },
  routes: { ...gridRoutes, ...orderRoutes },
  mount: (host) => ({ admin: reportAdmin(host) }),
};
