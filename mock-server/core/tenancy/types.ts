import type { Clock } from '../runtime/clock.js';
import type { Rng } from '../runtime/rng.js';
import type { Journal } from '../pipeline/journal.js';
import type { EventLog } from './events.js';
import type { ScheduledTask } from '../runtime/scheduler.js';
import type { CorpRegistry } from './registry.js';
import type { ScenarioName, SeedApp, SeedCallbackConfig } from '../../../fixtures/types.js';

/** Which kind of secret a token was issued for. */
export type SecretKind = 'app' | 'contacts' | 'customer_contact' | 'archive' | 'system';

/**
 * An API area that WeCom opens to a system app's own secret (打卡, 审批, 汇报, 微盘, 微信客服 …) and to the
 * self-built apps an admin lists as 可调用接口的应用 for it (core/tenancy/access.ts).
 */
export interface AreaAccess {
  /** The system app's secret (kind 'system'); its tokens may call this area only. */
  secret: string;
  /** Self-built apps allowed to call the area's APIs. */
  callable: Set<number>;
}

/** An app's callback URL and its crypto (fixtures/types.ts declares it for the seeds). */
export type CallbackConfig = SeedCallbackConfig;

/** A self-built app of a corp: what the seed declares (fixtures/types.ts), and who installed it. */
export interface AppState extends SeedApp {
  /** Set for a third-party app installed from a suite (domains/provider): reads show the provider's view. */
  third_party?: { suite_id: string; provider_corpid: string } | undefined;
}

export interface CorpSettings {
  /** WeCom's 2022 privacy rules (doc path/90196, 90201; errcode 48009): on by default. */
  post2022_rules: boolean;
  /** Multiplies the rate windows of limits.yaml for this corp. */
  rate_limit_scale: number;
  /** Seats (账号上限数) for the app-message day quota (seats × 200); undefined = max(200, member count). */
  message_seats?: number;
}

export interface TokenRecord {
  token: string;
  corpid: string;
  kind: SecretKind;
  /** The app's agentid for app tokens. */
  agentid: number | undefined;
  /** The area of a system app's token (kind 'system'). */
  area?: string | undefined;
  issuedAtMs: number;
  expiresAtMs: number;
}

/**
 * A corp's scheduled work, by kind: a handler declared in a domain's manifest (`tasks`) runs with the corp,
 * the task's arguments and the mock time it was due. Arguments are data of the corp's state (objects are
 * kept by reference), never closures, so pending work is saved in snapshots and re-armed on load.
 */
export type TaskHandler<D = unknown> = (corp: CorpState<D>, args: never, dueMs: number, registry: CorpRegistry<D>) => void;

/** Work due at a moment of the corp's mock time (core/runtime/scheduler.ts, bound to the corp). */
export interface CorpTimers {
  /** Runs the handler of `kind` with `args` once the corp's clock reaches `atMs`; dropped if the corp is deleted or reset. */
  at(atMs: number, label: string, kind: string, args?: unknown): ScheduledTask;
  /** Runs the handler of `kind` now (a job's completion runs its domain's handler this way). */
  run(kind: string, args: unknown, dueMs: number): void;
}

/** One corp: its credentials, clock, rng and one state object per domain (D). */
export interface CorpState<D = unknown> {
  corpid: string;
  corpName: string;
  seed: number;
  scenario: ScenarioName;
  secrets: { contacts: string; customer_contact: string; archive: string };
  apps: Map<number, AppState>;
  /** secret → what it unlocks. */
  secretIndex: Map<string, { kind: SecretKind; agentid: number | undefined; area?: string }>;
  /** API areas with a system secret and their callable self-built apps, by area name. */
  areas: Map<string, AreaAccess>;
  /** secret → the token currently valid for it (gettoken returns it again while valid). */
  currentToken: Map<string, TokenRecord>;
  settings: CorpSettings;
  clock: Clock;
  rng: Rng;
  journal: Journal;
  events: EventLog;
  /** Scheduled work on this corp's clock. */
  timers: CorpTimers;
  /** Rate counters of the pipeline, by operation index. */
  rateCounters: Map<string, unknown>;
  domains: D;
}
