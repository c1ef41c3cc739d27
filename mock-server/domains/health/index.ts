/** What other modules may use of 健康上报: its state (jobs and answers). */
import { Rng } from '../../core/runtime/rng.js';
import { needs } from '../../core/tenancy/manifest.js';
import type { Domain } from '../types.js';
import { HealthState as State, seedHealth } from './state.js';
import { healthRoutes } from './routes.js';
export { HealthState, type HealthJob, type Answer } from './state.js';

/** 健康上报 — report jobs and answers. */
export const healthDomain: Domain<'health', State> = {
  name: 'health',
  areas: ['health'],
  state: (seed, corp, built) => {
    const contacts = needs(built, 'contacts', 'health');
    const active = [...contacts.users.values()].filter((m) => m.status === 1).map((m) => m.userid);
    return seedHealth(new Rng(`${corp.seed}:${seed.corpid}:health`), active, Math.floor(corp.clock.nowMs() / 1000), corp.scenario !== 'empty');
  },
  routes: healthRoutes,
};
