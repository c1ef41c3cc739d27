/** What other domains may use of tokens. */
export { TokensState, type Ticket } from './state.js';
