import { describe, expect, it } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code, getToken } from '../../harness/client.js';

const target = await suiteTarget();
const base = target.baseUrl;

interface Dept {
  id: number;
  parentid: number;
  order: number;
  name?: string;
}

describe('first contacts reads', () => {
  it('When an app reads the whole department tree, then parents come before children and every parent is listed', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    const r = await call(base, 'department_list', { token: t });
    expect(r.errcode).toBe(0);
    const list = r.json?.['department'] as Dept[];
    expect(list.length).toBeGreaterThan(1);
    const seen = new Set<number>();
    for (const d of list) {
      expect(d).toEqual(expect.objectContaining({ id: expect.any(Number), name: expect.any(String), parentid: expect.any(Number), order: expect.any(Number) }));
      expect(Array.isArray((d as unknown as Record<string, unknown>)['department_leader'])).toBe(true);
      if (d.parentid !== 0) expect(seen.has(d.parentid)).toBe(true);
      seen.add(d.id);
    }
  });

  it('When department/list gets an id, then only that subtree comes back', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    const all = (await call(base, 'department_list', { token: t })).json?.['department'] as Dept[];
    const child = all.find((d) => d.parentid === 1)!;
    const sub = (await call(base, 'department_list', { token: t, query: { id: child.id } })).json?.['department'] as Dept[];
    expect(sub[0]!.id).toBe(child.id);
    const ids = new Set(sub.map((d) => d.id));
    for (const d of sub.slice(1)) expect(ids.has(d.parentid)).toBe(true);
    expect(sub.length).toBeLessThan(all.length);
  });

  it('When department/simplelist is called, then it lists the same ids as department/list without names', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    const list = (await call(base, 'department_list', { token: t })).json?.['department'] as Dept[];
    const simple = (await call(base, 'department_simplelist', { token: t })).json?.['department_id'] as Dept[];
    expect(simple.map((d) => d.id)).toEqual(list.map((d) => d.id));
    for (const d of simple) expect(Object.keys(d).sort()).toEqual(['id', 'order', 'parentid']);
  });

  it('When a department does not exist, then 60003', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    const r = await call(base, 'department_list', { token: t, query: { id: 999999 } });
    expect(r.errcode).toBe(code('DEPARTMENT_NOT_FOUND'));
    expect(r.json?.['department']).toEqual([]);
  });

  it.skipIf(!target.isMock)('When an app reads a member, then the member comes back without the fields WeCom withholds since 2022', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    const userid = corp.raw!.sample_userids![0]!;
    const r = await call(base, 'user_get', { token: t, query: { userid } });
    expect(r.errcode).toBe(0);
    expect(r.json).toMatchObject({ userid, name: expect.any(String), department: expect.any(Array), main_department: expect.any(Number) });
    for (const f of ['mobile', 'email', 'avatar', 'gender', 'address', 'qr_code']) expect(r.json).not.toHaveProperty(f);
  });

  it.skipIf(!target.isMock)('When the userid differs only in case, then it is the same member (userids are case-insensitive)', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    const userid = corp.raw!.sample_userids![0]!;
    const r = await call(base, 'user_get', { token: t, query: { userid: userid.toUpperCase() } });
    expect(r.errcode).toBe(0);
    expect(r.json?.['userid']).toBe(userid);
  });

  it.skipIf(!target.isMock)('When the 2022 rules are switched off, then an app gets the sensitive fields too', async () => {
    const corp = await target.newCorp({ settings: { post2022_rules: false } });
    const t = await getToken(base, corp.corpid, corp.appSecret);
    const r = await call(base, 'user_get', { token: t, query: { userid: corp.raw!.sample_userids![0]! } });
    expect(r.json).toHaveProperty('gender');
    expect(r.json).toHaveProperty('mobile');
  });

  it('When the member does not exist, then 60111 with the empty list fields', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    const r = await call(base, 'user_get', { token: t, query: { userid: 'no_such_member_x' } });
    expect(r.errcode).toBe(code('USERID_NOT_FOUND'));
    expect(r.json).toMatchObject({ department: [], order: [], is_leader_in_dept: [], direct_leader: [] });
  });

  it('When userid is missing, then 41009', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    expect((await call(base, 'user_get', { token: t })).errcode).toBe(code('USERID_MISSING'));
  });

  it.skipIf(!target.isMock)('When the contacts-sync secret reads details, then 48009; simplelist and list_id still work', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.raw!.secrets.contacts);
    const userid = corp.raw!.sample_userids![0]!;
    expect((await call(base, 'user_get', { token: t, query: { userid } })).errcode).toBe(code('CONTACTS_SYNC_READ_FORBIDDEN'));
    expect((await call(base, 'department_list', { token: t })).errcode).toBe(code('CONTACTS_SYNC_READ_FORBIDDEN'));
    expect((await call(base, 'department_simplelist', { token: t })).errcode).toBe(0);
    expect((await call(base, 'user_list_id', { token: t, body: { limit: 5 } })).errcode).toBe(0);
  });

  it.skipIf(!target.isMock)('When user/list_id pages through a corp, then every member×department row comes exactly once', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.raw!.secrets.contacts);
    const rows: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const r = await call(base, 'user_list_id', { token: t, body: { limit: 7, ...(cursor && { cursor }) } });
      expect(r.errcode).toBe(0);
      const list = r.json?.['dept_user'] as Array<{ userid: string; department: number }>;
      expect(list.length).toBeLessThanOrEqual(7);
      rows.push(...list.map((x) => `${x.userid}/${x.department}`));
      cursor = r.json?.['next_cursor'] as string;
      if (!cursor) break;
    }
    expect(cursor).toBe('');
    expect(new Set(rows).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.split('/')[0])).size).toBe(corp.raw!.counts!.users);
  });

  it('When user/list_id gets a made-up cursor, then 50100', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    for (const cursor of ['xxxxxxx', 'aGVsbG8', '!!!']) {
      expect((await call(base, 'user_list_id', { token: t, body: { cursor } })).errcode).toBe(code('INVALID_CURSOR'));
    }
  });

  it.skipIf(!target.isMock)('When user/list_id gets the cursor another caller was given, then 50100', async () => {
    const corp = await target.newCorp();
    const sync = await getToken(base, corp.corpid, corp.raw!.secrets.contacts);
    const app = await getToken(base, corp.corpid, corp.appSecret);
    const first = await call(base, 'user_list_id', { token: sync, body: { limit: 2 } });
    const cursor = first.json?.['next_cursor'] as string;
    expect(cursor).not.toBe('');
    expect((await call(base, 'user_list_id', { token: sync, body: { cursor, limit: 2 } })).errcode).toBe(0);
    // The mock binds a cursor to its caller: another secret's list is another list (its own visible range).
    expect((await call(base, 'user_list_id', { token: app, body: { cursor, limit: 2 } })).errcode).toBe(code('INVALID_CURSOR'));
  });

  it.skipIf(!target.isMock)('When a system secret other than contacts-sync reads contacts, then 48002', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.raw!.secrets.archive);
    expect((await call(base, 'department_simplelist', { token: t })).errcode).toBe(code('API_FORBIDDEN'));
  });

  it.skipIf(!target.isMock)('When an app sees only one department, then it reads only that subtree and members outside answer 60011', async () => {
    const corp = await target.newCorp();
    const contacts = await getToken(base, corp.corpid, corp.raw!.secrets.contacts);
    const tree = (await call(base, 'department_simplelist', { token: contacts })).json?.['department_id'] as Dept[];
    const branch = tree.find((d) => d.parentid === 1)!;
    const other = tree.find((d) => d.parentid === 1 && d.id !== branch.id)!;
    const patched = await target.admin('PATCH', `/__mock/corps/${corp.corpid}/apps/${corp.agentid}`, { allow_party: [branch.id] });
    expect(patched.status).toBe(200);
    const t = await getToken(base, corp.corpid, corp.appSecret);
    const visible = (await call(base, 'department_list', { token: t })).json?.['department'] as Dept[];
    expect(visible[0]!.id).toBe(branch.id);
    expect(visible.some((d) => d.id === other.id)).toBe(false);
    expect((await call(base, 'department_list', { token: t, query: { id: other.id } })).errcode).toBe(code('NO_PRIVILEGE'));
    const rows = (await call(base, 'user_list_id', { token: contacts, body: {} })).json?.['dept_user'] as Array<{
      userid: string;
      department: number;
    }>;
    const inside = new Set(visible.map((d) => d.id));
    const outsider = rows.find((r) => !rows.some((x) => x.userid === r.userid && inside.has(x.department)))!;
    const insider = rows.find((r) => inside.has(r.department))!;
    expect((await call(base, 'user_get', { token: t, query: { userid: outsider.userid } })).errcode).toBe(code('NO_PRIVILEGE'));
    expect((await call(base, 'user_get', { token: t, query: { userid: insider.userid } })).errcode).toBe(0);
    const listed = (await call(base, 'user_list_id', { token: t, body: {} })).json?.['dept_user'] as Array<{ userid: string }>;
    expect(listed.some((r) => r.userid === outsider.userid)).toBe(false);
  });

  it.skipIf(!target.isMock)('When the control plane is given an unknown department for an app, then it refuses with a reason', async () => {
    const corp = await target.newCorp();
    const r = await target.admin<{ error: { code: string } }>('PATCH', `/__mock/corps/${corp.corpid}/apps/${corp.agentid}`, { allow_party: [987654] });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('unknown_department');
  });

  it.skipIf(!target.isMock)('When the directory changes between two reads, then the second read shows the change (no stale answer)', async () => {
    const corp = await target.newCorp();
    const t = await getToken(base, corp.corpid, corp.appSecret);
    const sync = await getToken(base, corp.corpid, corp.raw!.secrets.contacts);
    const userid = corp.raw!.sample_userids![0]!;
    const before = await call(base, 'department_list', { token: t });
    await call(base, 'user_get', { token: t, query: { userid } });
    const created = await call(base, 'department_create', { token: sync, body: { name: '缓存检查部', parentid: 1 } });
    expect(created.errcode).toBe(0);
    const after = await call(base, 'department_list', { token: t });
    const ids = (after.json?.['department'] as Dept[]).map((d) => d.id);
    expect(ids).toContain(created.json?.['id']);
    expect(ids.length).toBe((before.json?.['department'] as Dept[]).length + 1);
    expect((await call(base, 'user_update', { token: sync, body: { userid, position: '缓存检查' } })).errcode).toBe(0);
    expect((await call(base, 'user_get', { token: t, query: { userid } })).json?.['position']).toBe('缓存检查');
  });
});
