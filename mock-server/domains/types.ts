/** The per-corp state of every domain, and the handler types bound to it. */
import type { CallContext, PublicContext } from '../core/pipeline/context.js';
import {
  routesOf,
  type CallContextOf,
  type OperationId,
  type PublicContextOf,
  type RouteMap,
} from '../core/pipeline/typed-route.js';
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
/** A handler's context with an untyped query and body (helpers shared by several operations take this). */
export type Ctx = CallContext<DomainStates>;
export type PublicCtx = PublicContext<DomainStates>;
/** The context of operation K's handler: K's query and body (core/pipeline/typed-route.ts). */
export type CtxOf<K extends OperationId> = CallContextOf<DomainStates, K>;
export type PublicCtxOf<K extends OperationId> = PublicContextOf<DomainStates, K>;
/** Handlers by operationId, typed per operation. */
export type Routes = RouteMap<DomainStates>;
/** Builds a domain's route map: `export const xRoutes = defineRoutes({ op_id: (ctx) => …, … })`. */
export const defineRoutes = routesOf<DomainStates>();
export type { AnswerOf, BodyOf, QueryOf } from '../core/pipeline/typed-route.js';
