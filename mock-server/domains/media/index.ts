/** What other domains may use of media: reading a live temporary media of a corp (batch jobs read CSVs). */
export { MediaState, type MediaItem, type MediaType } from './state.js';
