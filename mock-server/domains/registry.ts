/**
 * Every domain, wired together: the per-corp state factory and the handler table keyed by operationId.
 * Adding a domain: create domains/<domain>/ with the usual files, add its state to DomainStates
 * (types.ts), its factory to createDomainStates and its routes to `routes`.
 */
import type { CorpSeed } from '../../fixtures/types.js';
import type { CorpState } from '../core/tenancy/types.js';
import type { DomainStates, Routes } from './types.js';
import { TokensState } from './tokens/state.js';
import { tokensRoutes } from './tokens/routes.js';
import { ContactsState } from './contacts/state.js';
import { contactsRoutes } from './contacts/routes.js';

/** Builds a corp's domain states from its seed data. */
export function createDomainStates(seed: CorpSeed, _corp: Omit<CorpState<DomainStates>, 'domains'>): DomainStates {
  return {
    tokens: new TokensState(),
    contacts: ContactsState.fromSeed(seed),
  };
}

/** Handlers by operationId. */
export const routes: Routes = {
  ...tokensRoutes,
  ...contactsRoutes,
};

/** operationIds that have a handler (the README coverage table and /__mock/coverage use it). */
export function implementedOperations(): Set<string> {
  return new Set(Object.keys(routes));
}
