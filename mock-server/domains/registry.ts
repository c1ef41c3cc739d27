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
import { MediaState } from './media/state.js';
import { mediaRoutes } from './media/routes.js';
import { ExportState } from './export/state.js';
import { exportRoutes } from './export/routes.js';
import { BatchState } from './batch/state.js';
import { batchRoutes } from './batch/routes.js';
import { CallbacksState } from './callbacks/state.js';
import { OauthState } from './oauth/state.js';
import { oauthRoutes } from './oauth/routes.js';
import { providerRoutes } from './provider/routes.js';
import { ExternalContactState } from './externalcontact/state.js';
import { externalcontactRoutes } from './externalcontact/routes.js';
import { MessageState } from './message/state.js';
import { messageRoutes } from './message/routes.js';
import { MsgauditState } from './msgaudit/state.js';
import { msgauditRoutes } from './msgaudit/routes.js';

/** Builds a corp's domain states from its seed data. */
export function createDomainStates(seed: CorpSeed, _corp: Omit<CorpState<DomainStates>, 'domains'>): DomainStates {
  const contacts = ContactsState.fromSeed(seed);
  return {
    tokens: new TokensState(),
    contacts,
    media: new MediaState(),
    export: new ExportState(),
    batch: new BatchState(),
    callbacks: new CallbacksState(`${_corp.seed}:${seed.corpid}`),
    oauth: new OauthState(),
    externalcontact: ExternalContactState.fromSeed(seed, `${_corp.seed}:${seed.corpid}`),
    message: new MessageState(),
    msgaudit: new MsgauditState(
      `${_corp.seed}:${seed.corpid}`,
      (limit) => {
        const out: string[] = [];
        for (const m of contacts.users.values()) if (m.status === 1 && out.push(m.userid) >= limit) break;
        return out;
      },
      (userid) => contacts.getUser(userid)?.status,
    ),
  };
}

/** Handlers by operationId. */
export const routes: Routes = {
  ...tokensRoutes,
  ...contactsRoutes,
  ...mediaRoutes,
  ...exportRoutes,
  ...batchRoutes,
  ...oauthRoutes,
  ...providerRoutes,
  ...externalcontactRoutes,
  ...messageRoutes,
  ...msgauditRoutes,
};

/** operationIds that have a handler (the README coverage table and /__mock/coverage use it). */
export function implementedOperations(): Set<string> {
  return new Set(Object.keys(routes));
}
