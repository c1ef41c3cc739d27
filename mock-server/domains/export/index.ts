/** What other domains may use of export: nothing yet besides its state type (the registry builds it). */
export { ExportState, type ExportJob, type ExportKind } from './state.js';
