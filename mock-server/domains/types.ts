/** The per-corp state of every domain, derived from the manifests of domains/registry.ts, and the handler types bound to it. */
import type { CallContext, PublicContext, Route } from '../core/pipeline/context.js';
import type { CorpState } from '../core/tenancy/types.js';
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
