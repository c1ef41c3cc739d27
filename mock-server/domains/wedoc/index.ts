/** What other modules may use of 文档: the state and the record query (the bench drives it). */
import type { Domain } from '../types.js';
import { Rng } from '../../core/runtime/rng.js';
import { needs } from '../../core/tenancy/manifest.js';
import { WedocState as State } from './state.js';
import { wedocRoutes } from './routes.js';
import { seedWedoc } from './seed.js';
import { AREA } from './rules.js';

export { WedocState } from './state.js';
export { queryRecords, addRecords } from './smartsheet/records.js';

/** 文档 — documents, spreadsheets, smart sheets, forms and vip accounts. */
export const wedocDomain: Domain<'wedoc', State> = {
  name: 'wedoc',
  areas: [AREA],
  state: (seed, corp, built) => {
    const contacts = needs(built, 'contacts', 'wedoc');
    const state = new State(new Rng(`${corp.seed}:${seed.corpid}:wedoc`));
    if (corp.scenario !== 'empty') seedWedoc(state, seed, contacts, corp.clock.nowMs(), corp.scenario === 'large' ? 200 : 20);
    return state;
  },
  routes: wedocRoutes,
  credentials: (corp) => ({
    wedoc: {
      docs: [...corp.domains.wedoc.docs.values()].map((d) => ({ docid: d.docid, doc_type: d.doc_type, name: d.name, owner_agentid: d.ownerAgentid ?? null })),
      forms: [...corp.domains.wedoc.forms.keys()],
      smartsheet_webhooks: [...corp.domains.wedoc.webhooks.values()].map((w) => ({ key: w.key, docid: w.docid, sheet_id: w.sheet_id })),
    },
  }),
};
