import { LIMITS } from '../../../spec/generated/limits.js';
import { snapshotClass } from '../runtime/graph.js';

export interface Windows {
  per_minute?: number;
  per_hour?: number;
  per_day?: number;
}

const SPANS: Array<[keyof Windows, number]> = [
  ['per_minute', 60_000],
  ['per_hour', 3_600_000],
  ['per_day', 86_400_000],
];

/** Counts over WeCom's fixed minute/hour/day windows of the mock clock (aligned to the minute, hour, day). */
class FixedWindows {
  private readonly starts = [0, 0, 0];
  protected readonly counts = [0, 0, 0];

  /** The count of window `i` at `now`; a window that has rolled over starts again at 0. */
  protected current(i: number, now: number): number {
    const span = SPANS[i]![1];
    const start = now - (now % span);
    if (this.starts[i] !== start) {
      this.starts[i] = start;
      this.counts[i] = 0;
    }
    return this.counts[i]!;
  }
}

/** Counters of one scope of the pipeline's rate windows. */
export class WindowCounter extends FixedWindows {
  /** Until when the scope is blocked (ms), after a window was exceeded. */
  blockedUntil = 0;

  /**
   * Counts one call at `now`; returns false when it is over a window. Exceeding blocks the scope for as
   * long as the exceeded window (doc path/90312; errcode 45009: "the block lasts about as long as the window").
   */
  hit(now: number, windows: Windows, scale: number, block: boolean): boolean {
    if (now < this.blockedUntil) return false;
    let ok = true;
    for (let i = 0; i < SPANS.length; i++) {
      const [key, span] = SPANS[i]!;
      const limit = windows[key];
      if (limit === undefined) continue;
      const count = this.current(i, now) + 1;
      this.counts[i] = count;
      if (count > limit * scale) {
        ok = false;
        if (block) this.blockedUntil = Math.max(this.blockedUntil, now + span);
      }
    }
    return ok;
  }
}

export type RateName = keyof typeof LIMITS.rate;
const RATE = LIMITS.rate as Record<string, Windows & { scope: string; errcode: number }>;

/** True when `name` is a request-rate window of limits.yaml (the pipeline applies those). */
export function isRateLimit(name: string): boolean {
  return name in RATE;
}

/** The pipeline's rate limiter: per corp/API and per IP/API windows of limits.yaml. */
export class RateLimiter {
  private readonly byIp = new Map<string, WindowCounter>();
  constructor(private readonly globalScale: () => number) {}

  /** Counts a call; returns the errcode to answer (45009) or 0. */
  check(opts: {
    now: number;
    corpNow: number | undefined;
    operationId: string;
    limits: readonly string[];
    ip: string;
    corpCounters: Map<string, unknown> | undefined;
    corpScale: number;
    debug: boolean;
  }): number {
    let code = 0;
    const names = opts.debug ? [...opts.limits, 'debug_mode'] : opts.limits;
    for (const name of names) {
      const w = RATE[name];
      if (!w) continue;
      let counter: WindowCounter | undefined;
      let now = opts.now;
      let scale = this.globalScale();
      if (w.scope === 'corp_api') {
        if (!opts.corpCounters || opts.corpNow === undefined) continue;
        const key = `${opts.operationId}\u0000${name}`;
        counter = opts.corpCounters.get(key) as WindowCounter | undefined;
        if (!counter) opts.corpCounters.set(key, (counter = new WindowCounter()));
        now = opts.corpNow;
        scale *= name === 'debug_mode' ? 1 : opts.corpScale;
      } else {
        const key = `${opts.ip}\u0000${opts.operationId}\u0000${name}`;
        counter = this.byIp.get(key);
        if (!counter) this.byIp.set(key, (counter = new WindowCounter()));
      }
      if (!counter.hit(now, w, scale, true) && code === 0) code = w.errcode;
    }
    return code;
  }

  clear(): void {
    this.byIp.clear();
  }
}

export type WindowName = 'minute' | 'hour' | 'day';
const WINDOW_NAMES: WindowName[] = ['minute', 'hour', 'day'];

/** Counts of one key over the fixed minute/hour/day windows, added only when they fit. */
class QuotaWindows extends FixedWindows {
  /** Adds `n` and returns undefined, or returns the first window `n` would exceed (nothing added). */
  tryAdd(now: number, n: number, windows: Windows, scale: number): WindowName | undefined {
    for (let i = 0; i < SPANS.length; i++) {
      const limit = windows[SPANS[i]![0]];
      if (limit !== undefined && this.current(i, now) + n > limit * scale) return WINDOW_NAMES[i];
    }
    for (let i = 0; i < SPANS.length; i++) if (windows[SPANS[i]![0]] !== undefined) this.counts[i]! += n;
    return undefined;
  }
}

/**
 * A domain quota (tickets, messages, chats, robots) keyed by whatever the domain counts per, over the
 * windows of a limits.yaml quota entry. A use is counted only when it fits, so a refused or silently
 * dropped send is never half counted; there is no block beyond the window.
 */
export class QuotaCounter {
  private readonly counters = new Map<string, QuotaWindows>();

  /** Adds `n` uses for `key`; returns undefined, or the window they would exceed (nothing added). */
  tryAdd(key: string, now: number, n: number, windows: Windows, scale = 1): WindowName | undefined {
    let c = this.counters.get(key);
    if (!c) this.counters.set(key, (c = new QuotaWindows()));
    return c.tryAdd(now, n, windows, scale);
  }

  /** One use for `key`: true when it fits every window (and is counted). */
  hit(key: string, now: number, windows: Windows, scale = 1): boolean {
    return this.tryAdd(key, now, 1, windows, scale) === undefined;
  }
}

export type QuotaName = keyof typeof LIMITS.quota;

/**
 * A domain's quotas by their limits.yaml name: one QuotaCounter per entry, made on first use. The windows come
 * from the entry itself, so a counter and its limit cannot be paired wrongly; `windows` replaces them where the
 * limit depends on the corp (e.g. per seat).
 */
export class QuotaBook {
  private readonly counters = new Map<QuotaName, QuotaCounter>();

  /** Adds `n` uses of quota `name` for `key`; returns undefined, or the window they would exceed (nothing added). */
  tryAdd(name: QuotaName, key: string, now: number, n: number, scale: number, windows: Windows = LIMITS.quota[name] as Windows): WindowName | undefined {
    let c = this.counters.get(name);
    if (!c) this.counters.set(name, (c = new QuotaCounter()));
    return c.tryAdd(key, now, n, windows, scale);
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(FixedWindows);
snapshotClass(WindowCounter);
snapshotClass(QuotaWindows);
snapshotClass(QuotaCounter);
snapshotClass(QuotaBook);
