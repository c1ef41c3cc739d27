/** What other modules may use of 汇报 (journal): the state, to read or add journals (tests, simulations). */
import { needs } from '../../core/tenancy/manifest.js';
import { Rng } from '../../core/runtime/rng.js';
import type { Domain } from '../types.js';
import { JournalState as State, seedJournal } from './state.js';
import { journalRoutes } from './routes.js';
export { JournalState, type JournalRecord, type JournalTemplate, type JournalControl, type JournalFile } from './state.js';

/** 汇报 — journal templates, records, statistics and attached files. */
export const journalDomain: Domain<'journal', State> = {
  name: 'journal',
  areas: ['journal'],
  state: (seed, corp, built) => {
    const contacts = needs(built, 'contacts', 'journal');
    const active = [...contacts.users.values()].filter((m) => m.status === 1).map((m) => m.userid);
    return seedJournal(new Rng(`${corp.seed}:${seed.corpid}:journal`), active, Math.floor(corp.clock.nowMs() / 1000), corp.scenario !== 'empty');
  },
  routes: journalRoutes,
};
