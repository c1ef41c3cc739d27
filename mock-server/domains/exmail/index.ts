/** What other modules may use of 邮件: the state (groups, public mailboxes, app mailboxes). */
import { Rng } from '../../core/runtime/rng.js';
import { needs } from '../../core/tenancy/manifest.js';
import type { Domain } from '../types.js';
import { appRoutes } from './app-mailbox.js';
import { groupRoutes } from './groups.js';
import { ExmailState, seedExmail } from './state.js';

export { ExmailState, type MailGroup, type PublicMailbox } from './state.js';

/** 邮件 — mail groups, public mailboxes, the app mailbox, member options, VIP seats. */
export const exmailDomain: Domain<'exmail', ExmailState> = {
  name: 'exmail',
  areas: ['exmail'],
  state: (seed, corp, built) => {
    const contacts = needs(built, 'contacts', 'exmail');
    const active = [...contacts.users.values()].filter((m) => m.status === 1).map((m) => m.userid);
    const rng = new Rng(`${corp.seed}:${seed.corpid}:exmail`);
    const s = new ExmailState(`${seed.corpid.toLowerCase()}.wecom.work`, rng);
    return seedExmail(s, active, Math.floor(corp.clock.nowMs() / 1000), corp.scenario !== 'empty');
  },
  routes: { ...groupRoutes, ...appRoutes },
};
