/** Smart-sheet records: add, update, delete, query with filters and sort (doc path/99907, 99909, 99908, 101158), and the sheet webhook. */
import { err } from '../../../core/errors/index.js';
import { publicRoute } from '../../../core/pipeline/typed-route.js';
import { defineRoutes, type Corp } from '../../types.js';
import { badParam } from '../rules.js';
import type { Doc, SmartSheet, WedocState } from '../state.js';
import { CellError, type SheetRecord } from './cells.js';
import { compileFilter, FilterError, type FilterSpec, type Predicate } from './filter.js';
import { applyValues, LIMITS, recordView, sortValue, type KeyType, type RecordOut } from './model.js';
import { changed, docSheet, knownIds, viewOf } from './routes.js';

const GET_LIMIT_DEFAULT = 100;

function keyTypeOf(k: string | undefined): KeyType {
  return k === 'CELL_VALUE_KEY_TYPE_FIELD_ID' ? 'CELL_VALUE_KEY_TYPE_FIELD_ID' : 'CELL_VALUE_KEY_TYPE_FIELD_TITLE';
}

function nameOf(corp: Corp): (u: string) => string {
  return (u) => (u ? (corp.domains.contacts.getUser(u)?.name ?? u) : '');
}

/** Adds records (all or none); answers them with values keyed as asked. */
export function addRecords(
  corp: Corp,
  sheet: SmartSheet,
  inputs: Array<{ values?: Record<string, unknown> }>,
  keyType: KeyType,
  creator: string,
): RecordOut[] {
  const state = corp.domains.wedoc;
  if (inputs.length > LIMITS.perCall) badParam(`at most ${LIMITS.perCall} records per call`);
  if (sheet.records.size + inputs.length > LIMITS.records) badParam(`a sub-sheet holds at most ${LIMITS.records} records`);
  const now = corp.clock.nowMs();
  const made: SheetRecord[] = inputs.map((input, n) => {
    const values: Record<string, unknown> = {};
    write(state, corp, sheet, values, input.values ?? {}, keyType, `records[${n}]`);
    return { record_id: '', seq: 0, createMs: now, updateMs: now, creator, updater: creator, values };
  });
  for (const r of made) {
    r.record_id = state.newId('r', 5, (id) => sheet.records.has(id));
    r.seq = sheet.nextSeq++;
    sheet.records.set(r.record_id, r);
  }
  sheet.ver++;
  return made.map((r) => recordView(r, sheet.fields, keyType, nameOf(corp)));
}

function write(state: WedocState, corp: Corp, sheet: SmartSheet, target: Record<string, unknown>, values: Record<string, unknown>, keyType: KeyType, where: string): void {
  try {
    const unknown = applyValues(state, sheet, target, values, keyType, (u) => corp.domains.contacts.getUser(u) !== undefined);
    if (unknown !== undefined) badParam(`${where}: no field ${keyType === 'CELL_VALUE_KEY_TYPE_FIELD_ID' ? 'id' : 'titled'} ${unknown}`);
  } catch (e) {
    if (e instanceof CellError) badParam(`${where}: ${e.message}`);
    throw e;
  }
}

/** The member a write is booked to: the app's first admin-ish member is unknown, so the doc's first admin, or ''. */
function actorOf(doc: Doc): string {
  return doc.members.find((m) => m.auth === 7 && m.userid !== undefined)?.userid ?? '';
}

/** The records a query keeps, in answer order. Exported for the bench and the unit tests. */
export function queryRecords(
  sheet: SmartSheet,
  q: { record_ids?: string[]; filter?: FilterSpec; viewFilter?: FilterSpec; sort?: Array<{ field_title?: string; desc?: boolean }>; nowMs: number },
): SheetRecord[] {
  const fields = new Map(sheet.fields.map((f) => [f.field_id, f]));
  let rows: SheetRecord[];
  if (q.record_ids?.length) {
    rows = [];
    for (const id of q.record_ids) {
      const r = sheet.records.get(id);
      if (r) rows.push(r);
    }
  } else rows = [...sheet.records.values()];
  const preds: Predicate[] = [];
  if (q.viewFilter) preds.push(compileFilter(q.viewFilter, fields, q.nowMs));
  if (q.filter) preds.push(compileFilter(q.filter, fields, q.nowMs));
  for (const p of preds) rows = rows.filter(p);
  if (q.sort?.length) {
    const keys = q.sort.map((s) => {
      const f = sheet.fields.find((x) => x.field_title === s.field_title);
      if (!f) throw new FilterError(`sort field ${String(s.field_title)} not found`);
      return { f, dir: s.desc ? -1 : 1 };
    });
    const decorated = rows.map((r) => ({ r, k: keys.map(({ f }) => sortValue(f, r)) }));
    decorated.sort((a, b) => {
      for (let i = 0; i < keys.length; i++) {
        const x = a.k[i];
        const y = b.k[i];
        if (x === y) continue;
        // Empty cells sort last either way.
        if (x === undefined) return 1;
        if (y === undefined) return -1;
        return (x < y ? -1 : 1) * keys[i]!.dir;
      }
      return 0;
    });
    rows = decorated.map((d) => d.r);
  }
  return rows;
}

