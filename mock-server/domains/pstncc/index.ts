/** What other modules may use of 紧急通知: its calls (read-only for tests). */
import type { Domain } from '../types.js';
import { PstnccState as State } from './state.js';
import { pstnccRoutes } from './routes.js';
export { PstnccState, type Call } from './state.js';

/** 紧急通知 — voice calls whose state advances with the mock clock. */
export const pstnccDomain: Domain<'pstncc', State> = {
  name: 'pstncc',
  areas: ['pstncc'],
  state: () => new State(),
  routes: pstnccRoutes,
};
