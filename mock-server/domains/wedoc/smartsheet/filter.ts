/**
 * get_records' filter_spec (doc path/101158) compiled once into a predicate over records: conditions joined
 * by CONJUNCTION_AND (the default) or CONJUNCTION_OR, each an operator on one field with a value of the
 * field's kind (string_value, number_value, bool_value, user_value, date_time_value). Dates compare by the
 * calendar day in China time (UTC+8), as the app's filters do. Pure; a spec that does not fit the sheet
 * throws FilterError.
 */
import { cellStrings, DATES, NUMERIC, readCell, type Field, type SheetRecord } from './cells.js';

export class FilterError extends Error {}

export interface Condition {
  field_id?: string;
  field_type?: string;
  operator?: string;
  string_value?: { value?: string[] };
  number_value?: { value?: number };
  bool_value?: { value?: boolean };
  user_value?: { value?: string[] };
  date_time_value?: { type?: string; value?: string[] };
}
export interface FilterSpec {
  conjunction?: string;
  conditions?: Condition[];
}
export type Predicate = (r: SheetRecord) => boolean;

const DAY = 86_400_000;
const CN_OFFSET = 8 * 3_600_000;
const dayOf = (ms: number): number => Math.floor((ms + CN_OFFSET) / DAY);

const ORDER_OPS = new Set(['OPERATOR_IS_GREATER', 'OPERATOR_IS_GREATER_OR_EQUAL', 'OPERATOR_IS_LESS', 'OPERATOR_IS_LESS_OR_EQUAL']);

function order(op: string, cmp: number): boolean {
  switch (op) {
    case 'OPERATOR_IS_GREATER':
      return cmp > 0;
    case 'OPERATOR_IS_GREATER_OR_EQUAL':
      return cmp >= 0;
    case 'OPERATOR_IS_LESS':
      return cmp < 0;
    default:
      return cmp <= 0;
  }
}

/** The day a date_time_value names: DATE_TIME_TYPE_DETAIL_DATE with a millisecond string, or today / tomorrow / yesterday. */
function targetDay(c: Condition, nowMs: number): number {
  const d = c.date_time_value;
  const type = d?.type ?? 'DATE_TIME_TYPE_DETAIL_DATE';
  if (type === 'DATE_TIME_TYPE_TODAY') return dayOf(nowMs);
  if (type === 'DATE_TIME_TYPE_TOMORROW') return dayOf(nowMs) + 1;
  if (type === 'DATE_TIME_TYPE_YESTERDAY') return dayOf(nowMs) - 1;
  if (type !== 'DATE_TIME_TYPE_DETAIL_DATE') throw new FilterError(`date_time_value.type ${type} is not supported`);
  const v = d?.value?.[0];
  if (typeof v !== 'string' || !/^\d{1,15}$/.test(v)) throw new FilterError('date_time_value.value needs a millisecond timestamp');
  return dayOf(Number(v));
}

/** IS, IS_NOT and the order operators over a number read from each record (an empty cell, undefined, only matches IS_NOT). */
function compareBy(op: string, valueOf: (r: SheetRecord) => number | undefined, want: number, what: string): Predicate {
  if (op === 'OPERATOR_IS') return (r) => valueOf(r) === want;
  if (op === 'OPERATOR_IS_NOT') return (r) => valueOf(r) !== want;
  if (ORDER_OPS.has(op)) return (r) => {
    const v = valueOf(r);
    return v !== undefined && order(op, v - want);
  };
  throw new FilterError(`${op} does not apply to ${what}`);
}

