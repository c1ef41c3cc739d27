/** A corp's stream of domain events (the callback domain delivers them; the admin API shows them). */
export interface LoggedEvent<E = Record<string, unknown>> {
  seq: number;
  /** Mock time, ms. */
  time: number;
  event: E;
}

export type EventListener = (corpid: string, e: LoggedEvent) => void;

/** Bounded in-memory log; listeners are called synchronously and must not throw. */
export class EventLog {
  private items: LoggedEvent[] = [];
  private seq = 0;
  constructor(
    private readonly corpid: string,
    private readonly capacity: number,
    private readonly listeners: ReadonlySet<EventListener>,
  ) {}

  /** Appends an event (a plain object with WeCom's XML field names, typed from spec/webhooks). */
  push(time: number, event: object): LoggedEvent {
    const e: LoggedEvent = { seq: ++this.seq, time, event: event as Record<string, unknown> };
    this.items.push(e);
    // Trim in batches (a quarter of the capacity at a time) so a long stream does not shift the array per push.
    if (this.items.length > this.capacity + (this.capacity >> 2)) this.items.splice(0, this.items.length - this.capacity);
    for (const l of this.listeners) l(this.corpid, e);
    return e;
  }

  since(seq: number): LoggedEvent[] {
    return this.items.filter((e) => e.seq > seq);
  }

  clear(): void {
    this.items = [];
  }
}
