/** What other modules may use of 安全管理: its state (logs, trusted devices, security seats). */
import { securityTasks } from './routes.js';
import { Rng } from '../../core/runtime/rng.js';
import { needs } from '../../core/tenancy/manifest.js';
import type { Domain } from '../types.js';
import { securityRoutes } from './routes.js';
import { SecurityState, seedSecurity } from './state.js';

export { SecurityState } from './state.js';

/** 安全管理 — operation logs, file and screenshot records, trusted devices, security seats. */
export const securityDomain: Domain<'security', SecurityState> = {
  name: 'security',
  areas: ['security'],
  state: (seed, corp, built) => {
    const contacts = needs(built, 'contacts', 'security');
    const active = [...contacts.users.values()].filter((m) => m.status === 1).map((m) => ({ userid: m.userid, department: m.department }));
    const s = new SecurityState(new Rng(`${corp.seed}:${seed.corpid}:security`));
    return seedSecurity(s, active, Math.floor(corp.clock.nowMs() / 1000), corp.scenario !== 'empty');
  },
  routes: securityRoutes,
  tasks: securityTasks,
};
