/** The per-corp state of every domain, and the handler types bound to it. */
import type { CallContext, PublicContext, Route } from '../core/pipeline/context.js';
import type { CorpState } from '../core/tenancy/types.js';
import type { TokensState } from './tokens/state.js';
import type { ContactsState } from './contacts/state.js';

export interface DomainStates {
  tokens: TokensState;
  contacts: ContactsState;
}

export type Corp = CorpState<DomainStates>;
export type Ctx = CallContext<DomainStates>;
export type PublicCtx = PublicContext<DomainStates>;
export type Routes = Record<string, Route<DomainStates>>;
