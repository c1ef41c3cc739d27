/**
 * Departments: department/create, update, delete, get, list — the rules of doc path/90205. Mock only (the
 * suites change the directory).
 */
import { describe, expect } from 'vitest';
import { suiteTarget } from '../../harness/suite.js';
import { call, code } from '../../harness/client.js';
import { contactsCorp, contactsIt, member } from './helpers.js';

const target = await suiteTarget();
const it = contactsIt(target);

interface Dept {
  id: number;
  parentid: number;
  name: string;
  order: number;
}

describe.skipIf(!target.isMock)('department/create', () => {
  it('When no id is given, then the department gets the largest id + 1 and the answer is created with the id', async ({ c }) => {
    const all = (await call(target, 'department_simplelist', { token: c.sync })).json?.['department_id'] as Dept[];
    const max = Math.max(...all.map((d) => d.id));
    const r = await call(target, 'department_create', { token: c.sync, body: { name: '广州研发中心', name_en: 'RDGZ', parentid: 1, order: 1 } });
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('created');
    expect(r.json?.['id']).toBe(max + 1);
    const g = await call(target, 'department_get', { token: c.app, query: { id: max + 1 } });
    expect(g.json?.['department']).toEqual({ id: max + 1, name: '广州研发中心', name_en: 'RDGZ', department_leader: [], parentid: 1, order: 1 });
  });

  it('When an id is given, then it is used; a taken id answers 60008; id 0 means "not set"', async ({ c }) => {
    expect((await call(target, 'department_create', { token: c.sync, body: { name: 'A', parentid: 1, id: 500 } })).json?.['id']).toBe(500);
    expect((await call(target, 'department_create', { token: c.sync, body: { name: 'B', parentid: 1, id: 500 } })).errcode).toBe(code('DEPARTMENT_EXISTED'));
    // id is optional, above 1, and picked when absent (developer.work.weixin.qq.com/document/path/90205): 0, as Go SDKs
    // without omitempty send it, means "not set", and the id is picked. The next automatic id follows the largest.
    expect((await call(target, 'department_create', { token: c.sync, body: { name: 'C', parentid: 1, id: 0 } })).json?.['id']).toBe(501);
    expect((await call(target, 'department_create', { token: c.sync, body: { name: 'D', parentid: 1 } })).json?.['id']).toBe(502);
  });

  it('When the name is missing, empty or longer than 32 characters, then 60001', async ({ c }) => {
    expect((await call(target, 'department_create', { unchecked: true, token: c.sync, body: { parentid: 1 } })).errcode).toBe(code('INVALID_DEPARTMENT_NAME_LENGTH'));
    expect((await call(target, 'department_create', { token: c.sync, body: { name: '', parentid: 1 } })).errcode).toBe(code('INVALID_DEPARTMENT_NAME_LENGTH'));
    expect((await call(target, 'department_create', { token: c.sync, body: { name: '部'.repeat(33), parentid: 1 } })).errcode).toBe(code('INVALID_DEPARTMENT_NAME_LENGTH'));
    expect((await call(target, 'department_create', { token: c.sync, body: { name: '部'.repeat(32), parentid: 1 } })).errcode).toBe(0);
  });

  it('When the name holds one of \\:*?"<>|, then 60009', async ({ c }) => {
    for (const ch of ['\\', ':', '*', '?', '"', '<', '>', '|']) {
      expect((await call(target, 'department_create', { token: c.sync, body: { name: `a${ch}b`, parentid: 1 } })).errcode, ch).toBe(code('DEPARTMENT_NAME_ILLEGAL_CHARS'));
    }
  });

  it('When a sibling has the name already, then 60008; the same name under another parent is fine', async ({ c }) => {
    const a = (await call(target, 'department_create', { token: c.sync, body: { name: 'Dup', parentid: 1 } })).json?.['id'] as number;
    expect((await call(target, 'department_create', { token: c.sync, body: { name: 'Dup', parentid: 1 } })).errcode).toBe(code('DEPARTMENT_EXISTED'));
    expect((await call(target, 'department_create', { token: c.sync, body: { name: 'Dup', parentid: a } })).errcode).toBe(0);
  });

  it('When the parent does not exist or is missing, then 60004', async ({ c }) => {
    expect((await call(target, 'department_create', { token: c.sync, body: { name: 'X', parentid: 999999 } })).errcode).toBe(code('PARENT_DEPARTMENT_NOT_FOUND'));
    expect((await call(target, 'department_create', { unchecked: true, token: c.sync, body: { name: 'X' } })).errcode).toBe(code('PARENT_DEPARTMENT_NOT_FOUND'));
  });

  it('When the tree would get a 16th level, then 81002', async () => {
    const c = await contactsCorp(target, { scenario: 'empty' });
    let parent = 1;
    for (let level = 2; level <= 15; level++) {
      const r = await call(target, 'department_create', { token: c.sync, body: { name: `L${level}`, parentid: parent } });
      expect(r.errcode, `level ${level}`).toBe(0);
      parent = r.json?.['id'] as number;
    }
    expect((await call(target, 'department_create', { token: c.sync, body: { name: 'L16', parentid: parent } })).errcode).toBe(code('DEPARTMENT_DEPTH_LIMIT_REACHED'));
  });

  it('When order is negative or too large, then 40058', async ({ c }) => {
    expect((await call(target, 'department_create', { token: c.sync, body: { name: 'O', parentid: 1, order: -1 } })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await call(target, 'department_create', { token: c.sync, body: { name: 'O', parentid: 1, order: 4294967296 } })).errcode).toBe(code('INVALID_PARAMETER'));
  });
});

