/** What other modules may use of 小程序支付: its state (merchants, orders, refunds). */
import { Rng } from '../../core/runtime/rng.js';
import type { Domain } from '../types.js';
import { miniapppayRoutes, miniapppayTasks } from './routes.js';
import { MiniapppayState, seedMiniapppay } from './state.js';

export { MiniapppayState, type Order, type PayMerchant } from './state.js';

/** 小程序支付 — JSAPI orders, refunds, signatures and sub-merchant applyments. */
export const miniapppayDomain: Domain<'miniapppay', MiniapppayState> = {
  name: 'miniapppay',
  areas: ['miniapppay'],
  state: (seed, corp) => seedMiniapppay(new MiniapppayState(new Rng(`${corp.seed}:${seed.corpid}:miniapppay`)), corp.clock.nowMs(), corp.scenario !== 'empty'),
  routes: miniapppayRoutes,
  tasks: miniapppayTasks,
};
