/**
 * What other domains and the control plane may use of customer contact: the state, the per-caller
 * external_userid (the provider issue derives its ids with a provider key), and the simulations.
 */
import type { Domain } from '../types.js';
import { ExternalContactState as State } from './state.js';
import { externalcontactRoutes } from './routes.js';
import { momentsTasks } from './moments/routes.js';
import { completeTransfer } from './transfers/writes.js';
import type { Transfer } from './transfers/state.js';
import { externalcontactAdmin } from './admin.js';
import type { Corp } from '../types.js';
import { externalUseridOf, providerCaller, CORP_CALLER } from './ids.js';
import type { Customer } from './state.js';
import { seedDemo } from './demo.js';
import { userKey, type Member } from '../contacts/index.js';
import { hasFeature } from './rules.js';

export { ExternalContactState, type Customer, type ContactWay, type GroupChat } from './state.js';
export { CORP_CALLER, providerCaller, customerByExternalUserid, externalUseridOf } from './ids.js';
// The simulations of customers and groups (what the control plane drives) are public as a whole.
export * from './simulate.js';

/**
 * The external_userid of `customer` for a caller (doc path/92109): `CORP_CALLER` for the corp's own apps and
 * secrets, `providerCaller(id)` for a service provider (all its apps share one id). Stable and distinct per caller.
 */
export function externalUseridFor(corp: Corp, customer: Customer, callerKey: string = CORP_CALLER): string {
  return externalUseridOf(corp.domains.externalcontact, customer, callerKey);
}

export { providerCaller as providerCallerKey };

/**
 * Is the corp's app `agentid` a 可调用应用 of customer contact (the control plane's `callable_agentids`)? Such apps
 * may call the customer-contact API and get the `change_external_*` callbacks (the callbacks domain asks).
 */
export function isCallableApp(corp: Corp, agentid: number): boolean {
  return corp.domains.externalcontact.settings.callable.has(agentid);
}

/** Has member `m` the customer-contact feature (without it the member's customer calls answer 84074)? */
export function hasCustomerContactFeature(corp: Corp, m: Member): boolean {
  return hasFeature(corp.domains.externalcontact, m);
}

/** 客户联系 — contact ways, customers, customer groups, corp tags. */
export const externalcontactDomain: Domain<'externalcontact', State> = {
  name: 'externalcontact',
  state: (seed, corp) => State.fromSeed(seed, `${corp.seed}:${seed.corpid}`, corp.clock.nowSec()),
  routes: externalcontactRoutes,
  tasks: {
    ...momentsTasks,
    'externalcontact.transfer': (corp, a: { t: Transfer }) => completeTransfer(corp, a.t),
  },
  credentials: (corp) => {
    const s = corp.domains.externalcontact;
    const first = s.customers.values().next().value;
    return {
      customer_contact: {
        customers: s.customers.size,
        group_chats: s.chats.size,
        contact_ways: s.ways.size,
        sample_external_userid: first ? externalUseridOf(s, first, CORP_CALLER) : '',
      },
    };
  },
  mount: (host) => {
    // A member deleted from contacts has resigned (doc path/92124): their customers wait in get_unassigned_list
    // with the deletion time, and the customer groups they own show status 1 (owner resigned, doc path/92120).
    host.registry.eventListeners.add((corpid, e) => {
      if (e.event['Event'] !== 'change_contact' || e.event['ChangeType'] !== 'delete_user') return;
      const corp = host.registry.get(corpid);
      const userid = e.event['UserID'];
      if (!corp || typeof userid !== 'string') return;
      const s = corp.domains.externalcontact;
      s.transfers.resigned.set(userKey(userid), { userid, dimission_time: Math.floor(e.time / 1000) });
      for (const chat of s.chats.values()) if (!chat.dismissed && userKey(chat.owner) === userKey(userid)) chat.status = 1;
    });
    return { admin: externalcontactAdmin(host) };
  },
  corpCreated: (corp) => seedDemo(corp),
};

