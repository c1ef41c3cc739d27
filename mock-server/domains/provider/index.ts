/** What other modules may use of the service-provider domain (control plane, web pages, contacts views). */
import type { Domain } from '../types.js';
import { providerRoutes } from './routes.js';
import { providerAdmin } from './admin.js';
import { providerPages } from './pages.js';
import { ProviderCorpState, serviceFileTasks } from './service-files.js';
import { ticketPush } from './state.js';
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

/**
 * 服务商 — providers and suites are tenants of the registry (core/tenancy/thirdparty.ts); a provider's own corp
 * keeps its id-translation jobs (service-files.ts).
 */
export const providerDomain: Domain<'provider', ProviderCorpState> = {
  name: 'provider',
  state: () => new ProviderCorpState(),
  routes: providerRoutes,
  tasks: { ...serviceFileTasks, 'provider.suite_ticket': ticketPush },
  mount: (host) => ({ admin: providerAdmin(host), pages: providerPages(host) }),
};
