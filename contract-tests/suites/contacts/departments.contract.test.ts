/**
 * Departments: department/create, update, delete, get, list — the rules of reference §3.2. Mock only (the
 * suites change the directory).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openTarget } from '../../harness/target.js';
import { code } from '../../harness/client.js';
import { contactsCorp, member } from './helpers.js';

const target = await openTarget();
afterAll(() => target.close());

interface Dept {
  id: number;
  parentid: number;
  name: string;
  order: number;
}

describe.skipIf(!target.isMock)('department/create', () => {
  it('When no id is given, then the department gets the largest id + 1 and the answer is created with the id', async () => {
    const c = await contactsCorp(target);
    const all = (await c.get('department/simplelist', c.sync)).json?.['department_id'] as Dept[];
    const max = Math.max(...all.map((d) => d.id));
    const r = await c.post('department/create', c.sync, { name: '广州研发中心', name_en: 'RDGZ', parentid: 1, order: 1 });
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('created');
    expect(r.json?.['id']).toBe(max + 1);
    const g = await c.get('department/get', c.app, { id: max + 1 });
    expect(g.json?.['department']).toEqual({ id: max + 1, name: '广州研发中心', name_en: 'RDGZ', department_leader: [], parentid: 1, order: 1 });
  });

  it('When an id is given, then it is used; a taken id answers 60008', async () => {
    const c = await contactsCorp(target);
    expect((await c.post('department/create', c.sync, { name: 'A', parentid: 1, id: 500 })).json?.['id']).toBe(500);
    expect((await c.post('department/create', c.sync, { name: 'B', parentid: 1, id: 500 })).errcode).toBe(code('DEPARTMENT_EXISTED'));
    expect((await c.post('department/create', c.sync, { name: 'C', parentid: 1, id: 0 })).errcode).toBe(code('INVALID_DEPARTMENT_ID'));
    // The next automatic id follows the largest.
    expect((await c.post('department/create', c.sync, { name: 'D', parentid: 1 })).json?.['id']).toBe(501);
  });

  it('When the name is missing, empty or longer than 32 characters, then 60001', async () => {
    const c = await contactsCorp(target);
    expect((await c.post('department/create', c.sync, { parentid: 1 })).errcode).toBe(code('INVALID_DEPARTMENT_NAME_LENGTH'));
    expect((await c.post('department/create', c.sync, { name: '', parentid: 1 })).errcode).toBe(code('INVALID_DEPARTMENT_NAME_LENGTH'));
    expect((await c.post('department/create', c.sync, { name: '部'.repeat(33), parentid: 1 })).errcode).toBe(code('INVALID_DEPARTMENT_NAME_LENGTH'));
    expect((await c.post('department/create', c.sync, { name: '部'.repeat(32), parentid: 1 })).errcode).toBe(0);
  });

  it('When the name holds one of \\:*?"<>|, then 60009', async () => {
    const c = await contactsCorp(target);
    for (const ch of ['\\', ':', '*', '?', '"', '<', '>', '|']) {
      expect((await c.post('department/create', c.sync, { name: `a${ch}b`, parentid: 1 })).errcode, ch).toBe(code('DEPARTMENT_NAME_ILLEGAL_CHARS'));
    }
  });

  it('When a sibling has the name already, then 60008; the same name under another parent is fine', async () => {
    const c = await contactsCorp(target);
    const a = (await c.post('department/create', c.sync, { name: 'Dup', parentid: 1 })).json?.['id'] as number;
    expect((await c.post('department/create', c.sync, { name: 'Dup', parentid: 1 })).errcode).toBe(code('DEPARTMENT_EXISTED'));
    expect((await c.post('department/create', c.sync, { name: 'Dup', parentid: a })).errcode).toBe(0);
  });

  it('When the parent does not exist or is missing, then 60004', async () => {
    const c = await contactsCorp(target);
    expect((await c.post('department/create', c.sync, { name: 'X', parentid: 999999 })).errcode).toBe(code('PARENT_DEPARTMENT_NOT_FOUND'));
    expect((await c.post('department/create', c.sync, { name: 'X' })).errcode).toBe(code('PARENT_DEPARTMENT_NOT_FOUND'));
  });

  it('When the tree would get a 16th level, then 81002', async () => {
    const c = await contactsCorp(target, { scenario: 'empty' });
    let parent = 1;
    for (let level = 2; level <= 15; level++) {
      const r = await c.post('department/create', c.sync, { name: `L${level}`, parentid: parent });
      expect(r.errcode, `level ${level}`).toBe(0);
      parent = r.json?.['id'] as number;
    }
    expect((await c.post('department/create', c.sync, { name: 'L16', parentid: parent })).errcode).toBe(code('DEPARTMENT_DEPTH_LIMIT_REACHED'));
  });

  it('When order is negative or too large, then 40058', async () => {
    const c = await contactsCorp(target);
    expect((await c.post('department/create', c.sync, { name: 'O', parentid: 1, order: -1 })).errcode).toBe(code('INVALID_PARAMETER'));
    expect((await c.post('department/create', c.sync, { name: 'O', parentid: 1, order: 4294967296 })).errcode).toBe(code('INVALID_PARAMETER'));
  });
});

describe.skipIf(!target.isMock)('department/update', () => {
  it('When a department is renamed, moved and reordered, then updated and the list shows it under its new parent', async () => {
    const c = await contactsCorp(target);
    const a = (await c.post('department/create', c.sync, { name: 'A', parentid: 1 })).json?.['id'] as number;
    const b = (await c.post('department/create', c.sync, { name: 'B', parentid: 1 })).json?.['id'] as number;
    const r = await c.post('department/update', c.sync, { id: b, name: 'B2', parentid: a, order: 9 });
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('updated');
    const sub = (await c.get('department/list', c.app, { id: a })).json?.['department'] as Dept[];
    expect(sub.map((d) => d.id)).toEqual([a, b]);
    expect(sub[1]).toMatchObject({ name: 'B2', parentid: a, order: 9 });
  });

  it('When a department would move under itself or a descendant, then 60010; the root cannot move', async () => {
    const c = await contactsCorp(target);
    const a = (await c.post('department/create', c.sync, { name: 'A', parentid: 1 })).json?.['id'] as number;
    const b = (await c.post('department/create', c.sync, { name: 'B', parentid: a })).json?.['id'] as number;
    expect((await c.post('department/update', c.sync, { id: a, parentid: a })).errcode).toBe(code('DEPARTMENT_CYCLE'));
    expect((await c.post('department/update', c.sync, { id: a, parentid: b })).errcode).toBe(code('DEPARTMENT_CYCLE'));
    expect((await c.post('department/update', c.sync, { id: 1, parentid: a })).errcode).toBe(code('DEPARTMENT_CYCLE'));
  });

  it('When a move would make the tree deeper than 15 levels, then 81002', async () => {
    const c = await contactsCorp(target, { scenario: 'empty' });
    let parent = 1;
    for (let level = 2; level <= 14; level++) parent = (await c.post('department/create', c.sync, { name: `L${level}`, parentid: parent })).json?.['id'] as number;
    const top = (await c.post('department/create', c.sync, { name: 'T', parentid: 1 })).json?.['id'] as number;
    await c.post('department/create', c.sync, { name: 'T2', parentid: top });
    // parent is at level 14; top + its child would end at level 16.
    expect((await c.post('department/update', c.sync, { id: top, parentid: parent })).errcode).toBe(code('DEPARTMENT_DEPTH_LIMIT_REACHED'));
  });

  it('When the department, the new parent or the name is wrong, then 60003, 60004, 60008, 60001 or 60009', async () => {
    const c = await contactsCorp(target);
    const a = (await c.post('department/create', c.sync, { name: 'A', parentid: 1 })).json?.['id'] as number;
    await c.post('department/create', c.sync, { name: 'B', parentid: 1 });
    expect((await c.post('department/update', c.sync, { id: 999999, name: 'x' })).errcode).toBe(code('DEPARTMENT_NOT_FOUND'));
    expect((await c.post('department/update', c.sync, { id: a, parentid: 999999 })).errcode).toBe(code('PARENT_DEPARTMENT_NOT_FOUND'));
    expect((await c.post('department/update', c.sync, { id: a, name: 'B' })).errcode).toBe(code('DEPARTMENT_EXISTED'));
    expect((await c.post('department/update', c.sync, { id: a, name: '' })).errcode).toBe(code('INVALID_DEPARTMENT_NAME_LENGTH'));
    expect((await c.post('department/update', c.sync, { id: a, name: 'a|b' })).errcode).toBe(code('DEPARTMENT_NAME_ILLEGAL_CHARS'));
    // Keeping its own name is not a clash.
    expect((await c.post('department/update', c.sync, { id: a, name: 'A', order: 3 })).errcode).toBe(0);
  });
});

describe.skipIf(!target.isMock)('department/delete', () => {
  it('When an empty department is deleted, then deleted and it is gone', async () => {
    const c = await contactsCorp(target);
    const a = (await c.post('department/create', c.sync, { name: 'A', parentid: 1 })).json?.['id'] as number;
    const r = await c.get('department/delete', c.sync, { id: a });
    expect(r.errcode).toBe(0);
    expect(r.errmsg).toBe('deleted');
    expect((await c.get('department/get', c.app, { id: a })).errcode).toBe(code('DEPARTMENT_NOT_FOUND'));
    expect((await c.get('department/delete', c.sync, { id: a })).errcode).toBe(code('DEPARTMENT_NOT_FOUND'));
  });

  it('When the root is deleted, then 60007', async () => {
    const c = await contactsCorp(target);
    expect((await c.get('department/delete', c.sync, { id: 1 })).errcode).toBe(code('ROOT_DEPARTMENT_UNDELETABLE'));
  });

  it('When a department has sub-departments or members, then 60006 or 60005', async () => {
    const c = await contactsCorp(target);
    const a = (await c.post('department/create', c.sync, { name: 'A', parentid: 1 })).json?.['id'] as number;
    const b = (await c.post('department/create', c.sync, { name: 'B', parentid: a })).json?.['id'] as number;
    expect((await c.get('department/delete', c.sync, { id: a })).errcode).toBe(code('DEPARTMENT_HAS_CHILDREN'));
    await c.post('user/create', c.sync, member('inb', { department: [b] }));
    expect((await c.get('department/delete', c.sync, { id: b })).errcode).toBe(code('DEPARTMENT_HAS_MEMBERS'));
    await c.get('user/delete', c.sync, { userid: 'inb' });
    expect((await c.get('department/delete', c.sync, { id: b })).errcode).toBe(0);
    expect((await c.get('department/delete', c.sync, { id: a })).errcode).toBe(0);
  });

  it('When the id is missing or malformed, then 60123', async () => {
    const c = await contactsCorp(target);
    expect((await c.get('department/delete', c.sync)).errcode).toBe(code('INVALID_DEPARTMENT_ID'));
    expect((await c.get('department/delete', c.sync, { id: 'abc' })).errcode).toBe(code('INVALID_DEPARTMENT_ID'));
  });
});

describe.skipIf(!target.isMock)('department/get and the large tree', () => {
  it('When the corp already has 30,000 departments (the large scenario), then department/create answers 81001', async () => {
    const c = await contactsCorp(target, { scenario: 'large' });
    const ids = (await c.get('department/simplelist', c.sync)).json?.['department_id'] as Dept[];
    expect(ids).toHaveLength(30000);
    expect((await c.post('department/create', c.sync, { name: 'one more', parentid: 1 })).errcode).toBe(code('DEPARTMENT_NODE_LIMIT_REACHED'));
    // The corp is big: free its memory for the other suites.
    await target.admin('DELETE', `/__mock/corps/${c.corp.corpid}`);
  });

  it('When department/get names an unknown department, then 60003', async () => {
    const c = await contactsCorp(target);
    expect((await c.get('department/get', c.app, { id: 999999 })).errcode).toBe(code('DEPARTMENT_NOT_FOUND'));
  });

  it('When a leader is set through user/create, then department/get lists them in department_leader', async () => {
    const c = await contactsCorp(target);
    const a = (await c.post('department/create', c.sync, { name: 'Led', parentid: 1 })).json?.['id'] as number;
    await c.post('user/create', c.sync, member('lead1', { department: [a], is_leader_in_dept: [1] }));
    expect((await c.get('department/get', c.app, { id: a })).json?.['department']).toMatchObject({ department_leader: ['lead1'] });
  });
});
