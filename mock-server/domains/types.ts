/** The per-corp state of every domain, and the handler types bound to it. */
import type { CallContext, PublicContext, Route } from '../core/pipeline/context.js';
import type { CorpState } from '../core/tenancy/types.js';
import type { TokensState } from './tokens/state.js';
import type { ContactsState } from './contacts/state.js';
import type { MediaState } from './media/state.js';
import type { ExportState } from './export/state.js';
import type { BatchState } from './batch/state.js';
import type { CallbacksState } from './callbacks/state.js';
import type { OauthState } from './oauth/state.js';
import type { ExternalContactState } from './externalcontact/state.js';
import type { MessageState } from './message/state.js';
import type { MsgauditState } from './msgaudit/state.js';

export interface DomainStates {
  tokens: TokensState;
  contacts: ContactsState;
  media: MediaState;
  export: ExportState;
  batch: BatchState;
  callbacks: CallbacksState;
  oauth: OauthState;
  externalcontact: ExternalContactState;
  message: MessageState;
  msgaudit: MsgauditState;
}

export type Corp = CorpState<DomainStates>;
export type Ctx = CallContext<DomainStates>;
export type PublicCtx = PublicContext<DomainStates>;
export type Routes = Record<string, Route<DomainStates>>;

import type { operations } from '../../spec/generated/openapi.js';

/** The validated query of an operation, typed from the spec: `ctx.query as QueryOf<'user_get'>`. */
export type QueryOf<K extends keyof operations> = operations[K] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** The validated JSON body of an operation, typed from the spec: `ctx.body as BodyOf<'user_list_id'>`. */
export type BodyOf<K extends keyof operations> = operations[K] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
