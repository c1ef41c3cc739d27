/** Bounds of the directory that need a big corp to reach: checked on the state directly. */
import { describe, expect, it } from 'vitest';
import { buildCorp } from '../../../fixtures/index.js';
import { applyDepartmentCreate } from './departments/writes.js';
import { snapshotContacts } from './invariants.js';
import { applyMemberCreate } from './members/writes.js';
import { ContactsState } from './state.js';
import { applyTagCreate, applyTagMembers } from './tags/writes.js';

const all = { member: () => true, department: () => true };

describe('directory bounds', () => {
  it('When the corp has 30,000 departments, then department/create answers 81001 and changes nothing', () => {
    const c = ContactsState.fromSeed(buildCorp(3, 'empty'));
    for (let id = 2; id <= 30000; id++) c.putDepartment({ id, name: `d${id}`, name_en: '', parentid: 1, order: 0, department_leader: [] });
    const before = snapshotContacts(c);
    expect(() => applyDepartmentCreate(c, { name: 'one more', parentid: 1 })).toThrow(expect.objectContaining({ errcode: 81001 }));
    expect(snapshotContacts(c)).toBe(before);
  });

  it('When the corp has 3,000 tags, then tag/create answers 40126', () => {
    const c = ContactsState.fromSeed(buildCorp(3, 'empty'));
    for (let i = 1; i <= 3000; i++) applyTagCreate(c, { tagname: `t${i}` }, undefined);
    expect(() => applyTagCreate(c, { tagname: 'one more' }, undefined)).toThrow(expect.objectContaining({ errcode: 40126 }));
    expect(c.tags.size).toBe(3000);
  });

  it('When a tag would hold more than 30,000 members and departments, then 81003 and nothing is added', () => {
    const c = ContactsState.fromSeed(buildCorp(3, 'empty'));
    c.putTag({ tagid: 1, tagname: 'full', userlist: Array.from({ length: 30000 }, (_, i) => `ghost${i}`), partylist: [] });
    applyMemberCreate(c, { userid: 'late', name: 'Late', department: [1], mobile: '13900000000' });
    expect(() => applyTagMembers(c, { tagid: 1, userlist: ['late'] }, undefined, 'add', all)).toThrow(expect.objectContaining({ errcode: 81003 }));
    expect(c.tags.get(1)!.users.has('late')).toBe(false);
  });
});
