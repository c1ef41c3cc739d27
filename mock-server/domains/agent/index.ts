/**
 * 应用管理 — a corp's self-built apps. The apps themselves (agentid, secret, visible range, callback) are
 * part of the corp's tenancy (core/tenancy), since every domain checks callers against them; this domain
 * owns their control plane, and is where agent/*, menu/* and workbench operations belong.
 */
import type { Domain } from '../types.js';
import { agentAdmin } from './admin.js';

export const agentDomain: Domain<'agent', Record<string, never>> = {
  name: 'agent',
  state: () => ({}),
  mount: (host) => ({ admin: agentAdmin(host) }),
};
