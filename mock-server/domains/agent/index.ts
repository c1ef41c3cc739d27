/**
 * 应用管理 — a corp's self-built apps. The apps themselves (agentid, secret, visible range, callback) are
 * part of the corp's tenancy (core/tenancy), since every domain checks callers against them; this domain
 * owns their control plane and agent/*, menu/* and the workbench operations. Its state's `menuButtons` is
 * the read the callbacks simulation uses: a member can only click a button of the app's menu.
 */
import type { Domain } from '../types.js';
import { agentAdmin } from './admin.js';
import { agentRoutes } from './routes.js';
import { AgentState } from './state.js';

export { AgentState, MENU_EVENT_TYPES, type MenuButton } from './state.js';

export const agentDomain: Domain<'agent', AgentState> = {
  name: 'agent',
  state: (seed, corp) => new AgentState(seed, corp.scenario),
  routes: agentRoutes,
  mount: (host) => ({ admin: agentAdmin(host) }),
};