function compileCondition(c: Condition, fields: ReadonlyMap<string, Field>, nowMs: number): Predicate {
  const f = c.field_id !== undefined ? fields.get(c.field_id) : undefined;
  if (!f) throw new FilterError(`filter field ${String(c.field_id)} not found`);
  if (c.field_type !== undefined && c.field_type !== f.field_type) throw new FilterError(`filter field ${f.field_id} is ${f.field_type}, not ${c.field_type}`);
  const op = c.operator ?? '';
  const isEmpty = (r: SheetRecord): boolean => {
    const v = readCell(f, r);
    return v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  };
  if (op === 'OPERATOR_IS_EMPTY') return isEmpty;
  if (op === 'OPERATOR_IS_NOT_EMPTY') return (r) => !isEmpty(r);
  if (f.field_type === 'FIELD_TYPE_CHECKBOX') {
    const want = c.bool_value?.value;
    if (typeof want !== 'boolean') throw new FilterError('a checkbox condition needs bool_value.value');
    if (op === 'OPERATOR_IS') return (r) => (readCell(f, r) === true) === want;
    if (op === 'OPERATOR_IS_NOT') return (r) => (readCell(f, r) === true) !== want;
    throw new FilterError(`${op} does not apply to a checkbox`);
  }
  if (NUMERIC.has(f.field_type)) {
    const want = c.number_value?.value;
    if (typeof want !== 'number') throw new FilterError('a number condition needs number_value.value');
    const num = (r: SheetRecord): number | undefined => {
      const v = readCell(f, r);
      return typeof v === 'number' ? v : undefined;
    };
    return compareBy(op, num, want, 'a number');
  }
  if (DATES.has(f.field_type)) {
    const day = targetDay(c, nowMs);
    const dayOfRec = (r: SheetRecord): number | undefined => {
      const v = readCell(f, r);
      return typeof v === 'string' && v !== '' ? dayOf(Number(v)) : undefined;
    };
    return compareBy(op, dayOfRec, day, 'a date');
  }
  // Everything else compares as strings: text segments, option texts, member ids, phone numbers …
  const values = f.field_type === 'FIELD_TYPE_USER' || f.field_type === 'FIELD_TYPE_CREATED_USER' || f.field_type === 'FIELD_TYPE_MODIFIED_USER'
    ? (c.user_value?.value ?? c.string_value?.value)
    : c.string_value?.value;
  if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'string')) {
    throw new FilterError(`a ${f.field_type} condition needs ${f.field_type === 'FIELD_TYPE_USER' ? 'user_value' : 'string_value'}.value`);
  }
  const multi = f.field_type === 'FIELD_TYPE_SELECT' || f.field_type === 'FIELD_TYPE_USER';
  const strings = (r: SheetRecord): string[] => cellStrings(readCell(f, r));
  const joined = (r: SheetRecord): string => strings(r).join('');
  const eq = multi
    ? (r: SheetRecord): boolean => {
        const s = new Set(strings(r));
        return s.size === values.length && values.every((v) => s.has(v));
      }
    : (r: SheetRecord): boolean => joined(r) === values[0];
  const contains = multi
    ? (r: SheetRecord): boolean => strings(r).some((s) => values.includes(s))
    : (r: SheetRecord): boolean => {
        const t = joined(r);
        return values.some((v) => t.includes(v));
      };
  switch (op) {
    case 'OPERATOR_IS':
      return eq;
    case 'OPERATOR_IS_NOT':
      return (r) => !eq(r);
    case 'OPERATOR_CONTAINS':
      return contains;
    case 'OPERATOR_DOES_NOT_CONTAIN':
      return (r) => !contains(r);
    default:
      throw new FilterError(`${op || '(no operator)'} does not apply to ${f.field_type}`);
  }
}

/** The predicate of a filter_spec (every record passes an absent or empty one). */
export function compileFilter(spec: FilterSpec | undefined, fields: ReadonlyMap<string, Field>, nowMs: number): Predicate {
  const conds = spec?.conditions ?? [];
  if (conds.length === 0) return () => true;
  const conj = spec?.conjunction ?? 'CONJUNCTION_AND';
  if (conj !== 'CONJUNCTION_AND' && conj !== 'CONJUNCTION_OR') throw new FilterError(`conjunction ${conj} is not supported`);
  const preds = conds.map((c) => compileCondition(c, fields, nowMs));
  if (preds.length === 1) return preds[0]!;
  return conj === 'CONJUNCTION_AND' ? (r) => preds.every((p) => p(r)) : (r) => preds.some((p) => p(r));
}

