import { LIMITS } from '../../../spec/generated/limits.js';
import { snapshotClass } from '../runtime/graph.js';

/** A corp's stream of domain events (the callback domain delivers them; the admin API shows them). */
export interface LoggedEvent<E = Record<string, unknown>> {
  seq: number;
  /** Mock time, ms. */
  time: number;
  event: E;
}

export type EventListener = (corpid: string, e: LoggedEvent) => void;

export interface EventLogOptions {
  /** Most events kept (default limits.yaml events_per_corp). */
  capacity?: number;
  /** Mock milliseconds an event is kept (default limits.yaml state_retention). */
  retentionMs?: number;
}

/** Bounded in-memory log (by count and by mock time); listeners are called synchronously and must not throw. */
export class EventLog {
  private items: LoggedEvent[] = [];
  private seq = 0;
  private readonly capacity: number;
  private readonly retentionMs: number;
  constructor(
    private readonly corpid: string,
    private readonly listeners: ReadonlySet<EventListener>,
    options: EventLogOptions = {},
  ) {
    this.capacity = options.capacity ?? LIMITS.bound.events_per_corp.max;
    this.retentionMs = options.retentionMs ?? LIMITS.lifetime.state_retention.seconds * 1000;
  }

  /** Appends an event (a plain object with WeCom's XML field names, typed from spec/webhooks). */
  push(time: number, event: object): LoggedEvent {
    const e: LoggedEvent = { seq: ++this.seq, time, event: event as Record<string, unknown> };
    this.items.push(e);
    this.sweep(time);
    for (const l of this.listeners) l(this.corpid, e);
    return e;
  }

  /**
   * Drops events past the retention (mock time) and beyond the capacity. Cheap when there is nothing to
   * drop (it looks at the oldest event only), so it runs on every push.
   */
  sweep(nowMs: number): void {
    const cutoff = nowMs - this.retentionMs;
    let drop = 0;
    while (drop < this.items.length && this.items[drop]!.time < cutoff) drop++;
    // Trim the overflow in batches (a quarter of the capacity at a time) so a long stream does not shift the array per push.
    if (this.items.length - drop > this.capacity + (this.capacity >> 2)) drop = this.items.length - this.capacity;
    if (drop > 0) this.items.splice(0, drop);
  }

  /** Events kept. */
  get size(): number {
    return this.items.length;
  }

  since(seq: number): LoggedEvent[] {
    return this.items.filter((e) => e.seq > seq);
  }

  clear(): void {
    this.items = [];
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(EventLog);
