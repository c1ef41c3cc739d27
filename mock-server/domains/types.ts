/** The per-corp state of every domain, derived from the manifests of domains/registry.ts, and the handler types bound to it. */
import type { CallContext, PublicContext } from '../core/pipeline/context.js';
import {
  routesOf,
  type CallContextOf,
  type OperationId,
  type PublicContextOf,
  type RouteMap,
} from '../core/pipeline/typed-route.js';
import type { CorpState } from '../core/tenancy/types.js';
import type { CorpRegistry } from '../core/tenancy/registry.js';
import type { DomainManifest } from '../core/tenancy/manifest.js';
import type { Host } from '../core/tenancy/host.js';
import type { DOMAINS } from './registry.js';

type Manifests = (typeof DOMAINS)[number];
type StateOf<M> = M extends DomainManifest<string, infer S, DomainStates> ? S : never;

/** domain name → its per-corp state (`corp.domains.contacts` …). */
export type DomainStates = { [M in Manifests as M['name']]: StateOf<M> };

/** A domain's manifest (each domains/<d>/index.ts exports one). */
export type Domain<N extends string, S> = DomainManifest<N, S, DomainStates>;

/** The one Corp type: a corp with every domain's state. */
export type Corp = CorpState<DomainStates>;
export type MockHost = Host<DomainStates>;
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

/** A domain's scheduled-work handlers by kind (its manifest's `tasks`): `(corp, args, dueMs)`, args being state data. */
export function defineTasks<T extends Record<string, (corp: Corp, args: never, dueMs: number, registry: CorpRegistry<DomainStates>) => void>>(tasks: T): T {
  return tasks;
}
