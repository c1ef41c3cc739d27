/** What other domains may use of batch: nothing yet besides its state type (the registry builds it). */
import type { Domain } from '../types.js';
import { BatchState as State } from './state.js';
import { batchRoutes, batchTasks } from './routes.js';
export { BatchState, type BatchJob, type BatchType } from './state.js';

/** 异步批量 — CSV imports of members and departments. */
export const batchDomain: Domain<'batch', State> = {
  name: 'batch',
  state: () => new State(),
  routes: batchRoutes,
  tasks: batchTasks,
};
