/** Spreadsheet sheets: A1 ranges and the grid cells batch_update writes (doc path/97711, doc path/101168). */
import type { Doc, GridCell, GridSheet, WedocState } from '../state.js';

export const MAX_ROWS = 10000;
export const MAX_COLS = 200;

export function newGridSheet(state: WedocState, doc: Doc, title: string, rows = 1000, cols = 26): GridSheet {
  const sheet_id = state.newId('', 6, (id) => doc.grids.some((s) => s.sheet_id === id));
  return { sheet_id, title, row_count: rows, column_count: cols, cells: new Map() };
}

/** Column letters → zero-based index (A → 0, Z → 25, AA → 26). */
function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A1:B2 → zero-based inclusive bounds, or undefined when it is not an A1 range. */
export function parseRange(range: string): { r0: number; c0: number; r1: number; c1: number } | undefined {
  const m = /^([A-Z]{1,3})(\d{1,6})(?::([A-Z]{1,3})(\d{1,6}))?$/.exec(range.trim().toUpperCase());
  if (!m) return undefined;
  const c0 = colIndex(m[1]!);
  const r0 = Number(m[2]) - 1;
  const c1 = m[3] ? colIndex(m[3]) : c0;
  const r1 = m[4] ? Number(m[4]) - 1 : r0;
  if (r0 < 0 || r1 < r0 || c1 < c0) return undefined;
  return { r0, c0, r1, c1 };
}

export const cellKey = (r: number, c: number): string => `${r}:${c}`;

/** Removes rows or columns [start, end) (zero-based) and shifts the cells after them. */
export function deleteDimension(sheet: GridSheet, dim: 'ROW' | 'COLUMN', start: number, end: number): number {
  const n = end - start;
  const next = new Map<string, GridCell>();
  for (const [k, v] of sheet.cells) {
    const [r, c] = k.split(':').map(Number) as [number, number];
    const x = dim === 'ROW' ? r : c;
    if (x >= start && x < end) continue;
    const shifted = x >= end ? x - n : x;
    next.set(dim === 'ROW' ? cellKey(shifted, c) : cellKey(r, shifted), v);
  }
  sheet.cells = next;
  if (dim === 'ROW') sheet.row_count -= n;
  else sheet.column_count -= n;
  return n;
}
