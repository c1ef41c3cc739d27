/** What other modules may use of 汇报 (journal): the state, to read or add journals (tests, simulations). */
import type { Domain } from '../types.js';
import { JournalState as State, seedJournal } from './state.js';
import { journalRoutes } from './routes.js';
import { areaDomain } from '../demo.js';
export { JournalState, type JournalRecord, type JournalTemplate, type JournalControl, type JournalFile } from './state.js';

/** 汇报 — journal templates, records, statistics and attached files. */
export const journalDomain: Domain<'journal', State> = {
  ...areaDomain('journal', (b) => seedJournal(b.rng, b.userids(), b.nowSec, b.demo)),
  routes: journalRoutes,
};
