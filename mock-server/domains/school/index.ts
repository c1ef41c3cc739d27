/** What other modules may use of 家校沟通 (school): its state. */
import { Rng } from '../../core/runtime/rng.js';
import { needs } from '../../core/tenancy/manifest.js';
import type { Domain } from '../types.js';
import { SchoolState as State, seedSchool } from './state.js';
import { schoolRoutes } from './routes.js';
import { schoolUserRoutes } from './users.js';
import { schoolAdmin } from './admin.js';
export { SchoolState, type Student, type Parent, type SchoolDept } from './state.js';

/** 家校沟通 — the school's departments, students and parents, livings and payments. */
export const schoolDomain: Domain<'school', State> = {
  name: 'school',
  areas: ['school'],
  state: (seed, corp, built) => {
    const contacts = needs(built, 'contacts', 'school');
    const teachers = [...contacts.users.values()].filter((m) => m.status === 1).slice(0, 5).map((m) => m.userid);
    return seedSchool(new Rng(`${corp.seed}:${seed.corpid}:school`), seed.corp_name, teachers, Math.floor(corp.clock.nowMs() / 1000), corp.scenario !== 'empty');
  },
  routes: { ...schoolUserRoutes, ...schoolRoutes },
  mount: (host) => ({ admin: schoolAdmin(host) }),
};
