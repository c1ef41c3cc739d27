/** What other modules may use of 邮件: the state (groups, public mailboxes, app mailboxes). */
import type { Domain } from '../types.js';
import { appRoutes } from './app-mailbox.js';
import { groupRoutes } from './groups.js';
import { ExmailState, seedExmail } from './state.js';
import { areaDomain } from '../demo.js';

export { ExmailState, type MailGroup, type PublicMailbox } from './state.js';

/** 邮件 — mail groups, public mailboxes, the app mailbox, member options, VIP seats. */
export const exmailDomain: Domain<'exmail', ExmailState> = {
  ...areaDomain('exmail', (b, seed) => seedExmail(new ExmailState(`${seed.corpid.toLowerCase()}.wecom.work`, b.rng), b.userids(), b.nowSec, b.demo)),
  routes: { ...groupRoutes, ...appRoutes },
};
