/** What other modules may use of 人事助手 (hr): the roster state and the field catalogue. */
import type { Domain } from '../types.js';
import { HrState as State, seedHr } from './state.js';
import { hrRoutes } from './routes.js';
import { areaDomain } from '../demo.js';
export { HrState } from './state.js';
export { GROUPS, FIELDS } from './fields.js';

/** 人事助手 — the staff roster (花名册). */
export const hrDomain: Domain<'hr', State> = {
  ...areaDomain('hr', (b) => seedHr(b.rng, b.members(), b.nowSec, b.demo)),
  routes: hrRoutes,
};
