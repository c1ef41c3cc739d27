import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { OperationDef } from '../../../spec/generated/operations.js';
import type { Clock } from '../runtime/clock.js';
import type { Rng } from '../runtime/rng.js';
import type { CorpRegistry } from '../tenancy/registry.js';
import type { AppState, CorpState, SecretKind, TokenRecord } from '../tenancy/types.js';
import type { ThirdPartyToken } from '../tenancy/thirdparty.js';
import type { JsonFields, RawResponse } from './envelope.js';

/** Fields of an untyped query or body (typed handlers get their operation's types, see typed-route.ts). */
export type AnyFields = Record<string, unknown>;

/** What every handler gets; Q and B are the operation's query and body types (typed-route.ts). */
interface BaseContext<D, Q, B> {
  op: OperationDef;
  /** Query parameters, validated and coerced to the spec's types. */
  query: Q;
  /** The JSON body, validated ({} for operations without one). */
  body: B;
  /** The raw body of a JSON operation as received (long base64 fields emptied, see `base64`). */
  rawBody: Buffer | undefined;
  /**
   * The body's `contentEncoding: base64` fields that were decoded as they streamed in (their text is "" in
   * `body`): field → bytes, or undefined when the text was not strict base64. A field missing here is in `body`.
   */
  base64: ReadonlyMap<string, Buffer | undefined> | undefined;
  /**
   * The request itself, unread, for operations whose spec body is not JSON (bodyKind 'stream', e.g.
   * multipart uploads): the handler streams it and can refuse an oversized upload before reading it all.
   */
  request: IncomingMessage;
  headers: IncomingHttpHeaders;
  /** The caller's IP (IPv4 without the ::ffff: prefix). */
  ip: string;
  /** This server's base URL as the caller reached it (`http://host:port`). */
  baseUrl: string;
  registry: CorpRegistry<D>;
}

/** Context of an operation whose credential is a token: the corp and the caller are known. */
export interface CallContext<D, Q = AnyFields, B = AnyFields> extends BaseContext<D, Q, B> {
  corp: CorpState<D>;
  token: TokenRecord;
  secretKind: SecretKind;
  /** The calling app for app tokens. */
  app: AppState | undefined;
  clock: Clock;
  rng: Rng;
  /** Emits a domain event into the corp's event stream (callbacks deliver it). */
  emit(event: object): void;
}

/** Context of an operation without a token (gettoken, suite tokens…): the handler finds the corp. */
export interface PublicContext<D, Q = AnyFields, B = AnyFields> extends BaseContext<D, Q, B> {
  /** Set by the handler once it knows the corp, so the journal files the request under it. */
  corp: CorpState<D> | undefined;
  /** The suite or provider token the auth stage accepted (operations secured by suiteAccessToken / providerAccessToken). */
  thirdParty?: ThirdPartyToken | undefined;
}

export type HandlerResult = Record<string, unknown> | RawResponse | JsonFields;

/*
 * The route table as the pipeline sees it, erased of each operation's types. The handler is declared as a
 * method so that a typed handler (whose ctx is narrower) still fits: the pipeline only ever calls the
 * handler of K with K's validated query and body.
 */
type Bivariant<C> = { handle(ctx: C): HandlerResult | Promise<HandlerResult> }['handle'];
export type Handler<D> = Bivariant<CallContext<D>>;
export type PublicHandler<D> = Bivariant<PublicContext<D>>;

export interface PublicRoute<D> {
  public: true;
  handle: PublicHandler<D>;
}
export type Route<D> = Handler<D> | PublicRoute<D>;
