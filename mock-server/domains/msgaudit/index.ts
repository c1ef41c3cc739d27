/** What other modules may use of the message archive (the control plane, the benchmark). */
import { needs } from '../../core/tenancy/manifest.js';
import type { Domain } from '../types.js';
import { MsgauditState as State } from './state.js';
import { msgauditRoutes } from './routes.js';
import { archiveAdmin } from './admin.js';
export { MsgauditState, type ArchiveKey, type ArchiveStatus, type Room, type Robot } from './state.js';
export { MSGTYPES, MEDIA_TYPES, type Msgtype } from './messages.js';
export { pullChatData } from './routes.js';
export { requireArchive } from './rules.js';
export { registerKey, simulateChat, generateHistory, type ChatInput } from './simulate.js';

/** 会话内容存档 — the message archive. */
export const msgauditDomain: Domain<'msgaudit', State> = {
  name: 'msgaudit',
  state: (seed, corp, built) => {
    const contacts = needs(built, 'contacts', 'msgaudit');
    return new State(
      `${corp.seed}:${seed.corpid}`,
      (limit) => {
        const out: string[] = [];
        for (const m of contacts.users.values()) if (m.status === 1 && out.push(m.userid) >= limit) break;
        return out;
      },
      (userid) => contacts.getUser(userid)?.status,
    );
  },
  routes: msgauditRoutes,
  mount: (host) => ({ admin: archiveAdmin(host) }),
};
