/** What other modules may use of the service-provider domain (control plane, web pages, contacts views). */
import type { Domain } from '../types.js';
import { providerRoutes } from './routes.js';
import { providerAdmin } from './admin.js';
import { providerPages } from './pages.js';
export {
  createProvider,
  createSuite,
  emitInstruction,
  install,
  issueAuthCode,
  issueSuiteOauthCode,
  openUseridFor,
  privilegeFor,
  providerCorp,
  pushTicket,
  uninstallApp,
  type SuiteInput,
} from './state.js';
export { cipherUserid, memberKeyByCipher } from './cipher.js';

/** 服务商 — providers and suites are tenants of the registry (core/tenancy/thirdparty.ts); no per-corp state. */
export const providerDomain: Domain<'provider', Record<string, never>> = {
  name: 'provider',
  state: () => ({}),
  routes: providerRoutes,
  mount: (host) => ({ admin: providerAdmin(host), pages: providerPages(host) }),
};
