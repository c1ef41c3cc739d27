/** Offset paging with the opaque cursor of core/pipeline/cursor.ts, shared by the customer-contact lists. */
import { err } from '../../core/errors/index.js';
import { cursorScope, decodeIntCursor, encodeCursor } from '../../core/pipeline/cursor.js';
import type { Ctx } from '../types.js';

/** One page of `all` from `cursor` (made up or another list's → 50100); next is '' on the last page. */
export function pageOf<T>(ctx: Ctx, all: readonly T[], cursor: string | undefined, limit: number): { rows: T[]; next: string } {
  let from = 0;
  if (cursor) {
    const d = decodeIntCursor(cursorScope(ctx), cursor, 1);
    if (!d) throw err('INVALID_CURSOR');
    from = d[0]!;
  }
  const rows = all.slice(from, from + limit);
  const next = from + rows.length < all.length ? encodeCursor(cursorScope(ctx), [from + rows.length]) : '';
  return { rows, next };
}

/** Seconds of a day start (UTC+8, WeCom's days) containing `sec`. */
export function dayStart(sec: number): number {
  const off = 8 * 3600;
  return Math.floor((sec + off) / 86400) * 86400 - off;
}
