/** What other modules may use of 政民沟通 (report): its state (grids, categories, orders). */
import type { Domain } from '../types.js';
import { ReportState as State, seedReport } from './state.js';
import { gridRoutes } from './grid.js';
import { orderRoutes } from './orders.js';
import { reportAdmin } from './admin.js';
import { areaDomain } from '../demo.js';
export { ReportState, type Grid, type Category, type Order, type OrderKind, type OrderStatus } from './state.js';

/** 政民沟通 — grids, event categories, patrol and resident orders. */
export const reportDomain: Domain<'report', State> = {
  ...areaDomain('report', (b, seed) => seedReport(b.rng, seed.corp_name, b.members(20), b.nowSec, b.demo)),
  routes: { ...gridRoutes, ...orderRoutes },
  mount: (host) => ({ admin: reportAdmin(host) }),
};
