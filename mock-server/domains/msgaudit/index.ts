/** What other modules may use of the message archive (the control plane, the benchmark). */
import { createHash } from 'node:crypto';
import { needs } from '../../core/tenancy/manifest.js';
import type { Domain } from '../types.js';
import { MsgauditState as State } from './state.js';
import { msgauditRoutes } from './routes.js';
import { archiveAdmin } from './admin.js';
import { archiveCast } from './simulate.js';
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
    const state = new State(`${corp.seed}:${seed.corpid}`, contacts);
    // The seed's archive history (issue 23): chats of the demo customers and customer groups over the last
    // three days, archived while the archive is on; they take the first key the admin registers (state.adoptDemoHistory).
    const n = seed.customer_contact.archive_records;
    if (n > 0 && state.status === 'enabled') {
      const now = corp.clock.nowMs();
      state.generate(createHash('sha256').update(`archive-demo:${corp.seed}:${seed.corpid}`).digest().readUInt32BE(0), n, now - 3 * 86_400_000, now, archiveCast(built.externalcontact));
      state.demoBatch = state.lastBatch;
    }
    return state;
  },
  routes: msgauditRoutes,
  mount: (host) => ({ admin: archiveAdmin(host) }),
};
