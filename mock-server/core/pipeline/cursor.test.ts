import { describe, expect, it } from 'vitest';
import { ERRCODES, invalidParameter } from '../errors/index.js';
import type { CallContext } from './context.js';
import { decodeCursor, decodeIntCursor, encodeCursor, offsetPage, type CursorScope } from './cursor.js';

const A: CursorScope = { list: 'user_list_id', caller: 'ww1/app/1000002' };

describe('cursors', () => {
  it('When a cursor comes back to its list and caller, then it holds the position it was made with', () => {
    const c = encodeCursor(A, ['zhangsan', 2]);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(A, c)).toEqual(['zhangsan', '2']);
    expect(decodeIntCursor({ ...A, list: 'x' }, encodeCursor({ ...A, list: 'x' }, [3, 40]), 2)).toEqual([3, 40]);
  });

  it('When a cursor goes to another list, another caller or another corp, then it is refused', () => {
    const c = encodeCursor(A, [5]);
    expect(decodeCursor({ ...A, list: 'externalcontact_groupchat_list' }, c)).toBeUndefined();
    expect(decodeCursor({ ...A, caller: 'ww1/app/1000003' }, c)).toBeUndefined();
    expect(decodeCursor({ ...A, caller: 'ww1/contacts/' }, c)).toBeUndefined();
    expect(decodeCursor({ ...A, caller: 'ww2/app/1000002' }, c)).toBeUndefined();
  });

  it('When a cursor is made up, truncated or altered, then it is refused', () => {
    const c = encodeCursor(A, [5]);
    for (const bad of ['', 'xxxxxxx', 'aGVsbG8', '!!!', c.slice(0, -1), c.slice(1), `${c}A`, c.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A'))]) {
      expect(decodeCursor(A, bad), bad).toBeUndefined();
    }
    // The right checksum over something that is no list of positions.
    expect(decodeIntCursor(A, encodeCursor(A, ['a']), 1)).toBeUndefined();
    expect(decodeIntCursor(A, encodeCursor(A, [1, 2]), 1)).toBeUndefined();
  });
});

/** Just what a cursor's scope reads of a call: the corp, the kind of secret, the app and the operation. */
const ctxOf = (operationId: string, corpid = 'ww1'): CallContext<unknown> =>
  ({ corp: { corpid }, secretKind: 'app', app: { agentid: 1 }, op: { operationId } }) as unknown as CallContext<unknown>;

describe('offsetPage', () => {
  it('When a list is paged, then each cursor continues where the last page ended and the last page has none', () => {
    const ctx = ctxOf('externalcontact_groupchat_list');
    const all = [1, 2, 3, 4, 5];
    const first = offsetPage(ctx, undefined, all, 2);
    expect(first.page).toEqual([1, 2]);
    const second = offsetPage(ctx, first.next_cursor, all, 2);
    expect(second.page).toEqual([3, 4]);
    expect(second.has_more).toBe(true);
    expect(offsetPage(ctx, second.next_cursor, all, 2)).toEqual({ page: [5], next_cursor: '', has_more: false });
    expect(offsetPage(ctx, '', all, 10)).toEqual({ page: all, next_cursor: '', has_more: false });
  });

  it('When a cursor is made up, or was handed out by another list or to another corp, then 50100', () => {
    const { next_cursor } = offsetPage(ctxOf('a'), undefined, [1, 2], 1);
    const codeOf = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return (e as { errcode?: number }).errcode;
      }
      return undefined;
    };
    expect(codeOf(() => offsetPage(ctxOf('a'), 'nonsense-cursor', [1, 2], 1))).toBe(ERRCODES.INVALID_CURSOR);
    expect(codeOf(() => offsetPage(ctxOf('b'), next_cursor, [1, 2], 1))).toBe(ERRCODES.INVALID_CURSOR);
    expect(codeOf(() => offsetPage(ctxOf('a', 'ww2'), next_cursor, [1, 2], 1))).toBe(ERRCODES.INVALID_CURSOR);
    // A list that documents its own answer to a bad cursor gets that one, as a name or as the error itself.
    expect(codeOf(() => offsetPage(ctxOf('a'), 'nonsense-cursor', [1, 2], 1, { badCursor: 'AUDIT_LOG_INVALID_CURSOR' }))).toBe(ERRCODES.AUDIT_LOG_INVALID_CURSOR);
    expect(codeOf(() => offsetPage(ctxOf('a'), 'nonsense-cursor', [1, 2], 1, { badCursor: () => invalidParameter('bad cursor') }))).toBe(ERRCODES.INVALID_PARAMETER);
    // And a cursor of one scope is not one of another scope of the same operation.
    const mine = offsetPage(ctxOf('a'), undefined, [1, 2], 1, { scope: { list: 'a:1', caller: 'x' } }).next_cursor;
    expect(codeOf(() => offsetPage(ctxOf('a'), mine, [1, 2], 1, { scope: { list: 'a:2', caller: 'x' } }))).toBe(ERRCODES.INVALID_CURSOR);
  });
});
