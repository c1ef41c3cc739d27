/** wedoc/spreadsheet/*: sheet properties, range reads and batch_update (doc path/97661, 97711, 101168). */
import { defineRoutes, type AnswerOf } from '../../types.js';
import { emitDocChange } from '../events.js';
import { badParam, docOf, touch } from '../rules.js';
import { DOC_TYPES, type GridCell, type GridSheet } from '../state.js';
import { cellKey, deleteDimension, MAX_COLS, MAX_ROWS, newGridSheet, parseRange } from './model.js';

type BatchResponse = NonNullable<NonNullable<AnswerOf<'wedoc_spreadsheet_batch_update'>['data']>['responses']>[number];

/** A range read: at most 1,000 rows, 200 columns, 10,000 cells (mock choice). */
const RANGE_ROWS = 1000;
const RANGE_CELLS = 10000;

function sheetOf(sheets: GridSheet[], id: string | undefined, where: string): GridSheet {
  const s = sheets.find((x) => x.sheet_id === id);
  if (!s) badParam(`${where}: sheet ${String(id)} not found`);
  return s;
}

const props = (s: GridSheet) => ({ sheet_id: s.sheet_id, title: s.title, row_count: s.row_count, column_count: s.column_count });

export const spreadsheetRoutes = defineRoutes({
  wedoc_spreadsheet_get_sheet_properties: (ctx) => {
    const doc = docOf(ctx, ctx.body.docid, DOC_TYPES.spreadsheet);
    return { properties: doc.grids.map(props) };
  },

  wedoc_spreadsheet_get_sheet_range_data: (ctx) => {
    const doc = docOf(ctx, ctx.body.docid, DOC_TYPES.spreadsheet);
    const sheet = sheetOf(doc.grids, ctx.body.sheet_id, 'sheet_id');
    const r = parseRange(ctx.body.range);
    if (!r) badParam(`range ${ctx.body.range} is not in A1 notation`);
    if (r.r1 >= sheet.row_count || r.c1 >= sheet.column_count) badParam(`range ${ctx.body.range} is outside the sheet`);
    const rows = r.r1 - r.r0 + 1;
    const cols = r.c1 - r.c0 + 1;
    if (rows > RANGE_ROWS || cols > MAX_COLS || rows * cols > RANGE_CELLS) badParam(`range ${ctx.body.range} is larger than ${RANGE_ROWS} rows, ${MAX_COLS} columns or ${RANGE_CELLS} cells`);
    const out = [];
    for (let i = r.r0; i <= r.r1; i++) {
      const values = [];
      for (let j = r.c0; j <= r.c1; j++) values.push(structuredClone(sheet.cells.get(cellKey(i, j)) ?? {}));
      out.push({ values });
    }
    return { data: { result: { start_row: r.r0, start_column: r.c0, rows: out } } };
  },

  wedoc_spreadsheet_batch_update: (ctx) => {
    const doc = docOf(ctx, ctx.body.docid, DOC_TYPES.spreadsheet);
    const state = ctx.corp.domains.wedoc;
    // All or none: work on copies, keep them only when every request fits.
    const sheets: GridSheet[] = doc.grids.map((s) => ({ ...s, cells: new Map(s.cells) }));
    const responses: BatchResponse[] = [];
    ctx.body.requests.forEach((q, n) => {
      const where = `requests[${n}]`;
      if (q.add_sheet_request) {
        const a = q.add_sheet_request;
        const title = a.title ?? `Sheet${sheets.length + 1}`;
        if (sheets.some((s) => s.title === title)) badParam(`${where}: a sheet is already titled ${title}`);
        const s = newGridSheet(state, { ...doc, grids: sheets }, title, a.row_count ?? 1000, a.column_count ?? 26);
        sheets.push(s);
        responses.push({ add_sheet_response: { properties: props(s) } });
      } else if (q.delete_sheet_request) {
        const s = sheetOf(sheets, q.delete_sheet_request.sheet_id, where);
        if (sheets.length === 1) badParam(`${where}: a spreadsheet keeps at least one sheet`);
        sheets.splice(sheets.indexOf(s), 1);
        responses.push({ delete_sheet_response: { sheet_id: s.sheet_id } });
      } else if (q.update_range_request) {
        const s = sheetOf(sheets, q.update_range_request.sheet_id, where);
        const g = q.update_range_request.grid_data ?? {};
        const r0 = g.start_row ?? 0;
        const c0 = g.start_column ?? 0;
        let updated = 0;
        (g.rows ?? []).forEach((row, i) => {
          (row.values ?? []).forEach((v, j) => {
            const r = r0 + i;
            const c = c0 + j;
            if (r >= MAX_ROWS || c >= MAX_COLS) badParam(`${where}: cell ${r},${c} is beyond ${MAX_ROWS} rows or ${MAX_COLS} columns`);
            const cell: GridCell = {};
            if (v.cell_value) cell.cell_value = structuredClone(v.cell_value);
            if (v.cell_format) cell.cell_format = structuredClone(v.cell_format);
            s.cells.set(cellKey(r, c), cell);
            s.row_count = Math.max(s.row_count, r + 1);
            s.column_count = Math.max(s.column_count, c + 1);
            updated++;
          });
        });
        responses.push({ update_range_response: { updated_cells: updated } });
      } else if (q.delete_dimension_request) {
        const d = q.delete_dimension_request;
        const s = sheetOf(sheets, d.sheet_id, where);
        const dim = d.dimension ?? 'ROW';
        const max = dim === 'ROW' ? s.row_count : s.column_count;
        // start_index and end_index count from 1, end included.
        const start = d.start_index ?? 0;
        const end = d.end_index ?? 0;
        if (start < 1 || end < start || end > max) badParam(`${where}: ${dim} ${start}–${end} outside 1–${max}`);
        responses.push({ delete_dimension_response: { deleted: deleteDimension(s, dim, start - 1, end) } });
      } else badParam(`${where} holds no known request`);
    });
    doc.grids = sheets;
    touch(ctx, doc);
    emitDocChange(ctx, doc.ownerAgentid, doc.docid, 'modify_doc_content');
    return { data: { responses } };
  },
});
