/**
 * 文档: create, rename, delete, base info, permissions, the document model, spreadsheets, forms and vip
 * (doc path/97460 and the pages it links). Mock only: the suites make corps and read demo data through the
 * control plane.
 */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code } from '../../harness/client.js';
import { docCorp } from './helpers.js';

const target = await suiteTarget();

describe.skipIf(!target.isMock)('wedoc documents', () => {
  it('When a doc is created, then base info, rename and delete follow it', async () => {
    const c = await docCorp(target);
    const made = await c.wd('wedoc_create_doc', { doc_type: 3, doc_name: '周报', admin_users: [c.users[0]] });
    expect(made.errcode, made.text).toBe(0);
    const docid = made.json?.['docid'] as string;
    expect(made.json?.['url']).toContain(docid);
    const info = await c.wd('wedoc_get_doc_base_info', { docid });
    expect(info.json?.['doc_base_info']).toMatchObject({ docid, doc_name: '周报', doc_type: 3 });
    expect((await c.wd('wedoc_rename_doc', { docid, new_name: '月报' })).errcode).toBe(0);
    expect((await c.wd('wedoc_get_doc_base_info', { docid })).json?.['doc_base_info']).toMatchObject({ doc_name: '月报' });
    expect((await c.wd('wedoc_del_doc', { docid })).errcode).toBe(0);
    expect((await c.wd('wedoc_get_doc_base_info', { docid })).errcode).toBe(code('INVALID_DOCID'));
  });

  it('When create_doc gets a bad type, name or admin, then it answers 640054, 640052 or 40003', async () => {
    const c = await docCorp(target);
    expect((await c.wd('wedoc_create_doc', { doc_type: 5, doc_name: 'x' })).errcode).toBe(code('WEDOC_INVALID_TYPE'));
    expect((await c.wd('wedoc_create_doc', { doc_type: 3, doc_name: 'x'.repeat(256) })).errcode).toBe(code('WEDOC_INVALID_NAME'));
    expect((await c.wd('wedoc_create_doc', { doc_type: 3, doc_name: 'x', admin_users: ['nobody_here'] })).errcode).toBe(code('INVALID_USERID'));
  });

  it('When another app or an app outside 可调用接口的应用 calls, then 640004 or 48002; the system secret reaches every doc', async () => {
    const c = await docCorp(target);
    const docid = (await c.wd('wedoc_create_doc', { doc_type: 3, doc_name: 'a' })).json?.['docid'] as string;
    const sys = await c.systemToken();
    expect((await c.wd('wedoc_get_doc_base_info', { docid }, sys)).errcode).toBe(0);
    const sysDoc = (await c.wd('wedoc_create_doc', { doc_type: 3, doc_name: 'b' }, sys)).json?.['docid'] as string;
    expect((await c.wd('wedoc_get_doc_base_info', { docid: sysDoc })).errcode).toBe(code('WEDRIVE_ACCESS_DENIED'));
    const patch = await target.admin('PATCH', `/__mock/corps/${c.corp.corpid}/areas/wedoc`, { callable_agentids: [] });
    expect(patch.status).toBe(200);
    expect((await c.wd('wedoc_get_doc_base_info', { docid })).errcode).toBe(code('API_FORBIDDEN'));
  });

  it('When members and rules change, then doc_get_auth shows them and removing a non-member is 640056', async () => {
    const c = await docCorp(target);
    const [a, b] = c.users;
    const docid = (await c.wd('wedoc_create_doc', { doc_type: 3, doc_name: 'a', admin_users: [a] })).json?.['docid'] as string;
    expect((await c.wd('wedoc_mod_doc_member', { docid, update_file_member_list: [{ type: 1, userid: b, auth: 2 }] })).errcode).toBe(0);
    expect((await c.wd('wedoc_mod_doc_join_rule', { docid, enable_corp_external: true, update_co_auth_list: true, co_auth_list: [{ type: 2, departmentid: 1, auth: 1 }] })).errcode).toBe(0);
    expect((await c.wd('wedoc_mod_doc_safty_setting', { docid, watermark: { margin_type: 1, show_text: true, text: 'mark' } })).errcode).toBe(0);
    const auth = await c.wd('wedoc_doc_get_auth', { docid });
    expect(auth.json?.['doc_member_list']).toEqual([
      { type: 1, userid: a, auth: 7 },
      { type: 1, userid: b, auth: 2 },
    ]);
    expect(auth.json?.['co_auth_list']).toEqual([{ type: 2, departmentid: 1, auth: 1 }]);
    expect(auth.json?.['access_rule']).toMatchObject({ enable_corp_external: true });
    expect(auth.json?.['secure_setting']).toMatchObject({ watermark: { margin_type: 1, show_text: true, text: 'mark' } });
    expect((await c.wd('wedoc_mod_doc_member', { docid, del_file_member_list: [{ type: 1, tmp_external_userid: 'wmNOPE' }] })).errcode).toBe(code('WEDOC_MEMBER_NOT_FOUND'));
  });

  it('When a document is edited in a batch, then get answers the new tree and version; a stale version is 6000 and a bad batch changes nothing', async () => {
    const c = await docCorp(target);
    const docid = (await c.wd('wedoc_create_doc', { doc_type: 3, doc_name: 'a' })).json?.['docid'] as string;
    const v1 = (await c.wd('wedoc_document_get', { docid })).json?.['version'] as number;
    const up = await c.wd('wedoc_document_batch_update', {
      docid,
      version: v1,
      requests: [{ insert_text: { text: 'hello world', location: { index: 0 } } }, { update_text_property: { text_property: { bold: true }, ranges: [{ start_index: 0, length: 5 }] } }, { insert_table: { rows: 2, cols: 2, location: { index: 11 } } }],
    });
    expect(up.errcode, up.text).toBe(0);
    const got = await c.wd('wedoc_document_get', { docid });
    expect(got.json?.['version']).toBe(v1 + 1);
    const tree = got.json?.['document'] as { children: Array<{ type: string; children: Array<{ text: string; property: Record<string, unknown> }> }> };
    expect(tree.children.map((n) => n.type)).toEqual(['Paragraph', 'Table', 'Paragraph']);
    expect(tree.children[0]!.children[0]).toMatchObject({ text: 'hello', property: { bold: true } });
    expect((await c.wd('wedoc_document_batch_update', { docid, version: v1, requests: [{ insert_text: { text: 'x', location: { index: 0 } } }] })).errcode).toBe(code('DATA_VERSION_CONFLICT'));
    const bad = await c.wd('wedoc_document_batch_update', { docid, requests: [{ insert_text: { text: 'x', location: { index: 0 } } }, { delete_content: { range: { start_index: 0, length: 9999 } } }] });
    expect(bad.errcode).toBe(code('WEDOC_INVALID_PARAMETER'));
    expect((await c.wd('wedoc_document_get', { docid })).json?.['version']).toBe(v1 + 1);
    expect((await c.wd('wedoc_spreadsheet_get_sheet_properties', { docid })).errcode).toBe(code('WEDOC_INVALID_TYPE'));
  });

  it('When a spreadsheet gets a sheet and cells, then range reads answer them and dimensions delete', async () => {
    const c = await docCorp(target);
    const docid = (await c.wd('wedoc_create_doc', { doc_type: 4, doc_name: 'sheet' })).json?.['docid'] as string;
    const up = await c.wd('wedoc_spreadsheet_batch_update', {
      docid,
      requests: [{ add_sheet_request: { title: '数据', row_count: 10, column_count: 5 } }],
    });
    expect(up.errcode, up.text).toBe(0);
    const sheet_id = ((up.json?.['data'] as { responses: Array<{ add_sheet_response: { properties: { sheet_id: string } } }> }).responses[0]!.add_sheet_response.properties.sheet_id);
    const write = await c.wd('wedoc_spreadsheet_batch_update', {
      docid,
      requests: [{ update_range_request: { sheet_id, grid_data: { start_row: 0, start_column: 0, rows: [{ values: [{ cell_value: { text: 'a' } }, { cell_value: { text: 'b' } }] }, { values: [{ cell_value: { text: 'c' } }] }] } } }, { delete_dimension_request: { sheet_id, dimension: 'ROW', start_index: 1, end_index: 1 } }],
    });
    expect(write.json?.['data']).toEqual({ responses: [{ update_range_response: { updated_cells: 3 } }, { delete_dimension_response: { deleted: 1 } }] });
    const read = await c.wd('wedoc_spreadsheet_get_sheet_range_data', { docid, sheet_id, range: 'A1:B1' });
    expect(read.json?.['data']).toEqual({ result: { start_row: 0, start_column: 0, rows: [{ values: [{ cell_value: { text: 'c' } }, {}] }] } });
    const props = await c.wd('wedoc_spreadsheet_get_sheet_properties', { docid });
    expect(props.json?.['properties']).toContainEqual({ sheet_id, title: '数据', row_count: 9, column_count: 5 });
    expect((await c.wd('wedoc_spreadsheet_get_sheet_range_data', { docid, sheet_id, range: 'nonsense' })).errcode).toBe(code('WEDOC_INVALID_PARAMETER'));
  });

  it('When the demo form is read, then its round has answers, statistics and unfilled members', async () => {
    const c = await docCorp(target);
    const formid = (c.corp.raw as unknown as { wedoc: { forms: string[] } }).wedoc.forms[0]!;
    const info = await c.wd('wedoc_get_form_info', { formid });
    const round = (info.json?.['form_info'] as { repeated_id: string[] }).repeated_id[0]!;
    const stat = await c.wd('wedoc_get_form_statistic', { repeated_id: round, req_type: 2 });
    expect(stat.json).toMatchObject({ fill_cnt: 2, fill_user_cnt: 2, unfill_user_cnt: 3 });
    const ids = (stat.json?.['submit_users'] as Array<{ answer_id: number }>).map((s) => s.answer_id);
    const answers = await c.wd('wedoc_get_form_answer', { repeated_id: round, answer_ids: ids });
    expect((answers.json?.['answer'] as { answer_list: unknown[] }).answer_list).toHaveLength(2);
    const made = await c.wd('wedoc_create_form', { form_info: { form_title: '新表', form_question: { items: [{ question_id: 1, title: 'Q', pos: 1, status: 1, reply_type: 1 }] } } });
    expect(made.errcode, made.text).toBe(0);
    expect((await c.wd('wedoc_modify_form', { oper: 1, formid: made.json?.['formid'], form_info: { form_title: '改', form_question: { items: [] } } })).errcode).toBe(0);
    expect((await c.wd('wedoc_get_form_info', { formid: made.json?.['formid'] })).json?.['form_info']).toMatchObject({ form_title: '改', form_question: { items: [] } });
  });

  it('When vip accounts are added, then list pages them and unknown members fail', async () => {
    const c = await docCorp(target);
    const add = await c.wd('wedoc_vip_batch_add', { userid_list: [c.users[2], 'ghost_member'] });
    expect(add.json).toMatchObject({ succ_userid_list: [c.users[2]], fail_userid_list: ['ghost_member'] });
    const p1 = await c.wd('wedoc_vip_list', { limit: 2 });
    expect(p1.json).toMatchObject({ has_more: true, userid_list: [c.users[0], c.users[1]] });
    const p2 = await c.wd('wedoc_vip_list', { limit: 2, cursor: p1.json?.['next_cursor'] });
    expect(p2.json).toMatchObject({ has_more: false, userid_list: [c.users[2]] });
    expect((await c.wd('wedoc_vip_list', { cursor: 'made-up-cursor' })).errcode).toBe(code('INVALID_CURSOR'));
    expect((await c.wd('wedoc_vip_batch_del', { userid_list: [c.users[2], c.users[3]] })).json).toMatchObject({ succ_userid_list: [c.users[2]], fail_userid_list: [c.users[3]] });
  });
});