export const recordRoutes = defineRoutes({
  wedoc_smartsheet_add_records: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    const records = addRecords(ctx.corp, sheet, ctx.body.records, keyTypeOf(ctx.body.key_type), actorOf(doc));
    changed(ctx, doc);
    return { records };
  },

  wedoc_smartsheet_update_records: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    const keyType = keyTypeOf(ctx.body.key_type);
    const state = ctx.corp.domains.wedoc;
    const now = ctx.clock.nowMs();
    // All or none: check every record on copies of its values first.
    const staged = ctx.body.records.map((input, n) => {
      const r = input.record_id !== undefined ? sheet.records.get(input.record_id) : undefined;
      if (!r) badParam(`records[${n}].record_id ${String(input.record_id)} not found`);
      const values = { ...r.values };
      write(state, ctx.corp, sheet, values, input.values ?? {}, keyType, `records[${n}]`);
      return { r, values };
    });
    const actor = actorOf(doc);
    for (const { r, values } of staged) {
      r.values = values;
      r.updateMs = now;
      r.updater = actor || r.updater;
    }
    if (staged.length) sheet.ver++;
    changed(ctx, doc);
    return { records: staged.map(({ r }) => recordView(r, sheet.fields, keyType, nameOf(ctx.corp))) };
  },

  wedoc_smartsheet_delete_records: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    for (const id of knownIds(ctx.body.record_ids, (id) => sheet.records.has(id), 'record_id')) sheet.records.delete(id);
    sheet.ver++;
    changed(ctx, doc);
    return {};
  },

  wedoc_smartsheet_get_records: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    const b = ctx.body;
    const keyType = keyTypeOf(b.key_type);
    let viewFilter: FilterSpec | undefined;
    if (b.view_id) {
      viewFilter = viewOf(sheet, b.view_id).property['filter_spec'] as FilterSpec | undefined;
    }
    let fields = sheet.fields;
    if (b.field_ids?.length) {
      for (const id of b.field_ids) if (!fields.some((f) => f.field_id === id)) badParam(`field_id ${id} not found`);
      fields = fields.filter((f) => b.field_ids!.includes(f.field_id));
    } else if (b.field_titles?.length) {
      for (const t of b.field_titles) if (!fields.some((f) => f.field_title === t)) badParam(`no field titled ${t}`);
      fields = fields.filter((f) => b.field_titles!.includes(f.field_title));
    }
    let rows: SheetRecord[];
    try {
      rows = queryRecords(sheet, { record_ids: b.record_ids, filter: b.filter_spec as FilterSpec | undefined, viewFilter, sort: b.sort, nowMs: ctx.clock.nowMs() });
    } catch (e) {
      if (e instanceof FilterError) badParam(e.message);
      throw e;
    }
    const offset = b.offset ?? 0;
    const limit = b.limit || GET_LIMIT_DEFAULT;
    const pageRows = rows.slice(offset, offset + limit);
    const has_more = offset + limit < rows.length;
    const names = nameOf(ctx.corp);
    return {
      total: rows.length,
      has_more,
      next: has_more ? offset + limit : 0,
      records: pageRows.map((r) => recordView(r, fields, keyType, names)),
      ver: sheet.ver,
    };
  },

  wedoc_smartsheet_webhook: publicRoute((ctx) => {
    const key = ctx.query['key'];
    let found: { corp: Corp; doc: Doc; sheet: SmartSheet } | undefined;
    if (typeof key === 'string' && key) {
      for (const corp of ctx.registry.corps.values()) {
        const w = corp.domains.wedoc.webhooks.get(key);
        if (!w) continue;
        ctx.corp = corp;
        const doc = corp.domains.wedoc.docs.get(w.docid);
        const sheet = doc?.smart.find((s) => s.sheet_id === w.sheet_id);
        if (!doc || !sheet) throw err('INVALID_DOCID');
        found = { corp, doc, sheet };
        break;
      }
    }
    if (!found) throw err('INVALID_WEBHOOK_URL');
    // Webhook values may be keyed by field id (the sample's FIELD_ID) or by title.
    const byId = ctx.body.add_records.every((r) => Object.keys(r.values ?? {}).every((k) => found!.sheet.fields.some((f) => f.field_id === k)));
    const add_records = addRecords(found.corp, found.sheet, ctx.body.add_records, byId ? 'CELL_VALUE_KEY_TYPE_FIELD_ID' : 'CELL_VALUE_KEY_TYPE_FIELD_TITLE', '');
    found.doc.modifyMs = found.corp.clock.nowMs();
    return { add_records };
  }),
});
