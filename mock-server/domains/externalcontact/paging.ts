/** The customer-contact lists' paging: core/pipeline/cursor.ts's offset pages, in the `{rows, next}` shape they use. */
import { err } from '../../core/errors/index.js';
import { offsetPage } from '../../core/pipeline/cursor.js';
import { userKey } from '../contacts/index.js';
import type { Ctx } from '../types.js';

/** One page of `all` from `cursor` (made up or another list's → 50100); next is '' on the last page. */
export function pageOf<T>(ctx: Ctx, all: readonly T[], cursor: string | undefined, limit: number): { rows: T[]; next: string } {
  const p = offsetPage(ctx, cursor, all, limit);
  return { rows: p.page, next: p.next_cursor };
}

/**
 * The rows a moment or mass-message list asks for (doc path/93333, 93338): made in [start_time, end_time]
 * (at most `maxDays` apart, else 40058), of filter_type (0 by the corp, 1 by a member, 2 either) and, with a
 * creator, by that member.
 */
export function createdIn<T extends { create_time: number; create_type: number; creator: string }>(
  rows: readonly T[],
  b: { start_time: number; end_time: number; filter_type?: number | undefined; creator?: string | undefined },
  maxDays: number,
): T[] {
  if (b.end_time < b.start_time || b.end_time - b.start_time > maxDays * 86400) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: start_time/end_time' });
  const filter = b.filter_type ?? 2;
  return rows.filter((m) => m.create_time >= b.start_time && m.create_time <= b.end_time && (filter === 2 || m.create_type === filter) && (!b.creator || userKey(m.creator) === userKey(b.creator)));
}
