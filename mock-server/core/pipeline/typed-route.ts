/**
 * Handlers typed per operationId from the generated spec types (`operations` of spec/generated/openapi.ts).
 * Under key K a handler gets K's validated query and JSON body, and returns the fields of K's 200 answer
 * (without errcode/errmsg, which the envelope adds) or a RawResponse / JsonFields. A key that is not an
 * operation, an answer field the spec does not know, or a field of the wrong type fails the type check.
 * Generic over the per-corp domain state D: core knows no domain.
 */
import type { operations } from '../../../spec/generated/openapi.js';
import type { CallContext, PublicContext } from './context.js';
import type { JsonFields, RawResponse } from './envelope.js';

/** Every operationId of the spec. */
export type OperationId = keyof operations;

/** What an operation without a query or a JSON body receives: an empty object. */
export type NoFields = Record<string, never>;

type Defined<T> = [T] extends [never] ? never : Exclude<T, undefined>;

/** The validated query of an operation (coerced to the spec's types); {} when it has none. */
export type QueryOf<K extends OperationId> =
  Defined<operations[K]['parameters']['query']> extends infer Q ? ([Q] extends [never] ? NoFields : Q) : never;

/** The validated JSON body of an operation; {} when it has none or a non-JSON one (read from ctx.request). */
export type BodyOf<K extends OperationId> =
  Defined<operations[K]['requestBody']> extends infer R
    ? [R] extends [never]
      ? NoFields
      : R extends { content: { 'application/json': infer B } }
        ? B
        : NoFields
    : never;

/** T without errcode/errmsg, keeping its other fields, their modifiers and any index signature. */
type WithoutEnvelope<T> = { [P in keyof T as P extends 'errcode' | 'errmsg' ? never : P]: T[P] };

/** The JSON fields of an operation's 200 answer besides errcode/errmsg; never when it answers no JSON. */
export type AnswerOf<K extends OperationId> = operations[K]['responses'] extends { 200: { content: infer C } }
  ? C extends { 'application/json': infer J }
    ? WithoutEnvelope<J>
    : never
  : never;

/** What a handler of K may return: its answer fields, bytes of its own (downloads), or prebuilt JSON text. */
export type ResultOf<K extends OperationId> = AnswerOf<K> | RawResponse | JsonFields;

/** The context of K's handler (operations called with a token). */
export type CallContextOf<D, K extends OperationId> = CallContext<D, QueryOf<K>, BodyOf<K>>;
/** The context of K's handler (operations without a token). */
export type PublicContextOf<D, K extends OperationId> = PublicContext<D, QueryOf<K>, BodyOf<K>>;

export type TypedHandler<D, K extends OperationId> = (ctx: CallContextOf<D, K>) => ResultOf<K> | Promise<ResultOf<K>>;

/** A handler of an operation that takes no token (see publicRoute): query Q, body B, result R. */
export interface TypedPublicRoute<D, Q, B, R> {
  public: true;
  handle: (ctx: PublicContext<D, Q, B>) => R | Promise<R>;
}

export type TypedRoute<D, K extends OperationId> = TypedHandler<D, K> | TypedPublicRoute<D, QueryOf<K>, BodyOf<K>, ResultOf<K>>;

/** Handlers keyed by operationId, each typed by its operation. */
export type RouteMap<D> = { [K in OperationId]?: TypedRoute<D, K> };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyPublicRoute = TypedPublicRoute<any, any, any, any>;

/**
 * Marks the handler of an operation that takes no token (gettoken, suite tokens, file links…). Its ctx
 * is typed by the key it stands under in a route map (R is inferred from there, H keeps the handler's own
 * answer type so that routesOf can check its fields).
 */
export function publicRoute<R extends AnyPublicRoute, H extends R['handle']>(handle: H): { public: true; handle: H } {
  return { public: true, handle };
}

type AllKeys<A> = A extends unknown ? keyof A : never;
type Prop<A, P> = A extends unknown ? (P extends keyof A ? A[P] : never) : never;

/** R with every field the answer type A does not have turned into `never`, at any depth. */
type Exact<R, A> = R extends RawResponse | JsonFields
  ? R
  : R extends readonly (infer E)[]
    ? Exclude<A, undefined> extends readonly (infer AE)[]
      ? Exact<E, AE>[]
      : R
    : R extends object
      ? Exclude<A, undefined> extends object
        ? { [P in keyof R]: P extends AllKeys<Exclude<A, undefined>> ? Exact<R[P], Prop<Exclude<A, undefined>, P>> : never }
        : R
      : R;

type ExactResult<R, K extends OperationId> = Exact<Awaited<R>, AnswerOf<K>> | Promise<Exact<Awaited<R>, AnswerOf<K>>>;

type ExactRoute<Rt, K extends OperationId> = Rt extends (ctx: infer C) => infer R
  ? (ctx: C) => ExactResult<R, K>
  : Rt extends { public: true; handle: (ctx: infer C) => infer R }
    ? { public: true; handle: (ctx: C) => ExactResult<R, K> }
    : Rt;

/** What routesOf checks on top of RouteMap: each handler answers only fields of its operation's answer. */
export type ExactRoutes<M> = { [K in keyof M]: K extends OperationId ? ExactRoute<M[K], K> : never };

/**
 * Makes a route map builder for state D: `routesOf<D>()({ user_get: (ctx) => …, … })`. Each handler is
 * typed by its key, and may answer only fields of its operation's answer: a plain `RouteMap` annotation
 * would miss an extra field, because TypeScript checks no excess property on a function's returned object.
 */
export function routesOf<D>(): <M extends RouteMap<D>>(map: M & NoInfer<ExactRoutes<M>>) => M {
  return (map) => map;
}
