/** What other modules may use of the service-provider domain (control plane, web pages, contacts views). */
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
  pumpAllTickets,
  pumpTickets,
  pushTicket,
  uninstallApp,
  type SuiteInput,
} from './state.js';
export { cipherUserid, memberKeyByCipher } from './cipher.js';
