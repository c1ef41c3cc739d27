/** What other domains may use of export: nothing yet besides its state type (the registry builds it). */
import type { Domain } from '../types.js';
import { ExportState as State } from './state.js';
import { exportRoutes, exportTasks } from './routes.js';
export { ExportState, type ExportJob, type ExportKind } from './state.js';

/** 异步导出 — encrypted exports of the directory. */
export const exportDomain: Domain<'export', State> = {
  name: 'export',
  state: () => new State(),
  routes: exportRoutes,
  tasks: exportTasks,
};
