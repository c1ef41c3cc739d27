/**
 * What the running mock hands to the control plane, the pages and the domains: the one place they get
 * the registry, clocks, scheduler, faults and limiter from. Only the composition root (app.ts) builds it,
 * so nothing below needs to import app.ts.
 */
import type { Clock } from '../runtime/clock.js';
import type { Scheduler } from '../runtime/scheduler.js';
import type { FaultStore } from '../pipeline/faults.js';
import type { RateLimiter } from '../pipeline/limits.js';
import type { CorpRegistry, CorpSpec } from './registry.js';
import type { CorpState } from './types.js';

export interface Host<D> {
  registry: CorpRegistry<D>;
  /** The global mock clock; every corp clock runs on top of it. */
  clock: Clock;
  scheduler: Scheduler;
  faults: FaultStore;
  limiter: RateLimiter;
  /** Where unexpected errors and notices go (stderr unless the app was given a log). */
  log(message: string): void;
  /** Required on /__mock/* when set. */
  adminToken: string | undefined;
  /** The local CA's directory (--ca-dir; default WECOM_MOCK_CA_DIR or ~/.wecom-mock/ca): merchants' API certificates come from it. */
  caDir: string | undefined;
  /** Creates a corp (seed and scenario default like POST /__mock/corps). */
  createCorp(spec: Partial<CorpSpec>): CorpState<D>;
}
