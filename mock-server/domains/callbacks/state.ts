/**
 * Per-corp state of the callbacks domain: the system receivers' configuration (通讯录同步, 客户联系,
 * 会话存档 each have their own "接收事件服务器"), delivery options, the outbox, the members' inbox of
 * passive replies, tamper rules and the per-corp delivery queue. No HTTP, no errcodes.
 */
import { LIMITS } from '../../../spec/generated/limits.js';
import { ALNUM, Rng } from '../../core/runtime/rng.js';
import type { CallbackConfig } from '../../core/tenancy/types.js';
import { snapshotClass } from '../../core/runtime/graph.js';

/** Who receives: a self-built app, or one of the corp's system callbacks. */
export type ReceiverKind = 'app' | 'contacts' | 'customer_contact' | 'archive' | 'kf' | 'suite' | 'aibot';
export const SYSTEM_RECEIVERS = ['contacts', 'customer_contact', 'archive', 'kf'] as const;
export type SystemReceiver = (typeof SYSTEM_RECEIVERS)[number];

/** How the mock delivers to one receiver. */
export interface DeliveryOptions {
  /** How long a receiver has to answer a POST (WeCom: 5 s, doc path/90930). */
  reply_timeout_ms: number;
  /** Waits before the 2nd, 3rd… attempt; its length + 1 = attempts (WeCom: 3 in total, doc path/90930, 90238). */
  retry_backoff_ms: number[];
}

/** WeCom retries after some seconds (doc path/90930 gives no figure); tests shorten this per receiver. */
export const DEFAULT_RETRY_BACKOFF_MS: readonly number[] = [1000, 2000];

export function defaultDeliveryOptions(): DeliveryOptions {
  const retries = LIMITS.bound.callback_attempts.max - 1;
  return {
    reply_timeout_ms: LIMITS.lifetime.callback_reply_timeout.seconds * 1000,
    retry_backoff_ms: DEFAULT_RETRY_BACKOFF_MS.slice(0, retries),
  };
}

/** The address of a receiver: `app:1000002`, `contacts`, `customer_contact`, `archive`. */
export type ReceiverKey = string;

export function receiverKey(kind: ReceiverKind, agentid?: number | null): ReceiverKey {
  return kind === 'app' ? `app:${agentid ?? ''}` : kind;
}

/** A third-party suite's instruction callback (receiveid = suite_id), keyed by suite_id. */
export function suiteReceiverKey(suiteId: string): ReceiverKey {
  return `suite:${suiteId}`;
}

/** A receiver resolved for one delivery (configuration copied at enqueue time). */
export interface ReceiverSnapshot {
  kind: ReceiverKind;
  agentid: number | null;
  url: string;
  token: string;
  encoding_aes_key: string;
  options: DeliveryOptions;
  /** kind 'suite': the suite whose instruction callback receives (InfoType form, receiveid = suite_id). */
  suite_id?: string;
  /** Address for tamper rules when the kind and agentid do not name it (an AI bot: `aibot:BOTID`). */
  key?: ReceiverKey;
}

/**
 * What goes over the wire: `xml` is the app/system callback (`<xml><Encrypt/>…</xml>`, encrypted XML
 * passive reply); `json` is the AI bot's (`{"encrypt": …}` body, the reply `{"encrypt","msgsignature",
 * "timestamp","nonce"}`, receiveid empty; developer.work.weixin.qq.com/document/path/100719).
 */
export type DeliveryFormat = 'xml' | 'json';

export type AttemptOutcome = 'ok' | 'http_error' | 'timeout' | 'network_error';

/** One HTTP exchange with a receiver. */
export interface Attempt {
  n: number;
  /** Mock time when the attempt started, ms. */
  at: number;
  /** Wall-clock duration of the exchange, ms. */
  duration_ms: number;
  query: { msg_signature: string; timestamp: string; nonce: string };
  status: number | null;
  outcome: AttemptOutcome;
  error: string | null;
  /** The receiver's body (first 64 KiB). */
  reply_body: string | null;
  /** True for the extra copy sent by a `duplicate` tamper rule. */
  duplicate: boolean;
}

/** What the receiver's answer meant (doc path/90930, 90241). */
export interface ReplyRecord {
  /** none: empty or `success`; message: a valid encrypted passive reply; invalid: anything else. */
  kind: 'none' | 'message' | 'invalid';
  /** The decrypted reply as JSON (kind message). */
  message: Record<string, unknown> | null;
  /** The decrypted reply XML (kind message, format xml; null for json). */
  xml: string | null;
  /** Why the reply was refused (kind invalid). */
  error: string | null;
}

