/**
 * A controllable clock. Every corp has its own clock running on top of the global one, so one test
 * advancing time (to expire tokens, codes, media…) never disturbs another corp. It never goes backwards.
 */
export class Clock {
  private offsetMs = 0;
  /** While set, nowMs() answers this (see `at`). */
  private pinnedMs: number | undefined;
  /** Called after this clock or any clock below it moved (only the root keeps listeners). */
  private readonly listeners = new Set<() => void>();
  constructor(private readonly parent?: Clock) {}

  /** Milliseconds since the epoch, mock time. */
  nowMs(): number {
    if (this.pinnedMs !== undefined) return this.pinnedMs;
    return (this.parent ? this.parent.nowMs() : Date.now()) + this.offsetMs;
  }

  /**
   * Runs `fn` with this clock reading `ms` (a corp's domain built on first use sees the moment the corp was
   * created, as if built with it). Nothing else runs meanwhile: `fn` is synchronous.
   */
  at<T>(ms: number, fn: () => T): T {
    const before = this.pinnedMs;
    this.pinnedMs = ms;
    try {
      return fn();
    } finally {
      this.pinnedMs = before;
    }
  }

  /** Whole seconds since the epoch, mock time (WeCom's timestamps). */
  nowSec(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  /** Moves this clock (and every child clock) forward, then tells the root's listeners (the scheduler). */
  advance(seconds: number): void {
    if (!(seconds >= 0) || !Number.isFinite(seconds)) throw new RangeError('the clock only moves forward');
    this.offsetMs += Math.round(seconds * 1000);
    for (const l of this.root().listeners) l();
  }

  /** A new clock reading `nowMs` now (a corp loaded from a snapshot resumes at the time it was saved). */
  static resumed(parent: Clock, nowMs: number): Clock {
    const c = new Clock(parent);
    c.offsetMs = Math.round(nowMs) - parent.nowMs();
    return c;
  }

  /** How far this clock runs ahead of its parent (or of real time), in seconds. */
  offsetSeconds(): number {
    return this.offsetMs / 1000 + (this.parent ? this.parent.offsetSeconds() : 0);
  }

  /** Calls `listener` after any clock of this tree is advanced; returns the unsubscribe function. */
  onAdvance(listener: () => void): () => void {
    const root = this.root();
    root.listeners.add(listener);
    return () => root.listeners.delete(listener);
  }

  private root(): Clock {
    let c: Clock = this;
    while (c.parent) c = c.parent;
    return c;
  }
}
