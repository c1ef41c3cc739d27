/**
 * A domain's manifest: everything the composition root (app.ts) needs to mount a domain. Each domain's
 * index.ts exports one; domains/registry.ts lists them, and the per-corp state type is derived from that
 * list. Adding a domain is a folder and one line in the registry.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { OperationDef } from '../../../spec/generated/operations.js';
import type { CorpSeed } from '../../../fixtures/types.js';
import type { AdminRoutes } from '../control/kit.js';
import type { Route } from '../pipeline/context.js';
import type { Host } from './host.js';
import type { CorpState, TaskHandler } from './types.js';

/** A corp while its domain states are being built (credentials, clock and rng are there already). */
export type CorpBase<D> = Omit<CorpState<D>, 'domains'>;

/**
 * A page a browser visits (spec operations with `x-wecom-page`): answers the request and resolves true, or
 * resolves false without touching the request so another domain's page may take it.
 */
export type PageHandler = (req: IncomingMessage, res: ServerResponse, op: OperationDef, qs: string) => Promise<boolean>;

/**
 * An HTTP upgrade (WebSocket) a domain answers: takes the socket and resolves true, or returns false
 * without touching it so another domain may take it. Tried in registry order on every listening server.
 */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

/** What a domain adds to the running mock when app.ts mounts it. */
export interface Mounted {
  /** Control-plane handlers by operationId (domains/<d>/admin.ts). */
  admin?: AdminRoutes;
  /** Page handlers (domains/<d>/pages.ts), tried in registry order. */
  pages?: readonly PageHandler[];
  /** Upgrade handlers (e.g. the AI bot's long connection), tried in registry order. */
  upgrades?: readonly UpgradeHandler[];
}

export interface DomainManifest<N extends string, S, D> {
  readonly name: N;
  /**
   * Builds the domain's state for one corp from its seed data. `built` holds the states of the domains
   * listed before this one in domains/registry.ts (the read interfaces this domain may need).
   */
  readonly state: (seed: CorpSeed, corp: CorpBase<D>, built: Partial<D>) => S;
  /**
   * API areas this domain owns whose APIs WeCom opens to a system app's secret and to listed self-built
   * apps (core/tenancy/access.ts): every corp gets a secret per area.
   */
  readonly areas?: readonly string[];
  /** WeCom handlers by operationId (the spec's operations of this domain's tag). */
  readonly routes?: Readonly<Record<string, Route<D>>>;
  /** Called once by app.ts: installs listeners and scheduled work; returns control-plane routes and pages. */
  readonly mount?: (host: Host<D>) => Mounted;
  /** Handlers of this domain's scheduled work by kind (`corp.timers.at(ms, label, kind, args)`); kinds are unique across domains. */
  readonly tasks?: Readonly<Record<string, TaskHandler<D>>>;
  /** Called for every new corp once all its states exist: per-corp scheduled work. */
  readonly corpCreated?: (corp: CorpState<D>, host: Host<D>) => void;
  /** The domain's part of a corp's credentials (POST /__mock/corps, the banner). */
  readonly credentials?: (corp: CorpState<D>) => Record<string, unknown>;
}

/** The state of another domain that a factory needs; a clear error when the registry lists them in the wrong order. */
export function needs<D, K extends keyof D>(built: Partial<D>, name: K, by: string): D[K] {
  const s = built[name];
  if (s === undefined) throw new Error(`domain ${by} needs ${String(name)}: list ${String(name)} before ${by} in domains/registry.ts`);
  return s;
}
