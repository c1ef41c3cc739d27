/**
 * A controllable clock. Every corp has its own clock running on top of the global one, so one test
 * advancing time (to expire tokens, codes, media…) never disturbs another corp. It never goes backwards.
 */
export class Clock {
  private offsetMs = 0;
  constructor(private readonly parent?: Clock) {}

  /** Milliseconds since the epoch, mock time. */
  nowMs(): number {
    return (this.parent ? this.parent.nowMs() : Date.now()) + this.offsetMs;
  }

  /** Whole seconds since the epoch, mock time (WeCom's timestamps). */
  nowSec(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  /** Moves this clock (and every child clock) forward. */
  advance(seconds: number): void {
    if (!(seconds >= 0) || !Number.isFinite(seconds)) throw new RangeError('the clock only moves forward');
    this.offsetMs += Math.round(seconds * 1000);
  }

  /** How far this clock runs ahead of its parent (or of real time), in seconds. */
  offsetSeconds(): number {
    return this.offsetMs / 1000 + (this.parent ? this.parent.offsetSeconds() : 0);
  }
}
