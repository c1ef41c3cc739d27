/** What other modules may use of 健康上报: its state (jobs and answers). */
import type { Domain } from '../types.js';
import { HealthState as State, seedHealth } from './state.js';
import { healthRoutes } from './routes.js';
import { areaDomain } from '../demo.js';
export { HealthState, type HealthJob, type Answer } from './state.js';

/** 健康上报 — report jobs and answers. */
export const healthDomain: Domain<'health', State> = {
  ...areaDomain('health', (b) => seedHealth(b.rng, b.userids(), b.nowSec, b.demo)),
  routes: healthRoutes,
};
