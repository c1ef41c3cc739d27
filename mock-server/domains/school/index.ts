/** What other modules may use of 家校沟通 (school): its state. */
import type { Domain } from '../types.js';
import { SchoolState as State, seedSchool } from './state.js';
import { schoolRoutes } from './routes.js';
import { schoolUserRoutes } from './users.js';
import { schoolAdmin } from './admin.js';
import { areaDomain } from '../demo.js';
export { SchoolState, type Student, type Parent, type SchoolDept } from './state.js';

/** 家校沟通 — the school's departments, students and parents, livings and payments. */
export const schoolDomain: Domain<'school', State> = {
  ...areaDomain('school', (b, seed) => seedSchool(b.rng, seed.corp_name, b.userids(5), b.nowSec, b.demo)),
  routes: { ...schoolUserRoutes, ...schoolRoutes },
  mount: (host) => ({ admin: schoolAdmin(host) }),
};
