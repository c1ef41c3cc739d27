/** 智能表格: sub-sheets, fields, views, records with filters and sort, and the sheet webhook (doc path/101158 …). Mock only. */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code } from '../../harness/client.js';
import { docCorp, type DocCorp } from './helpers.js';

const target = await suiteTarget();

async function smartSheet(c: DocCorp): Promise<{ docid: string; sheet_id: string }> {
  const docid = (await c.wd('wedoc_create_doc', { doc_type: 10, doc_name: '表' })).json?.['docid'] as string;
  const add = await c.wd('wedoc_smartsheet_add_sheet', { docid, properties: { title: '订单' } });
  const sheet_id = (add.json?.['properties'] as { sheet_id: string }).sheet_id;
  const f = await c.wd('wedoc_smartsheet_add_fields', {
    docid,
    sheet_id,
    fields: [
      { field_title: '名称', field_type: 'FIELD_TYPE_TEXT' },
      { field_title: '金额', field_type: 'FIELD_TYPE_NUMBER' },
      { field_title: '完成', field_type: 'FIELD_TYPE_CHECKBOX' },
      { field_title: '状态', field_type: 'FIELD_TYPE_SINGLE_SELECT', property_single_select: { options: [{ text: '新' }, { text: '旧' }] } },
    ],
  });
  expect(f.errcode, f.text).toBe(0);
  return { docid, sheet_id };
}

