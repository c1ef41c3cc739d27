/** What other domains may use of tokens. */
import type { Domain } from '../types.js';
import { TokensState } from './state.js';
import { tokensRoutes } from './routes.js';
export { TokensState, type Ticket } from './state.js';

/** 获取 access_token and the JS-SDK tickets. */
export const tokensDomain: Domain<'tokens', TokensState> = {
  name: 'tokens',
  state: () => new TokensState(),
  routes: tokensRoutes,
};
