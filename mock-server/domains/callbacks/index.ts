/** What other modules may use of the callbacks domain: delivery hook-up, verification, simulation, state types. */
import type { Domain } from '../types.js';
import { CallbacksState as State } from './state.js';
import { installCallbackDelivery as install } from './delivery/delivery.js';
import { callbacksAdmin } from './admin.js';
export { CallbacksState, SYSTEM_RECEIVERS, receiverKey, suiteReceiverKey, defaultDeliveryOptions } from './state.js';
export type {
  DeliveryFormat,
  DeliveryOptions,
  InboxMessage,
  OutboxEntry,
  ReceiverKind,
  ReceiverSnapshot,
  SystemReceiver,
  TamperMode,
  TamperRule,
} from './state.js';
export { installCallbackDelivery, deliveryEngineOf, verifyCallbackUrl, enqueue, type CallbackDelivery, type DeliveryEngine, type VerificationResult } from './delivery/delivery.js';
export { receiversFor } from './delivery/routing.js';
export { checkAesKey, checkCallbackUrl, checkToken } from './rules.js';
export { MENU_EVENTS } from './events.js';
export { simulateEvent, simulateMessage, trackVisibleRange, type VisibleRangeChange } from './simulate.js';
export { renderPlaintext, renderInfoType, xmlToJson, eventTypeOf } from './delivery/xml.js';
export { CallbackHttp, type HttpResult } from './delivery/http.js';

/** 回调 — every domain's events, turned into WeCom's signed and encrypted callbacks (no WeCom operations of its own). */
export const callbacksDomain: Domain<'callbacks', State> = {
  name: 'callbacks',
  state: (seed, corp) => new State(`${corp.seed}:${seed.corpid}`),
  mount: (host) => {
    // Delivery listens on the corps' event streams from now on (app.ts mounts every domain once).
    const { engine } = install(host.registry, host.log);
    return { admin: callbacksAdmin(host, engine) };
  },
};