describe.skipIf(!target.isMock)('department/update', () => {
  it('When a department is renamed, moved and reordered, then updated and the list shows it under its new parent', async ({ c }) => {
    const a = (await call(target, 'department_create', { token: c.sync, body: { name: 'A', parentid: 1 } })).json?.['id'] as number;
    const b = (await call(target, 'department_create', { token: c.sync, body: { name: 'B', parentid: 1 } })).json?.['id'] as number;
    const r = await call(target, 'department_update', { token: c.sync, body: { id: b, name: 'B2', parentid: a, order: 9 } });
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('updated');
    const sub = (await call(target, 'department_list', { token: c.app, query: { id: a } })).json?.['department'] as Dept[];
    expect(sub.map((d) => d.id)).toEqual([a, b]);
    expect(sub[1]).toMatchObject({ name: 'B2', parentid: a, order: 9 });
  });

  it('When a department would move under itself or a descendant, then 60010; the root cannot move', async ({ c }) => {
    const a = (await call(target, 'department_create', { token: c.sync, body: { name: 'A', parentid: 1 } })).json?.['id'] as number;
    const b = (await call(target, 'department_create', { token: c.sync, body: { name: 'B', parentid: a } })).json?.['id'] as number;
    expect((await call(target, 'department_update', { token: c.sync, body: { id: a, parentid: a } })).errcode).toBe(code('DEPARTMENT_CYCLE'));
    expect((await call(target, 'department_update', { token: c.sync, body: { id: a, parentid: b } })).errcode).toBe(code('DEPARTMENT_CYCLE'));
    expect((await call(target, 'department_update', { token: c.sync, body: { id: 1, parentid: a } })).errcode).toBe(code('DEPARTMENT_CYCLE'));
  });

  it('When a move would make the tree deeper than 15 levels, then 81002', async () => {
    const c = await contactsCorp(target, { scenario: 'empty' });
    let parent = 1;
    for (let level = 2; level <= 14; level++) parent = (await call(target, 'department_create', { token: c.sync, body: { name: `L${level}`, parentid: parent } })).json?.['id'] as number;
    const top = (await call(target, 'department_create', { token: c.sync, body: { name: 'T', parentid: 1 } })).json?.['id'] as number;
    await call(target, 'department_create', { token: c.sync, body: { name: 'T2', parentid: top } });
    // parent is at level 14; top + its child would end at level 16.
    expect((await call(target, 'department_update', { token: c.sync, body: { id: top, parentid: parent } })).errcode).toBe(code('DEPARTMENT_DEPTH_LIMIT_REACHED'));
  });

  it('When the department, the new parent or the name is wrong, then 60003, 60004, 60008, 60001 or 60009', async ({ c }) => {
    const a = (await call(target, 'department_create', { token: c.sync, body: { name: 'A', parentid: 1 } })).json?.['id'] as number;
    await call(target, 'department_create', { token: c.sync, body: { name: 'B', parentid: 1 } });
    expect((await call(target, 'department_update', { token: c.sync, body: { id: 999999, name: 'x' } })).errcode).toBe(code('DEPARTMENT_NOT_FOUND'));
    expect((await call(target, 'department_update', { token: c.sync, body: { id: a, parentid: 999999 } })).errcode).toBe(code('PARENT_DEPARTMENT_NOT_FOUND'));
    expect((await call(target, 'department_update', { token: c.sync, body: { id: a, name: 'B' } })).errcode).toBe(code('DEPARTMENT_EXISTED'));
    expect((await call(target, 'department_update', { token: c.sync, body: { id: a, name: '' } })).errcode).toBe(code('INVALID_DEPARTMENT_NAME_LENGTH'));
    expect((await call(target, 'department_update', { token: c.sync, body: { id: a, name: 'a|b' } })).errcode).toBe(code('DEPARTMENT_NAME_ILLEGAL_CHARS'));
    // Keeping its own name is not a clash.
    expect((await call(target, 'department_update', { token: c.sync, body: { id: a, name: 'A', order: 3 } })).errcode).toBe(0);
  });
});

