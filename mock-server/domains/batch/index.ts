/** What other domains may use of batch: nothing yet besides its state type (the registry builds it). */
export { BatchState, type BatchJob, type BatchType } from './state.js';
