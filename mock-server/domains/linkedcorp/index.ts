/** What other modules may use of 互联企业 (linkedcorp): its state. */
import type { Domain } from '../types.js';
import { LinkedcorpState as State } from './state.js';
import { linkedcorpRoutes } from './routes.js';
import { linkedcorpAdmin } from './admin.js';
export { LinkedcorpState, type Link } from './state.js';

/**
 * 互联企业 — members and departments of linked corps. No demo links: the data is another corp's, and a corp
 * does not know the others when it is built; the control plane links them (POST /__mock/linkedcorp/links).
 */
export const linkedcorpDomain: Domain<'linkedcorp', State> = {
  name: 'linkedcorp',
  state: () => new State(),
  routes: linkedcorpRoutes,
  mount: (host) => ({ admin: linkedcorpAdmin(host) }),
};
