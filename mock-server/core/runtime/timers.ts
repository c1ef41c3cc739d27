/**
 * Running work when a moment of mock time comes. Mock clocks only move forward and never run slower than
 * real time, so a real timer set for the remaining mock milliseconds always fires at or after the moment
 * (earlier if the clock was advanced meanwhile, which callers also notice on their next request).
 */
import type { Clock } from './clock.js';

/** Calls `fn` once `clock` reaches `atMs` (at the latest; unref'd, so it never keeps the process alive). */
export function atMockTime(clock: Clock, atMs: number, fn: () => void): void {
  const wait = Math.max(0, atMs - clock.nowMs());
  const timer = setTimeout(() => {
    if (clock.nowMs() < atMs) atMockTime(clock, atMs, fn);
    else fn();
  }, wait + 1);
  timer.unref();
}