export type EntryState = 'pending' | 'delivered' | 'failed';
export type TamperMode = 'bad_signature' | 'wrong_receiveid' | 'duplicate' | 'delay';

/** One callback to one receiver, with every attempt (GET /__mock/callbacks). */
export interface OutboxEntry {
  id: string;
  corpid: string;
  /** seq of the domain event in GET /__mock/events. */
  event_seq: number | null;
  receiver: { kind: ReceiverKind; agentid: number | null; url: string };
  event_type: string;
  event: Record<string, unknown>;
  /** xml (default) or json (AI bots). */
  format: DeliveryFormat;
  /** The XML (or JSON, format json) before encryption. */
  plaintext: string;
  /** receiveid sealed into the ciphertext (corpid; suite_id for third-party instruction callbacks). */
  receive_id: string;
  /** ToUserName and AgentID of the encrypted envelope (doc path/90930). */
  to_user_name: string;
  envelope_agent_id: string;
  created_at: number;
  finished_at: number | null;
  state: EntryState;
  tamper: TamperMode[];
  delay_ms: number;
  attempts: Attempt[];
  reply: ReplyRecord | null;
}

/** An entry waiting in the corp's queue, with the receiver's keys as they were when it was queued. */
export interface DeliveryJob {
  entry: OutboxEntry;
  receiver: ReceiverSnapshot;
  /** Called once the receiver's answer is read (the AI bot follows its stream replies this way). */
  onReply?: (entry: OutboxEntry) => void;
}

/** A passive reply shown to a member (the admin "inbox"). */
export interface InboxMessage {
  entry_id: string;
  agentid: number | null;
  /** Mock time, ms. */
  time: number;
  msgtype: string;
  message: Record<string, unknown>;
}

/** A delivery rule of the admin API that tampers with what the mock sends. */
export interface TamperRule {
  id: string;
  mode: TamperMode;
  /** Only this receiver (`app:1000002`, `contacts`…); all when null. */
  receiver: ReceiverKey | null;
  delay_ms: number;
  /** Deliveries left; null = until removed. */
  remaining: number | null;
}

const INBOX_CAPACITY = LIMITS.bound.callback_inbox_per_member.max;

/** How much of the outbox a corp keeps (limits.yaml); tests pass smaller numbers. */
export interface OutboxRetention {
  /** Entries kept; finished ones go first. */
  entries: number;
  /** Mock milliseconds a finished entry is kept. */
  retentionMs: number;
}

export function defaultOutboxRetention(): OutboxRetention {
  return { entries: LIMITS.bound.callback_outbox_per_corp.max, retentionMs: LIMITS.lifetime.state_retention.seconds * 1000 };
}

/**
 * A FIFO worked by one async loop: per-corp ordering, never on the API request's path. Bounded: past
 * `maxItems` waiting, the oldest waiting item is handed to `onDrop` (a receiver slower than the event
 * stream must not grow the mock without end).
 */
export class DeliveryQueue<T> {
  private items: T[] = [];
  private running = false;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly worker: (item: T) => Promise<void>,
    private readonly maxItems: number = LIMITS.bound.callback_outbox_per_corp.max,
    private readonly onDrop?: (item: T) => void,
  ) {}

  get size(): number {
    return this.items.length + (this.running ? 1 : 0);
  }

  push(item: T): void {
    this.items.push(item);
    while (this.items.length > this.maxItems) {
      const dropped = this.items.shift()!;
      this.onDrop?.(dropped);
    }
    if (!this.running) void this.run();
  }

  /** Resolves when nothing is queued or in flight. */
  whenIdle(): Promise<void> {
    if (!this.running && this.items.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      for (let item = this.items.shift(); item !== undefined; item = this.items.shift()) {
        try {
          await this.worker(item);
        } catch {
          // The worker records its own failures; a throw here must not stop the corp's queue.
        }
      }
    } finally {
      this.running = false;
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
  }
}

export class CallbacksState {
  /** 通讯录同步 / 客户联系 / 会话存档 callbacks (apps keep theirs in core tenancy, AppState.callback). */
  readonly system = new Map<SystemReceiver, CallbackConfig>();
  /** suite_id → instruction callback of a suite this corp provides or has installed (domains/provider). */
  readonly suites = new Map<string, CallbackConfig>();
  readonly options = new Map<ReceiverKey, DeliveryOptions>();
  readonly outbox: OutboxEntry[] = [];
  readonly byId = new Map<string, OutboxEntry>();
  /** event seq → entries created for it. */
  readonly byEventSeq = new Map<number, OutboxEntry[]>();
  readonly inbox = new Map<string, InboxMessage[]>();
  readonly rules: TamperRule[] = [];
  /** Seeded apart from the corp's rng so deliveries, which run whenever the network lets them, never shift API outputs. */
  readonly rng: Rng;
  queue: DeliveryQueue<DeliveryJob> | undefined;
  private entrySeq = 0;
  private ruleSeq = 0;

