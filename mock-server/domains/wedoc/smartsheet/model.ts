/** Smart-sheet sub-sheets, fields, views and records (doc path/99896 …): building, reading and writing them. */
import type { components } from '../../../../spec/generated/openapi.js';
import type { Doc, SmartSheet, WedocState } from '../state.js';

export type RecordOut = components['schemas']['WedocRecord'];
export type FieldOut = components['schemas']['WedocField'];
import { readCell, selectOptions, writeCell, type Field, type FieldType, type SheetRecord } from './cells.js';

/** Bounds per sub-sheet (doc path/99900 views, 99904 fields, 99907 records, 101100 field groups). */
export const LIMITS = { views: 200, fields: 150, groups: 150, records: 100_000, perCall: 500 } as const;

export function newSmartSheet(state: WedocState, doc: Doc, title: string, withDefaults: boolean): SmartSheet {
  const sheet: SmartSheet = {
    sheet_id: state.newId('', 6, (id) => doc.smart.some((s) => s.sheet_id === id)),
    title,
    fields: [],
    views: [],
    groups: [],
    records: new Map(),
    nextSeq: 1,
    ver: 1,
  };
  if (withDefaults) {
    sheet.fields.push(newField(state, sheet, '文本', 'FIELD_TYPE_TEXT', {}));
    sheet.views.push({ view_id: newViewId(state, sheet), view_title: '表格视图', view_type: 'VIEW_TYPE_GRID', property: {} });
  }
  return sheet;
}

export function newViewId(state: WedocState, sheet: SmartSheet): string {
  return state.newId('v', 5, (id) => sheet.views.some((v) => v.view_id === id));
}

export function newField(state: WedocState, sheet: SmartSheet, title: string, type: FieldType, props: Record<string, Record<string, unknown>>): Field {
  const field: Field = { field_id: state.newId('f', 5, (id) => sheet.fields.some((f) => f.field_id === id)), field_title: title, field_type: type, props: structuredClone(props) };
  if (type === 'FIELD_TYPE_SELECT' || type === 'FIELD_TYPE_SINGLE_SELECT') {
    for (const o of selectOptions(field)) if (typeof o.id !== 'string' || !o.id) o.id = state.newId('', 5, (id) => selectOptions(field).some((x) => x.id === id));
  }
  return field;
}

export function fieldView(f: Field): FieldOut {
  return { field_id: f.field_id, field_title: f.field_title, field_type: f.field_type, ...structuredClone(f.props) };
}

export type KeyType = 'CELL_VALUE_KEY_TYPE_FIELD_TITLE' | 'CELL_VALUE_KEY_TYPE_FIELD_ID';

/** The field a values key names (by title or id). */
export function fieldByKey(sheet: SmartSheet, key: string, keyType: KeyType): Field | undefined {
  return keyType === 'CELL_VALUE_KEY_TYPE_FIELD_ID' ? sheet.fields.find((f) => f.field_id === key) : sheet.fields.find((f) => f.field_title === key);
}

/** Writes `values` into a record's stored values (checked first: throws CellError / returns the unknown key). */
export function applyValues(
  state: WedocState,
  sheet: SmartSheet,
  target: Record<string, unknown>,
  values: Record<string, unknown>,
  keyType: KeyType,
  userExists: (u: string) => boolean,
): string | undefined {
  for (const [key, raw] of Object.entries(values)) {
    const f = fieldByKey(sheet, key, keyType);
    if (!f) return key;
    const v = writeCell(f, raw, { userExists, newOptionId: () => state.newId('', 5, (id) => selectOptions(f).some((o) => o.id === id)) });
    if (v === undefined) delete target[f.field_id];
    else target[f.field_id] = v;
  }
  return undefined;
}

/** A record as answered: values keyed by title or id, only `fields`, empty cells left out. */
export function recordView(r: SheetRecord, fields: readonly Field[], keyType: KeyType, nameOf: (u: string) => string): RecordOut {
  const values: Record<string, unknown> = {};
  for (const f of fields) {
    const v = readCell(f, r);
    if (v === undefined) continue;
    values[keyType === 'CELL_VALUE_KEY_TYPE_FIELD_ID' ? f.field_id : f.field_title] = structuredClone(v);
  }
  return {
    record_id: r.record_id,
    create_time: String(r.createMs),
    update_time: String(r.updateMs),
    values,
    creator_name: nameOf(r.creator),
    updater_name: nameOf(r.updater),
  };
}

/** Sort keys compare numbers as numbers, the rest by their text. */
export function sortValue(f: Field, r: SheetRecord): number | string | undefined {
  const v = readCell(f, r);
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return /^\d{1,15}$/.test(v) && f.field_type.includes('TIME') ? Number(v) : v;
  if (Array.isArray(v)) return v.map((x) => (x && typeof x === 'object' ? String((x as Record<string, unknown>)['text'] ?? (x as Record<string, unknown>)['user_id'] ?? '') : String(x))).join(',');
  return JSON.stringify(v);
}
