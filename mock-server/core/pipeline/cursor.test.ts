import { describe, expect, it } from 'vitest';
import { decodeCursor, decodeIntCursor, encodeCursor, type CursorScope } from './cursor.js';

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
