/** What other modules may use of 企业互联 / 上下游 (corpgroup): its state. */
import { Rng } from '../../core/runtime/rng.js';
import type { Domain } from '../types.js';
import { CorpgroupState as State, seedCorpgroup } from './state.js';
import { corpgroupRoutes, corpgroupTasks } from './routes.js';
import { corpgroupAdmin } from './admin.js';
export { CorpgroupState, type Share, type Chain, type ChainCorp } from './state.js';

/** 企业互联 / 上下游 — member corps, shared apps, chains and their rules. */
export const corpgroupDomain: Domain<'corpgroup', State> = {
  name: 'corpgroup',
  state: (seed, corp) => seedCorpgroup(new Rng(`${corp.seed}:${seed.corpid}:corpgroup`), corp.scenario !== 'empty'),
  routes: corpgroupRoutes,
  tasks: corpgroupTasks,
  mount: (host) => ({ admin: corpgroupAdmin(host) }),
};
