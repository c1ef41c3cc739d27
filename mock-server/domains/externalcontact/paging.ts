/** The customer-contact lists' paging: core/pipeline/cursor.ts's offset pages, in the `{rows, next}` shape they use. */
import { offsetPage } from '../../core/pipeline/cursor.js';
import type { Ctx } from '../types.js';

/** One page of `all` from `cursor` (made up or another list's → 50100); next is '' on the last page. */
export function pageOf<T>(ctx: Ctx, all: readonly T[], cursor: string | undefined, limit: number): { rows: T[]; next: string } {
  const p = offsetPage(ctx, cursor, all, limit);
  return { rows: p.page, next: p.next_cursor };
}
