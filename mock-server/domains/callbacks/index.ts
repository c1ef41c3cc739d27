/** What other modules may use of the callbacks domain: delivery hook-up, verification, simulation, state types. */
export { CallbacksState, SYSTEM_RECEIVERS, receiverKey, suiteReceiverKey, defaultDeliveryOptions } from './state.js';
export type {
  DeliveryOptions,
  InboxMessage,
  OutboxEntry,
  ReceiverKind,
  ReceiverSnapshot,
  SystemReceiver,
  TamperMode,
  TamperRule,
} from './state.js';
export { installCallbackDelivery, verifyCallbackUrl, enqueue, type CallbackDelivery, type DeliveryEngine, type VerificationResult } from './delivery.js';
export { receiversFor } from './routing.js';
export { CallbackInputError, checkAesKey, checkCallbackUrl, checkToken } from './rules.js';
export { SimulationError, simulateEvent, simulateMessage, trackVisibleRange, type VisibleRangeChange } from './simulate.js';
export { renderPlaintext, renderInfoType, xmlToJson, eventTypeOf } from './xml.js';
export { CallbackHttp, type HttpResult } from './http.js';
