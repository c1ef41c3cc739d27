/** 微盘 spaces (doc path/93655, 97856-97878), access (可调用接口的应用) and VIP seats (doc path/99512-99514). Mock only. */
import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';
import { driveCorp } from './helpers.js';

const target = await suiteTarget();

describe.skipIf(!target.isMock)('wedrive spaces', () => {
  it('When a typical corp starts, then its app sees a demo space with folders, files and a document', async () => {
    const c = await driveCorp(target);
    const spaces = (c.corp.raw as unknown as { wedrive: { spaces: string[] } }).wedrive.spaces;
    expect(spaces).toHaveLength(1);
    const info = await call(target, 'wedrive_new_space_info', { token: c.token, body: { spaceid: spaces[0]! } });
    expect(info.json).toMatchObject({ errcode: 0, space_info: { space_name: '公司资料', space_sub_type: 0 } });
    const root = await call(target, 'wedrive_file_list', { token: c.token, body: { spaceid: spaces[0]!, fatherid: spaces[0]!, sort_type: 1, start: 0, limit: 100 } });
    const names = (root.json!['file_list'] as { item: Array<{ file_name: string; file_type: number }> }).item.map((f) => f.file_name);
    expect(names).toEqual(['欢迎使用微盘.txt', '规章制度', '项目资料'].sort());
  });

  it('When a space is created, renamed, given members and settings, then new_space_info shows it all', async () => {
    const c = await driveCorp(target);
    const [a, b] = c.users as [string, string];
    const r = await call(target, 'wedrive_space_create', { token: c.token, body: { space_name: '项目', auth_info: [{ type: 1, userid: a, auth: 7 }, { type: 2, departmentid: 1, auth: 1 }] } });
    expect(r.errcode).toBe(0);
    const spaceid = r.json!['spaceid'] as string;
    expect(spaceid).toMatch(new RegExp(`^s\\.${c.corp.corpid}\\.`));
    expect((await call(target, 'wedrive_space_rename', { token: c.token, body: { spaceid, space_name: '项目二期' } })).errcode).toBe(0);
    expect((await call(target, 'wedrive_space_acl_add', { token: c.token, body: { spaceid, auth_info: [{ type: 1, userid: b, auth: 1 }] } })).errcode).toBe(0);
    expect((await call(target, 'wedrive_space_setting', { token: c.token, body: { spaceid, default_file_scope: 1, enable_watermark: true } })).errcode).toBe(0);
    expect((await call(target, 'wedrive_space_acl_del', { token: c.token, body: { spaceid, auth_info: [{ type: 1, userid: b }] } })).errcode).toBe(0);
    const info = (await call(target, 'wedrive_new_space_info', { token: c.token, body: { spaceid } })).json!['space_info'] as Record<string, unknown>;
    expect(info['space_name']).toBe('项目二期');
    expect(info['auth_list']).toEqual({ auth_info: [{ type: 1, userid: a, auth: 7 }, { type: 2, departmentid: '1', auth: 1 }], quit_userid: [b] });
    expect(info['secure_setting']).toMatchObject({ default_file_scope: 1, enable_watermark: true });
    expect((await call(target, 'wedrive_space_share', { token: c.token, body: { spaceid } })).json!['space_share_url']).toMatch(/^https:\/\//);
    expect((await call(target, 'wedrive_space_dismiss', { token: c.token, body: { spaceid } })).errcode).toBe(0);
    expect((await call(target, 'wedrive_new_space_info', { token: c.token, body: { spaceid } })).errcode).toBe(code('WEDRIVE_SPACE_NOT_FOUND'));
  });

  it('When members, rights or names break the rules, then 6400xx codes', async () => {
    const c = await driveCorp(target);
    const [a, b, d, e] = c.users as [string, string, string, string];
    const spaceid = await c.space();
    const add = (auth_info: Array<Record<string, unknown>>) => call(target, 'wedrive_space_acl_add', { token: c.token, body: { spaceid, auth_info: auth_info as never } });
    expect((await add([{ type: 1, userid: 'ghost', auth: 1 }])).errcode).toBe(code('WEDRIVE_INVALID_USERID'));
    expect((await add([{ type: 2, departmentid: 999999, auth: 1 }])).errcode).toBe(code('WEDRIVE_INVALID_DEPARTMENTID'));
    expect((await add([{ type: 2, departmentid: 1, auth: 7 }])).errcode).toBe(code('WEDRIVE_INVALID_AUTH_TYPE'));
    expect((await add([{ type: 1, userid: a, auth: 3 }])).errcode).toBe(code('WEDRIVE_INVALID_AUTH_TYPE'));
    expect((await add([a, b, d].map((userid) => ({ type: 1, userid, auth: 7 })))).errcode).toBe(0);
    expect((await add([{ type: 1, userid: e, auth: 7 }])).errcode).toBe(code('WEDOC_ADMIN_LIMIT_REACHED'));
    expect((await call(target, 'wedrive_space_acl_del', { token: c.token, body: { spaceid, auth_info: [{ type: 1, userid: e }] } })).errcode).toBe(code('WEDRIVE_MEMBER_NOT_IN_SPACE'));
    expect((await call(target, 'wedrive_space_rename', { token: c.token, body: { spaceid, space_name: '  ' } })).errcode).toBe(code('WEDRIVE_INVALID_SPACE_NAME'));
    expect((await call(target, 'wedrive_space_create', { token: c.token, body: { space_name: '长'.repeat(128) } })).errcode).toBe(code('WEDRIVE_INVALID_SPACE_NAME'));
    // Confidential spaces hand out no links.
    await call(target, 'wedrive_space_setting', { token: c.token, body: { spaceid, enable_confidential_mode: true } });
    expect((await call(target, 'wedrive_space_share', { token: c.token, body: { spaceid } })).errcode).toBe(code('WEDRIVE_SPACE_SECRET_MODE'));
  });

  it('When the corp has no 专业版, then preview rights and watermarks are refused', async () => {
    const c = await driveCorp(target);
    const spaceid = await c.space();
    await target.admin('PATCH', `/__mock/corps/${c.corp.corpid}/wedrive`, { is_pro: false });
    expect((await call(target, 'wedrive_space_acl_add', { token: c.token, body: { spaceid, auth_info: [{ type: 1, userid: c.users[0]!, auth: 4 }] } })).errcode).toBe(code('WEDRIVE_PREVIEW_AUTH_UNSUPPORTED'));
    expect((await call(target, 'wedrive_space_setting', { token: c.token, body: { spaceid, enable_watermark: true } })).errcode).toBe(code('WEDRIVE_WATERMARK_UNSUPPORTED'));
    expect((await call(target, 'wedrive_mng_pro_info', { token: c.token, body: {} })).json).toMatchObject({ errcode: 0, is_pro: false });
  });

  it('When another app or a non-callable app calls, then 640008 and 640017; the 微盘 secret reaches every space', async () => {
    const c = await driveCorp(target);
    const spaceid = await c.space();
    const other = await target.admin<{ secret: string; agentid: number }>('POST', `/__mock/corps/${c.corp.corpid}/apps`, {});
    // A new app is not callable until listed.
    const ot = await getToken(target, c.corp.corpid, other.json.secret);
    expect((await call(target, 'wedrive_new_space_info', { token: ot, body: { spaceid } })).errcode).toBe(code('WEDRIVE_API_NOT_ENABLED'));
    await target.admin('PATCH', `/__mock/corps/${c.corp.corpid}/areas/wedrive`, { callable_agentids: [c.corp.agentid, other.json.agentid] });
    expect((await call(target, 'wedrive_new_space_info', { token: ot, body: { spaceid } })).errcode).toBe(code('WEDRIVE_NO_SPACE_PRIVILEGE'));
    const creds = await target.admin<{ areas: Record<string, { secret: string }> }>('GET', `/__mock/corps/${c.corp.corpid}`);
    const st = await getToken(target, c.corp.corpid, creds.json.areas['wedrive']!.secret);
    expect((await call(target, 'wedrive_new_space_info', { token: st, body: { spaceid } })).errcode).toBe(0);
  });

  it('When VIP seats are given, listed by pages and taken back, then seats and visibility bound them', async () => {
    const c = await driveCorp(target);
    await target.admin('PATCH', `/__mock/corps/${c.corp.corpid}/wedrive`, { total_vip_acct_num: 4 });
    const [a, b, d] = c.users as [string, string, string];
    const add = await call(target, 'wedrive_vip_batch_add', { token: c.token, body: { userid_list: [a, b, d, 'ghost'] } });
    // The demo corp gave two seats already (the first two members): a and b keep theirs, d takes a third.
    expect(add.json).toMatchObject({ succ_userid_list: [a, b, d], fail_userid_list: ['ghost'] });
    expect((await call(target, 'wedrive_mng_pro_info', { token: c.token, body: {} })).json).toMatchObject({ is_pro: true, total_vip_acct_num: 4, use_vip_acct_num: 3 });
    const p1 = await call(target, 'wedrive_vip_list', { token: c.token, body: { limit: 2 } });
    expect(p1.json).toMatchObject({ has_more: true, userid_list: [a, b] });
    const p2 = await call(target, 'wedrive_vip_list', { token: c.token, body: { limit: 2, cursor: p1.json!['next_cursor'] as string } });
    expect(p2.json).toMatchObject({ has_more: false, next_cursor: '', userid_list: [d] });
    expect((await call(target, 'wedrive_vip_list', { token: c.token, body: { cursor: 'made-up-cursor-value' } })).errcode).toBe(code('INVALID_CURSOR'));
    expect((await call(target, 'wedrive_vip_batch_del', { token: c.token, body: { userid_list: [a, 'ghost'] } })).json).toMatchObject({ succ_userid_list: [a], fail_userid_list: ['ghost'] });
  });
});