describe.skipIf(!target.isMock)('department/delete', () => {
  it('When an empty department is deleted, then deleted and it is gone', async ({ c }) => {
    const a = (await call(target, 'department_create', { token: c.sync, body: { name: 'A', parentid: 1 } })).json?.['id'] as number;
    const r = await call(target, 'department_delete', { token: c.sync, query: { id: a } });
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('deleted');
    expect((await call(target, 'department_get', { token: c.app, query: { id: a } })).errcode).toBe(code('DEPARTMENT_NOT_FOUND'));
    expect((await call(target, 'department_delete', { token: c.sync, query: { id: a } })).errcode).toBe(code('DEPARTMENT_NOT_FOUND'));
  });

  it('When the root is deleted, then 60007', async ({ c }) => {
    expect((await call(target, 'department_delete', { token: c.sync, query: { id: 1 } })).errcode).toBe(code('ROOT_DEPARTMENT_UNDELETABLE'));
  });

  it('When a department has sub-departments or members, then 60006 or 60005', async ({ c }) => {
    const a = (await call(target, 'department_create', { token: c.sync, body: { name: 'A', parentid: 1 } })).json?.['id'] as number;
    const b = (await call(target, 'department_create', { token: c.sync, body: { name: 'B', parentid: a } })).json?.['id'] as number;
    expect((await call(target, 'department_delete', { token: c.sync, query: { id: a } })).errcode).toBe(code('DEPARTMENT_HAS_CHILDREN'));
    await call(target, 'user_create', { token: c.sync, body: member('inb', { department: [b] }) });
    expect((await call(target, 'department_delete', { token: c.sync, query: { id: b } })).errcode).toBe(code('DEPARTMENT_HAS_MEMBERS'));
    await call(target, 'user_delete', { token: c.sync, query: { userid: 'inb' } });
    expect((await call(target, 'department_delete', { token: c.sync, query: { id: b } })).errcode).toBe(0);
    expect((await call(target, 'department_delete', { token: c.sync, query: { id: a } })).errcode).toBe(0);
  });

  it('When the id is missing or malformed, then 60123', async ({ c }) => {
    expect((await call(target, 'department_delete', { token: c.sync })).errcode).toBe(code('INVALID_DEPARTMENT_ID'));
    expect((await call(target, 'department_delete', { unchecked: true, token: c.sync, query: { id: 'abc' } })).errcode).toBe(code('INVALID_DEPARTMENT_ID'));
  });
});

describe.skipIf(!target.isMock)('department/get and the large tree', () => {
  it('When the corp already has 30,000 departments (the large scenario), then department/create answers 81001', async () => {
    const c = await contactsCorp(target, { scenario: 'large' });
    const ids = (await call(target, 'department_simplelist', { token: c.sync })).json?.['department_id'] as Dept[];
    expect(ids).toHaveLength(30000);
    expect((await call(target, 'department_create', { token: c.sync, body: { name: 'one more', parentid: 1 } })).errcode).toBe(code('DEPARTMENT_NODE_LIMIT_REACHED'));
    // The corp is big: free its memory for the other suites.
    await target.admin('DELETE', `/__mock/corps/${c.corp.corpid}`);
  });

  it('When department/get names an unknown department, then 60003', async ({ c }) => {
    expect((await call(target, 'department_get', { token: c.app, query: { id: 999999 } })).errcode).toBe(code('DEPARTMENT_NOT_FOUND'));
  });

  it('When a leader is set through user/create, then department/get lists them in department_leader', async ({ c }) => {
    const a = (await call(target, 'department_create', { token: c.sync, body: { name: 'Led', parentid: 1 } })).json?.['id'] as number;
    await call(target, 'user_create', { token: c.sync, body: member('lead1', { department: [a], is_leader_in_dept: [1] }) });
    expect((await call(target, 'department_get', { token: c.app, query: { id: a } })).json?.['department']).toMatchObject({ department_leader: ['lead1'] });
  });
});