describe.skipIf(!target.isMock)('wedoc smart sheets', () => {
  it('When records are added by title, then get_records filters, sorts, pages and keys them as asked', async () => {
    const c = await docCorp(target);
    const { docid, sheet_id } = await smartSheet(c);
    const rows = [['苹果', 30, true], ['香蕉', 10, false], ['苹果派', 20, false]] as const;
    const add = await c.wd('wedoc_smartsheet_add_records', {
      docid,
      sheet_id,
      records: rows.map(([n, a, d]) => ({ values: { 名称: [{ type: 'text', text: n }], 金额: a, 完成: d, 状态: [{ text: '新' }] } })),
    });
    expect(add.errcode, add.text).toBe(0);
    expect((add.json?.['records'] as unknown[]).length).toBe(3);
    const fields = (await c.wd('wedoc_smartsheet_get_fields', { docid, sheet_id })).json?.['fields'] as Array<{ field_id: string; field_title: string }>;
    const nameId = fields.find((f) => f.field_title === '名称')!.field_id;
    const q = await c.wd('wedoc_smartsheet_get_records', {
      docid,
      sheet_id,
      filter_spec: { conjunction: 'CONJUNCTION_AND', conditions: [{ field_id: nameId, field_type: 'FIELD_TYPE_TEXT', operator: 'OPERATOR_CONTAINS', string_value: { value: ['苹果'] } }] },
      sort: [{ field_title: '金额', desc: false }],
      field_titles: ['名称', '金额'],
      limit: 1,
    });
    expect(q.errcode, q.text).toBe(0);
    expect(q.json).toMatchObject({ total: 2, has_more: true, next: 1 });
    const recs = q.json?.['records'] as Array<{ values: Record<string, unknown> }>;
    expect(recs[0]!.values).toEqual({ 名称: [{ type: 'text', text: '苹果派' }], 金额: 20 });
    const byId = await c.wd('wedoc_smartsheet_get_records', { docid, sheet_id, key_type: 'CELL_VALUE_KEY_TYPE_FIELD_ID', field_ids: [nameId], offset: 1, limit: 1 });
    expect(Object.keys((byId.json?.['records'] as Array<{ values: object }>)[0]!.values)).toEqual([nameId]);
  });

  it('When a value does not fit its field or names no field, then 640051 and nothing is added', async () => {
    const c = await docCorp(target);
    const { docid, sheet_id } = await smartSheet(c);
    const bad = await c.wd('wedoc_smartsheet_add_records', { docid, sheet_id, records: [{ values: { 金额: 1 } }, { values: { 金额: 'many' } }] });
    expect(bad.errcode).toBe(code('WEDOC_INVALID_PARAMETER'));
    expect(bad.errmsg).toContain('金额');
    expect((await c.wd('wedoc_smartsheet_add_records', { docid, sheet_id, records: [{ values: { 不存在: 1 } }] })).errcode).toBe(code('WEDOC_INVALID_PARAMETER'));
    expect((await c.wd('wedoc_smartsheet_get_records', { docid, sheet_id })).json).toMatchObject({ total: 0, records: [] });
  });

  it('When records are updated and deleted, then ver grows and the changes show', async () => {
    const c = await docCorp(target);
    const { docid, sheet_id } = await smartSheet(c);
    const add = await c.wd('wedoc_smartsheet_add_records', { docid, sheet_id, records: [{ values: { 金额: 1 } }, { values: { 金额: 2 } }] });
    const [r1, r2] = (add.json?.['records'] as Array<{ record_id: string }>).map((r) => r.record_id);
    const ver0 = (await c.wd('wedoc_smartsheet_get_records', { docid, sheet_id })).json?.['ver'] as number;
    expect((await c.wd('wedoc_smartsheet_update_records', { docid, sheet_id, records: [{ record_id: r1, values: { 金额: 5, 完成: true } }] })).errcode).toBe(0);
    expect((await c.wd('wedoc_smartsheet_delete_records', { docid, sheet_id, record_ids: [r2] })).errcode).toBe(0);
    const after = await c.wd('wedoc_smartsheet_get_records', { docid, sheet_id });
    expect(after.json?.['ver']).toBe(ver0 + 2);
    expect((after.json?.['records'] as Array<{ record_id: string; values: object }>).map((r) => [r.record_id, r.values])).toEqual([[r1, { 金额: 5, 完成: true }]]);
    expect((await c.wd('wedoc_smartsheet_delete_records', { docid, sheet_id, record_ids: ['rNOPE'] })).errcode).toBe(code('WEDOC_INVALID_PARAMETER'));
  });

  it('When a view carries a filter, then get_records with that view applies it; views, groups and sheets change', async () => {
    const c = await docCorp(target);
    const { docid, sheet_id } = await smartSheet(c);
    await c.wd('wedoc_smartsheet_add_records', { docid, sheet_id, records: [{ values: { 完成: true } }, { values: { 完成: false } }] });
    const fields = (await c.wd('wedoc_smartsheet_get_fields', { docid, sheet_id })).json?.['fields'] as Array<{ field_id: string; field_title: string }>;
    const done = fields.find((f) => f.field_title === '完成')!.field_id;
    const view = (await c.wd('wedoc_smartsheet_add_view', { docid, sheet_id, view_title: '未完成', view_type: 'VIEW_TYPE_GRID' })).json?.['view'] as { view_id: string };
    const upd = await c.wd('wedoc_smartsheet_update_view', { docid, sheet_id, view_id: view.view_id, property: { filter_spec: { conditions: [{ field_id: done, operator: 'OPERATOR_IS', bool_value: { value: false } }] } } });
    expect(upd.errcode, upd.text).toBe(0);
    expect((await c.wd('wedoc_smartsheet_get_records', { docid, sheet_id, view_id: view.view_id })).json?.['total']).toBe(1);
    const g = await c.wd('wedoc_smartsheet_add_field_group', { docid, sheet_id, name: '组', children: [{ field_id: done }] });
    expect(g.errcode, g.text).toBe(0);
    expect((await c.wd('wedoc_smartsheet_add_field_group', { docid, sheet_id, name: '组2', children: [{ field_id: done }] })).errcode).toBe(code('WEDOC_INVALID_PARAMETER'));
    expect((await c.wd('wedoc_smartsheet_get_field_groups', { docid, sheet_id })).json).toMatchObject({ total: 1 });
    expect((await c.wd('wedoc_smartsheet_get_views', { docid, sheet_id, view_ids: [view.view_id] })).json).toMatchObject({ total: 1, views: [{ view_title: '未完成' }] });
    expect((await c.wd('wedoc_smartsheet_update_sheet', { docid, properties: { sheet_id, title: '改名' } })).errcode).toBe(0);
    expect((await c.wd('wedoc_smartsheet_delete_sheet', { docid, sheet_id })).errcode).toBe(0);
    expect((await c.wd('wedoc_smartsheet_get_fields', { docid, sheet_id })).errcode).toBe(code('WEDOC_INVALID_PARAMETER'));
  });

  it('When the demo smart sheet\'s webhook key posts records, then get_records finds them; a wrong key is 93000', async () => {
    const c = await docCorp(target);
    const hook = (c.corp.raw as unknown as { wedoc: { smartsheet_webhooks: Array<{ key: string; docid: string; sheet_id: string }> } }).wedoc.smartsheet_webhooks[0]!;
    const before = (await c.wd('wedoc_smartsheet_get_records', { docid: hook.docid, sheet_id: hook.sheet_id })).json?.['total'] as number;
    expect(before).toBe(20);
    const r = await call(target, 'wedoc_smartsheet_webhook', { unchecked: true, query: { key: hook.key }, body: { add_records: [{ values: { 客户名称: [{ type: 'text', text: '新客户' }], 金额: 88 } }] } });
    expect(r.errcode, r.text).toBe(0);
    const q = await c.wd('wedoc_smartsheet_get_records', { docid: hook.docid, sheet_id: hook.sheet_id, filter_spec: { conditions: [] }, offset: before });
    expect((q.json?.['records'] as Array<{ values: Record<string, unknown> }>)[0]!.values).toMatchObject({ 金额: 88 });
    const wrong = await call(target, 'wedoc_smartsheet_webhook', { unchecked: true, query: { key: 'nope' }, body: { add_records: [{ values: {} }] } });
    expect(wrong.errcode).toBe(code('INVALID_WEBHOOK_URL'));
    const priv = await c.wd('wedoc_smartsheet_content_priv_get_sheet_priv', { docid: hook.docid, type: 1 });
    expect(priv.json?.['rule_list']).toMatchObject([{ rule_id: 1, type: 1, priv_list: [{ sheet_id: hook.sheet_id }] }]);
  });
});
