import { describe, expect, it } from 'vitest';
import { type TestCorp } from '../../harness/target.js';
import { suiteTarget } from '../../harness/suite.js';
import { areaToken, call, code } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;
const tokenOf = async (corp: TestCorp) => areaToken(base, corp, 'report');

describe.skipIf(!target.isMock)('政民沟通 (report)', () => {
  it('When grids are added under the root, then list, user info and the admin limits follow WeCom\'s rules', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const [a, b, c] = corp.raw!.sample_userids!;
    const root = (await call(base, 'report_grid_list', { token, body: {} })).json!.grid_list![0]!;
    expect(root.grid_parent_id).toBe('');
    const add = await call(base, 'report_grid_add', { token, body: { grid_name: '东区', grid_parent_id: root.grid_id!, grid_admin: [a!], grid_member: [b!, 'invaliduser'] } });
    expect(add.json).toMatchObject({ errcode: 0, invalid_userids: ['invaliduser'] });
    const id = add.json!.grid_id!;
    const dup = await call(base, 'report_grid_add', { token, body: { grid_name: '东区', grid_parent_id: root.grid_id!, grid_admin: [a!] } });
    expect(dup.errcode).toBe(code('GRID_NAME_DUPLICATED'));
    const child = await call(base, 'report_grid_add', { token, body: { grid_name: '东区一组', grid_parent_id: id, grid_admin: [c!] } });
    expect(child.errcode).toBe(0);
    const list = await call(base, 'report_grid_list', { token, body: { grid_id: id } });
    expect(list.json!.grid_list!.map((g) => g.grid_name)).toEqual([root.grid_name, '东区', '东区一组']);
    const info = await call(base, 'report_grid_get_user_grid_info', { token, body: { userid: b! } });
    expect(info.json!.joined_grids).toContainEqual({ grid_id: id, grid_name: '东区' });
    expect((await call(base, 'report_grid_delete', { token, body: { grid_id: id } })).errcode).toBe(code('GRID_HAS_MEMBERS'));
    const moveUnder = await call(base, 'report_grid_update', { token, body: { grid_id: id, grid_name: '东区', grid_parent_id: child.json!.grid_id!, grid_admin: [a!] } });
    expect(moveUnder.errcode).toBe(code('INVALID_GRID_ID'));
    expect((await call(base, 'report_grid_update', { token, body: { grid_id: id, grid_name: '东区', grid_parent_id: root.grid_id!, grid_admin: [a!], grid_member: [] } })).errcode).toBe(0);
    expect((await call(base, 'report_grid_delete', { token, body: { grid_id: id } })).errcode).toBe(0);
    expect((await call(base, 'report_grid_list', { token, body: { grid_id: child.json!.grid_id! } })).errcode).toBe(code('INVALID_GRID_ID'));
    // A member administers at most 10 grids.
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await call(base, 'report_grid_add', { token, body: { grid_name: `G${i}`, grid_parent_id: root.grid_id!, grid_admin: [c!] } })).errcode!;
    expect(last).toBe(code('USER_GRID_LIMIT_REACHED'));
  });

  it('When categories are added, then level 2 needs a level-1 parent and the list nests children after their parent', async () => {
    const corp = await target.newCorp({ scenario: 'empty' });
    const token = await tokenOf(corp);
    const top = await call(base, 'report_grid_add_cata', { token, body: { category_name: '安全', level: 1 } });
    const sub = await call(base, 'report_grid_add_cata', { token, body: { category_name: '消防', level: 2, parent_category_id: top.json!.category_id! } });
    expect(sub.errcode).toBe(0);
    expect((await call(base, 'report_grid_add_cata', { token, body: { category_name: 'x', level: 2, parent_category_id: sub.json!.category_id! } })).errcode).toBe(code('INVALID_EVENT_CATEGORY_ID'));
    expect((await call(base, 'report_grid_add_cata', { token, body: { category_name: 'x', level: 2 } })).errcode).toBe(code('INVALID_EVENT_CATEGORY_ID'));
    const list = await call(base, 'report_grid_list_cata', { token, body: {} });
    expect(list.json!.category_list).toEqual([
      { category_id: top.json!.category_id, category_name: '安全', level: 1 },
      { category_id: sub.json!.category_id, category_name: '消防', level: 2, parent_category_id: top.json!.category_id },
    ]);
    expect((await call(base, 'report_grid_delete_cata', { token, body: { category_id: top.json!.category_id! } })).errcode).toBe(0);
    expect((await call(base, 'report_grid_list_cata', { token, body: {} })).json!.category_list).toEqual([]);
  });

  it('When a resident order is filed and advanced, then its state shows in the list, the detail and the counts', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const grid = (await call(base, 'report_patrol_get_grid_info', { token })).json!.grid_list![0]!;
    const cata = (await call(base, 'report_grid_list_cata', { token, body: {} })).json!.category_list!.find((c) => c.level === 2)!;
    const before = (await call(base, 'report_resident_get_corp_status', { token, body: { grid_id: grid.grid_id! } })).json!;
    const filed = await target.admin<{ order_id: string; status: string }>('POST', `/__mock/corps/${corp.corpid}/report/orders`, {
      kind: 'resident', grid_id: grid.grid_id, category_id: cata.category_id, desc: '路灯不亮', reporter_name: '陈先生', reporter_mobile: '13700000000',
    });
    expect(filed.json.status).toBe('pending');
    const mid = (await call(base, 'report_resident_get_corp_status', { token, body: { grid_id: grid.grid_id! } })).json!;
    expect(mid.pending).toBe(before.pending! + 1);
    expect(mid.added_today).toBe(before.added_today! + 1);
    const admin = grid.grid_admin![0]!;
    await target.admin('POST', `/__mock/corps/${corp.corpid}/report/orders/${filed.json.order_id}/advance`, { processor: admin });
    await target.admin('POST', `/__mock/corps/${corp.corpid}/report/orders/${filed.json.order_id}/advance`, { processor: admin, desc: '已修复' });
    expect((await target.admin('POST', `/__mock/corps/${corp.corpid}/report/orders/${filed.json.order_id}/advance`, { processor: admin })).status).toBe(409);
    const info = await call(base, 'report_resident_get_order_info', { token, body: { order_id: filed.json.order_id } });
    expect(info.json!.order_info).toMatchObject({ desc: '路灯不亮', reporter_name: '陈先生', processor_userids: [admin], case_name: cata.category_name });
    expect(info.json!.order_info!.process_list!.map((p) => p.process_type)).toEqual([1, 4, 3]);
    const after = (await call(base, 'report_resident_get_corp_status', { token, body: { grid_id: grid.grid_id! } })).json!;
    expect(after.solved_today).toBe(before.solved_today! + 1);
    expect(after.total_solved).toBe(before.total_solved! + 1);
    const user = (await call(base, 'report_resident_get_user_status', { token, body: { userid: admin } })).json!;
    expect(user.solved_today).toBeGreaterThanOrEqual(1);
    expect((await call(base, 'report_patrol_get_order_info', { token, body: { order_id: filed.json.order_id } })).errcode).toBe(code('INVALID_PARAMETER'));
  });

  it('When the patrol orders are paged, then the pages join into every order once, and a made-up cursor is refused', async () => {
    const corp = await target.newCorp();
    const token = await tokenOf(corp);
    const ids: string[] = [];
    let cursor = '';
    for (;;) {
      const r = await call(base, 'report_patrol_get_order_list', { token, body: { cursor, limit: 2 } });
      expect(r.errcode).toBe(0);
      ids.push(...r.json!.order_list!.map((o) => o.order_id!));
      cursor = r.json!.next_cursor!;
      if (!cursor) break;
    }
    const status = (await call(base, 'report_patrol_get_corp_status', { token, body: {} })).json!;
    expect(ids.length).toBe(status.total_case);
    expect(new Set(ids).size).toBe(ids.length);
    const stats = (await call(base, 'report_patrol_category_statistic', { token, body: {} })).json!.dashboard_list!;
    expect(stats.reduce((n, d) => n + d.total_case!, 0)).toBe(status.total_case);
    expect((await call(base, 'report_patrol_get_order_list', { token, body: { cursor: 'made-up-cursor-value' } })).errcode).toBe(code('INVALID_CURSOR'));
  });
});
