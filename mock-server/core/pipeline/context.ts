import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { OperationDef } from '../../../spec/generated/operations.js';
import type { Clock } from '../runtime/clock.js';
import type { Rng } from '../runtime/rng.js';
import type { CorpRegistry } from '../tenancy/registry.js';
import type { AppState, CorpState, SecretKind, TokenRecord } from '../tenancy/types.js';
import type { ThirdPartyToken } from '../tenancy/thirdparty.js';
import type { JsonFields, RawResponse } from './envelope.js';

/** What every handler gets. */
interface BaseContext<D> {
  op: OperationDef;
  /** Query parameters, validated and coerced to the spec's types. */
  query: Record<string, unknown>;
  /** The JSON body, validated ({} for operations without one). */
  body: Record<string, unknown>;
  /** The raw body of a JSON operation as received. */
  rawBody: Buffer | undefined;
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
export interface CallContext<D> extends BaseContext<D> {
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
export interface PublicContext<D> extends BaseContext<D> {
  /** Set by the handler once it knows the corp, so the journal files the request under it. */
  corp: CorpState<D> | undefined;
  /** The suite or provider token the auth stage accepted (operations secured by suiteAccessToken / providerAccessToken). */
  thirdParty?: ThirdPartyToken | undefined;
}

export type HandlerResult = Record<string, unknown> | RawResponse | JsonFields;
export type Handler<D> = (ctx: CallContext<D>) => HandlerResult | Promise<HandlerResult>;
export type PublicHandler<D> = (ctx: PublicContext<D>) => HandlerResult | Promise<HandlerResult>;

export interface PublicRoute<D> {
  public: true;
  handle: PublicHandler<D>;
}
export type Route<D> = Handler<D> | PublicRoute<D>;

/** Marks a handler of an operation that takes no token. */
export function publicRoute<D>(handle: PublicHandler<D>): PublicRoute<D> {
  return { public: true, handle };
}