  constructor(
    seed: string,
    readonly retention: OutboxRetention = defaultOutboxRetention(),
  ) {
    this.rng = new Rng(`${seed}:callbacks`);
    for (const kind of SYSTEM_RECEIVERS) {
      // Fresh keys as the console generates them: Token letters/digits, EncodingAESKey 43 letters/digits (doc path/90930).
      // Receivers added later (kf) draw from their own rng so the older receivers' keys and deliveries stay as they were.
      const rng = kind === 'kf' ? new Rng(`${seed}:callbacks:${kind}`) : this.rng;
      this.system.set(kind, { url: '', token: rng.string(24, ALNUM), encoding_aes_key: rng.string(43, ALNUM) });
    }
  }

  optionsFor(key: ReceiverKey): DeliveryOptions {
    return this.options.get(key) ?? defaultDeliveryOptions();
  }

  /** Records a new entry (bounded: the oldest finished entries go first, see sweep). */
  add(entry: Omit<OutboxEntry, 'id'>): OutboxEntry {
    const full: OutboxEntry = { id: `cb_${String(++this.entrySeq).padStart(6, '0')}`, ...entry };
    this.outbox.push(full);
    this.byId.set(full.id, full);
    if (full.event_seq !== null) {
      const list = this.byEventSeq.get(full.event_seq);
      if (list) list.push(full);
      else this.byEventSeq.set(full.event_seq, [full]);
    }
    this.sweep(full.created_at);
    return full;
  }

  /**
   * Drops finished entries past the retention (mock time), then the oldest finished ones beyond the
   * count. Pending entries stay (the delivery queue bounds them). Runs on every add; the full pass only
   * when the oldest entry is due or the outbox is a quarter over its bound.
   */
  sweep(nowMs: number): void {
    const { entries: max, retentionMs } = this.retention;
    const cutoff = nowMs - retentionMs;
    const first = this.outbox[0];
    const due = first !== undefined && first.state !== 'pending' && first.created_at < cutoff;
    if (!due && this.outbox.length <= max + (max >> 2)) return;
    let excess = this.outbox.length - max;
    const keep: OutboxEntry[] = [];
    for (const e of this.outbox) {
      if (e.state !== 'pending' && (e.created_at < cutoff || excess > 0)) {
        excess--;
        this.forget(e);
      } else keep.push(e);
    }
    this.outbox.length = 0;
    this.outbox.push(...keep);
  }

  private forget(e: OutboxEntry): void {
    this.byId.delete(e.id);
    if (e.event_seq === null) return;
    const list = this.byEventSeq.get(e.event_seq)?.filter((x) => x !== e);
    if (list && list.length > 0) this.byEventSeq.set(e.event_seq, list);
    else this.byEventSeq.delete(e.event_seq);
  }

  clearOutbox(): number {
    const finished = this.outbox.filter((e) => e.state !== 'pending');
    for (const e of finished) {
      this.byId.delete(e.id);
      if (e.event_seq !== null) this.byEventSeq.delete(e.event_seq);
    }
    const keep = this.outbox.filter((e) => e.state === 'pending');
    this.outbox.length = 0;
    this.outbox.push(...keep);
    return finished.length;
  }

  addInbox(userid: string, m: InboxMessage): void {
    const key = userid.toLowerCase();
    let list = this.inbox.get(key);
    if (!list) this.inbox.set(key, (list = []));
    list.push(m);
    if (list.length > INBOX_CAPACITY) list.splice(0, list.length - INBOX_CAPACITY);
  }

  addRule(rule: Omit<TamperRule, 'id'>): TamperRule {
    const full = { id: `rule_${++this.ruleSeq}`, ...rule };
    this.rules.push(full);
    return full;
  }

  removeRule(id: string): boolean {
    const i = this.rules.findIndex((r) => r.id === id);
    if (i < 0) return false;
    this.rules.splice(i, 1);
    return true;
  }

  /** The tamper rules that apply to the next delivery to `key` (consumes counted rules). */
  takeRules(key: ReceiverKey): TamperRule[] {
    const hit = this.rules.filter((r) => r.receiver === null || r.receiver === key);
    for (const r of hit) {
      if (r.remaining !== null) {
        r.remaining -= 1;
        if (r.remaining <= 0) this.removeRule(r.id);
      }
    }
    return hit;
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(CallbacksState, { transient: { queue: () => undefined } });
