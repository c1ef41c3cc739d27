/**
 * Every domain, in one list. Adding a domain: create domains/<name>/ (routes.ts, state.ts, rules.ts, …) whose
 * index.ts exports a manifest (core/tenancy/manifest.ts), then add it here. The per-corp state type
 * (DomainStates in types.ts) is derived from this list; a domain's state factory sees the states of the
 * domains listed before it.
 */
import type { CorpSeed } from '../../fixtures/types.js';
import type { Route } from '../core/pipeline/context.js';
import type { CorpBase } from '../core/tenancy/manifest.js';
import type { TaskHandler } from '../core/tenancy/types.js';
import { CORE_TASKS } from '../core/runtime/jobs.js';
import type { DomainStates } from './types.js';
import { tokensDomain } from './tokens/index.js';
import { contactsDomain } from './contacts/index.js';
import { mediaDomain } from './media/index.js';
import { exportDomain } from './export/index.js';
import { batchDomain } from './batch/index.js';
import { callbacksDomain } from './callbacks/index.js';
import { oauthDomain } from './oauth/index.js';
import { externalcontactDomain } from './externalcontact/index.js';
import { messageDomain } from './message/index.js';
import { msgauditDomain } from './msgaudit/index.js';
import { providerDomain } from './provider/index.js';
import { agentDomain } from './agent/index.js';
import { idconvertDomain } from './idconvert/index.js';
import { aibotDomain } from './aibot/index.js';
import { journalDomain } from './journal/index.js';
import { meetingroomDomain } from './meetingroom/index.js';
import { hrDomain } from './hr/index.js';
import { healthDomain } from './health/index.js';
import { dialDomain } from './dial/index.js';
import { pstnccDomain } from './pstncc/index.js';
import { reportDomain } from './report/index.js';
import { corpgroupDomain } from './corpgroup/index.js';
import { linkedcorpDomain } from './linkedcorp/index.js';
import { schoolDomain } from './school/index.js';
import { wedriveDomain } from './wedrive/index.js';
import { kfDomain } from './kf/index.js';
import { chatdataDomain } from './chatdata/index.js';
import { checkinDomain } from './checkin/index.js';
import { approvalDomain } from './approval/index.js';
import { wedocDomain } from './wedoc/index.js';
import { calendarDomain } from './calendar/index.js';
import { livingDomain } from './living/index.js';
import { meetingDomain } from './meeting/index.js';
import { exmailDomain } from './exmail/index.js';
import { securityDomain } from './security/index.js';
import { cardDomain } from './card/index.js';
import { hardwareDomain } from './hardware/index.js';
import { miniapppayDomain } from './miniapppay/index.js';
import { externalpayDomain } from './externalpay/index.js';
import { mchpayDomain } from './mchpay/index.js';

export const DOMAINS = [
  tokensDomain,
  contactsDomain,
  mediaDomain,
  exportDomain,
  batchDomain,
  callbacksDomain,
  oauthDomain,
  externalcontactDomain,
  messageDomain,
  msgauditDomain,
  providerDomain,
  agentDomain,
  aibotDomain,
  journalDomain,
  meetingroomDomain,
  hrDomain,
  healthDomain,
  dialDomain,
  pstnccDomain,
  reportDomain,
  wedriveDomain,
  kfDomain,
  chatdataDomain,
  checkinDomain,
  approvalDomain,
  wedocDomain,
  idconvertDomain,
  calendarDomain,
  livingDomain,
  meetingDomain,
  corpgroupDomain,
  linkedcorpDomain,
  schoolDomain,
  exmailDomain,
  securityDomain,
  cardDomain,
  hardwareDomain,
  miniapppayDomain,
  externalpayDomain,
  mchpayDomain,
] as const;

/**
 * A corp's domain states, each built from the seed data on first use: a request (or a test) touching two
 * domains builds those two and what they need, so a corp is ready in the time of its directory and start-up
 * or a new test corp does not pay for 40 domains' demo data (issue 19, start-up). A domain built later sees
 * the corp's clock at its creation (Clock.at), and `built` shows it only the domains listed before it, as
 * when they were built in registry order. Domains with per-corp work (corpCreated) are built at creation.
 */
export function createDomainStates(seed: CorpSeed, corp: CorpBase<DomainStates>): DomainStates {
  const states = {} as Record<string, unknown>;
  const createdMs = corp.clock.nowMs();
  const building = new Set<string>();
  DOMAINS.forEach((d, i) => {
    const build = (): unknown => {
      if (building.has(d.name)) throw new Error(`domain ${d.name} needs itself while it is built (a cycle through domains/registry.ts)`);
      building.add(d.name);
      try {
        // The domains listed before this one, each built on first read.
        const earlier = {} as Record<string, unknown>;
        for (const e of DOMAINS.slice(0, i)) Object.defineProperty(earlier, e.name, { enumerable: true, get: () => states[e.name] });
        const value = corp.clock.at(createdMs, () => d.state(seed, corp, earlier as Partial<DomainStates>));
        Object.defineProperty(states, d.name, { value, enumerable: true, writable: true, configurable: true });
        return value;
      } finally {
        building.delete(d.name);
      }
    };
    Object.defineProperty(states, d.name, {
      enumerable: true,
      configurable: true,
      get: build,
      // A state given before it was ever built (a snapshot being loaded) simply takes its place.
      set: (value: unknown) => Object.defineProperty(states, d.name, { value, enumerable: true, writable: true, configurable: true }),
    });
  });
  return states as DomainStates;
}

/** Handlers by operationId, from every domain; an operationId answered by two domains is a bug caught at load. */
export const routes: Readonly<Record<string, Route<DomainStates>>> = (() => {
  const out: Record<string, Route<DomainStates>> = {};
  for (const d of DOMAINS) {
    for (const [id, route] of Object.entries(d.routes ?? {})) {
      if (out[id]) throw new Error(`operation ${id} has handlers in two domains (the second is ${d.name})`);
      out[id] = route;
    }
  }
  return out;
})();

/** Every handler of scheduled work by kind: core's (job books, state.assign) and each domain's; a kind declared twice is a bug caught at load. */
export const taskHandlers: Readonly<Record<string, TaskHandler<DomainStates>>> = (() => {
  const out: Record<string, TaskHandler<DomainStates>> = { ...(CORE_TASKS as Record<string, TaskHandler<DomainStates>>) };
  for (const d of DOMAINS) {
    for (const [kind, h] of Object.entries((d as { tasks?: Record<string, TaskHandler<DomainStates>> }).tasks ?? {})) {
      if (out[kind]) throw new Error(`scheduled task kind ${kind} is declared twice (the second by ${d.name})`);
      out[kind] = h;
    }
  }
  return out;
})();

/** operationIds that have a handler (the coverage table and /__mock/coverage use it). */
export function implementedOperations(): Set<string> {
  return new Set(Object.keys(routes));
}
