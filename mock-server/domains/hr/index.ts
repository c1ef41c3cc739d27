/** What other modules may use of 人事助手 (hr): the roster state and the field catalogue. */
import { Rng } from '../../core/runtime/rng.js';
import { needs } from '../../core/tenancy/manifest.js';
import type { Domain } from '../types.js';
import { HrState as State, seedHr } from './state.js';
import { hrRoutes } from './routes.js';
export { HrState } from './state.js';
export { GROUPS, FIELDS } from './fields.js';

/** 人事助手 — the staff roster (花名册). */
export const hrDomain: Domain<'hr', State> = {
  name: 'hr',
  areas: ['hr'],
  state: (seed, corp, built) => {
    const contacts = needs(built, 'contacts', 'hr');
    const active = [...contacts.users.values()].filter((m) => m.status === 1);
    return seedHr(new Rng(`${corp.seed}:${seed.corpid}:hr`), active, Math.floor(corp.clock.nowMs() / 1000), corp.scenario !== 'empty');
  },
  routes: hrRoutes,
};
