import { describe, expect, it } from 'vitest';
import type { Field, SheetRecord } from './cells.js';
import { compileFilter, FilterError } from './filter.js';

const F = (field_id: string, field_type: Field['field_type']): Field => ({ field_id, field_title: field_id, field_type, props: {} });
const fields = new Map([F('name', 'FIELD_TYPE_TEXT'), F('amount', 'FIELD_TYPE_NUMBER'), F('done', 'FIELD_TYPE_CHECKBOX'), F('due', 'FIELD_TYPE_DATE_TIME'), F('tags', 'FIELD_TYPE_SELECT'), F('who', 'FIELD_TYPE_USER'), F('created', 'FIELD_TYPE_CREATED_TIME')].map((f) => [f.field_id, f]));
const DAY = 86_400_000;
const NOW = Date.UTC(2024, 4, 20, 4); // 12:00 in China
const rec = (id: string, values: Record<string, unknown>, createMs = NOW): SheetRecord => ({ record_id: id, seq: 1, createMs, updateMs: createMs, creator: 'u1', updater: 'u1', values });
const rows = [
  rec('r1', { name: [{ type: 'text', text: 'Acme 123' }], amount: 500, done: true, due: String(NOW), tags: [{ id: 'a', text: 'red' }, { id: 'b', text: 'blue' }], who: [{ user_id: 'zhang' }] }),
  rec('r2', { name: [{ type: 'text', text: 'Bolt' }], amount: 1500, done: false, due: String(NOW + DAY), tags: [{ id: 'a', text: 'red' }] }, NOW - 2 * DAY),
  rec('r3', { amount: 1000 }),
];
const run = (spec: Parameters<typeof compileFilter>[0]): string[] => rows.filter(compileFilter(spec, fields, NOW)).map((r) => r.record_id);

describe('smart-sheet filter', () => {
  it('When there is no condition, then every record passes', () => {
    expect(run(undefined)).toEqual(['r1', 'r2', 'r3']);
    expect(run({ conditions: [] })).toEqual(['r1', 'r2', 'r3']);
  });

  it('When text CONTAINS / IS / IS_EMPTY are asked, then segments are joined and compared', () => {
    expect(run({ conditions: [{ field_id: 'name', operator: 'OPERATOR_CONTAINS', string_value: { value: ['123'] } }] })).toEqual(['r1']);
    expect(run({ conditions: [{ field_id: 'name', operator: 'OPERATOR_IS', string_value: { value: ['Bolt'] } }] })).toEqual(['r2']);
    expect(run({ conditions: [{ field_id: 'name', operator: 'OPERATOR_IS_EMPTY' }] })).toEqual(['r3']);
    expect(run({ conditions: [{ field_id: 'name', operator: 'OPERATOR_DOES_NOT_CONTAIN', string_value: { value: ['Acme'] } }] })).toEqual(['r2', 'r3']);
  });

  it('When numbers are compared, then empty cells never pass an order test', () => {
    expect(run({ conditions: [{ field_id: 'amount', operator: 'OPERATOR_IS_GREATER_OR_EQUAL', number_value: { value: 1000 } }] })).toEqual(['r2', 'r3']);
    expect(run({ conditions: [{ field_id: 'amount', operator: 'OPERATOR_IS_LESS', number_value: { value: 1000 } }] })).toEqual(['r1']);
  });

  it('When conditions are joined by AND or OR, then both conjunctions hold', () => {
    const a = { field_id: 'done', operator: 'OPERATOR_IS', bool_value: { value: false } };
    const b = { field_id: 'amount', operator: 'OPERATOR_IS', number_value: { value: 1000 } };
    expect(run({ conjunction: 'CONJUNCTION_AND', conditions: [a, b] })).toEqual(['r3']);
    expect(run({ conjunction: 'CONJUNCTION_OR', conditions: [a, { field_id: 'amount', operator: 'OPERATOR_IS', number_value: { value: 500 } }] })).toEqual(['r1', 'r2', 'r3']);
  });

  it('When dates are compared, then they compare by the day in China time, with today / tomorrow', () => {
    expect(run({ conditions: [{ field_id: 'due', operator: 'OPERATOR_IS', date_time_value: { type: 'DATE_TIME_TYPE_TOMORROW' } }] })).toEqual(['r2']);
    expect(run({ conditions: [{ field_id: 'due', operator: 'OPERATOR_IS', date_time_value: { type: 'DATE_TIME_TYPE_DETAIL_DATE', value: [String(NOW + 3600_000)] } }] })).toEqual(['r1']);
    expect(run({ conditions: [{ field_id: 'created', operator: 'OPERATOR_IS_LESS', date_time_value: { type: 'DATE_TIME_TYPE_TODAY' } }] })).toEqual(['r2']);
  });

  it('When a multi-select or member field is tested, then IS means the same set and CONTAINS any of them', () => {
    expect(run({ conditions: [{ field_id: 'tags', operator: 'OPERATOR_IS', string_value: { value: ['red'] } }] })).toEqual(['r2']);
    expect(run({ conditions: [{ field_id: 'tags', operator: 'OPERATOR_CONTAINS', string_value: { value: ['blue'] } }] })).toEqual(['r1']);
    expect(run({ conditions: [{ field_id: 'who', operator: 'OPERATOR_CONTAINS', user_value: { value: ['zhang'] } }] })).toEqual(['r1']);
  });

  it('When a condition does not fit the sheet, then compiling it throws', () => {
    expect(() => compileFilter({ conditions: [{ field_id: 'nope', operator: 'OPERATOR_IS_EMPTY' }] }, fields, NOW)).toThrow(FilterError);
    expect(() => compileFilter({ conditions: [{ field_id: 'amount', operator: 'OPERATOR_CONTAINS', number_value: { value: 1 } }] }, fields, NOW)).toThrow(FilterError);
    expect(() => compileFilter({ conditions: [{ field_id: 'name', field_type: 'FIELD_TYPE_NUMBER', operator: 'OPERATOR_IS_EMPTY' }] }, fields, NOW)).toThrow(FilterError);
    expect(() => compileFilter({ conditions: [{ field_id: 'name', operator: 'OPERATOR_IS' }] }, fields, NOW)).toThrow(FilterError);
  });
});
