/**
 * Opaque cursors of paged lists (`next_cursor` → `cursor`). A cursor carries the position in its list
 * (a few strings or integers) and a checksum bound to the list and to the caller it was handed to, so a
 * made-up or truncated cursor, one of another list, or one another caller (app, secret or corp) got is
 * refused — the list answers WeCom's 50100 invalid cursor — instead of paging from nowhere.
 * The checksum is no secret: it only tells the mock's own cursors from anything else.
 */
import { createHash } from 'node:crypto';
import type { CallContext } from './context.js';
import { err, type ErrName, type WeComError } from '../errors/index.js';

/** What a cursor is bound to: the list it pages (e.g. an operationId) and the caller it was given to. */
export interface CursorScope {
  list: string;
  caller: string;
}

/**
 * The scope of a cursor handed out by this call: its list (the operation by default) and its caller — the
 * corp, the kind of secret and the app (each app sees its own range, so its own list).
 */
export function cursorScope<D>(ctx: CallContext<D>, list: string = ctx.op.operationId): CursorScope {
  return { list, caller: `${ctx.corp.corpid}/${ctx.secretKind}/${ctx.app?.agentid ?? ''}` };
}

function mac(scope: CursorScope, payload: string): string {
  return createHash('sha256').update(`${scope.list}\u0000${scope.caller}\u0000${payload}`).digest('base64url').slice(0, 11);
}

/** A cursor for the position `parts` of the list in `scope`. */
export function encodeCursor(scope: CursorScope, parts: ReadonlyArray<string | number>): string {
  const payload = JSON.stringify(parts.map(String));
  return `${Buffer.from(payload).toString('base64url')}${mac(scope, payload)}`;
}

/** The position a cursor of `scope` holds, or undefined when it is not one (made up, another list's or caller's). */
export function decodeCursor(scope: CursorScope, cursor: string): string[] | undefined {
  if (cursor.length <= 11 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const payload = Buffer.from(cursor.slice(0, -11), 'base64url').toString('utf8');
  if (mac(scope, payload) !== cursor.slice(-11)) return undefined;
  try {
    const parts: unknown = JSON.parse(payload);
    return Array.isArray(parts) && parts.every((p) => typeof p === 'string') ? parts : undefined;
  } catch {
    return undefined;
  }
}

/** A cursor of `n` non-negative integers (list offsets), or undefined. */
export function decodeIntCursor(scope: CursorScope, cursor: string, n: number): number[] | undefined {
  const parts = decodeCursor(scope, cursor);
  if (!parts || parts.length !== n || !parts.every((p) => /^\d{1,9}$/.test(p))) return undefined;
  return parts.map(Number);
}

/**
 * One page of `all` for this call: from the offset the cursor holds (the start without one; a cursor that is
 * not this list's and caller's → 50100), `limit` long, with the cursor of the rest ('' after the last page).
 * `scope` narrows the list further when the same operation lists different things (one member's, one kf's…);
 * `badCursor` is the errcode of a list that documents its own (e.g. the audit logs' 701105), or the error itself.
 */
export function offsetPage<D, T>(
  ctx: CallContext<D>,
  cursor: string | undefined,
  all: readonly T[],
  limit: number,
  { scope = cursorScope(ctx), badCursor = 'INVALID_CURSOR' }: { scope?: CursorScope; badCursor?: ErrName | (() => WeComError) } = {},
): { page: T[]; next_cursor: string; has_more: boolean } {
  let from = 0;
  if (cursor) {
    const d = decodeIntCursor(scope, cursor, 1);
    if (!d) throw typeof badCursor === 'function' ? badCursor() : err(badCursor);
    from = d[0]!;
  }
  const page = all.slice(from, from + limit);
  const has_more = from + page.length < all.length;
  return { page, next_cursor: has_more ? encodeCursor(scope, [from + page.length]) : '', has_more };
}
