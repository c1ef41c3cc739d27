/**
 * Property test: random sequences of member, department and tag writes (valid and invalid) keep the
 * directory consistent after every step, and a refused write changes nothing.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildCorp } from '../../../fixtures/index.js';
import { WeComError } from '../../core/errors/index.js';
import { applyDepartmentCreate, applyDepartmentDelete, applyDepartmentUpdate } from './departments/writes.js';
import { contactsInvariantViolations, snapshotContacts } from './invariants.js';
import { applyMemberBatchDelete, applyMemberCreate, applyMemberDelete, applyMemberUpdate } from './members/writes.js';
import { ContactsState } from './state.js';
import { applyTagCreate, applyTagDelete, applyTagMembers, applyTagUpdate } from './tags/writes.js';

/** A value from `valid` most of the time, else one from `invalid`. */
function mostly<T>(valid: T[], invalid: T[]): fc.Arbitrary<T> {
  return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...invalid) });
}

const userids = mostly(['alice', 'Alice', 'bob', 'carol', 'dave', 'eve'], ['_bad', 'x'.repeat(65), '']);
const names = mostly(['张三', 'Bob', '研发', 'Sales', 'Ops'], ['', 'n'.repeat(65), 'a:b']);
const mobiles = mostly([undefined, '13800000001', '13800000002', '+86 13800000003'], ['abc', '']);
const emails = mostly([undefined, 'a@example.com', 'A@example.com', 'b@example.com'], ['bad', '']);
/**
 * Department references: 0 = the department created last (builds deep chains), 1–16 = an existing
 * department (by position), 17+ = an id that does not exist.
 */
const deptIds = fc.integer({ min: 0, max: 18 });
const deptList = fc.oneof({ weight: 8, arbitrary: fc.array(deptIds, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant<number[]>([]) });
const tagIds = fc.integer({ min: 1, max: 5 });
/** undefined `absent` times as often as a value of `arb`. */
const maybe = <T>(arb: fc.Arbitrary<T>, absent = 1): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const op = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('createMember' as const),
      userid: userids,
      name: names,
      department: deptList,
      leaders: maybe(fc.array(fc.constantFrom(0, 1), { maxLength: 3 }), 6),
      mobile: mobiles,
      email: emails,
      direct_leader: maybe(fc.array(userids, { maxLength: 2 }), 3),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('updateMember' as const),
      userid: userids,
      new_userid: maybe(userids),
      name: maybe(names),
      department: maybe(deptList),
      leaders: maybe(fc.array(fc.constantFrom(0, 1), { maxLength: 3 }), 6),
      mobile: mobiles,
      email: emails,
      enable: maybe(fc.constantFrom(0, 1)),
      direct_leader: maybe(fc.array(userids, { maxLength: 1 }), 3),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteMember' as const), userid: userids }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('batchDelete' as const), userids: fc.array(userids, { maxLength: 3 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('createDept' as const),
      name: names,
      parentid: deptIds,
      id: maybe(fc.integer({ min: 1, max: 14 }), 4),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('updateDept' as const),
      id: deptIds,
      name: maybe(names),
      parentid: maybe(deptIds),
      order: maybe(fc.integer({ min: -1, max: 5 })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deleteDept' as const), id: deptIds }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('createTag' as const),
      tagname: mostly(['t1', 't2', 'T1'], ['', 'x'.repeat(33)]),
      tagid: maybe(tagIds),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renameTag' as const), tagid: tagIds, tagname: fc.constantFrom('t1', 't3', '') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteTag' as const), tagid: tagIds }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('addTag' as const, 'delTag' as const),
      tagid: tagIds,
      userlist: fc.array(userids, { maxLength: 3 }),
      partylist: fc.array(deptIds, { maxLength: 2 }),
    }),
  },
);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const all = { member: () => true, department: () => true };

/** Applies one operation; a refused write throws a WeComError. */
function apply(c: ContactsState, o: Op, last: { dept: number }): void {
  const ids = [...c.departments.keys()];
  const dept = (d: number): number => (d === 0 ? last.dept : d <= 16 ? ids[(d - 1) % ids.length]! : 1000 + d);
  // Several references may land on one department: keep each once (duplicates are a contract test).
  const depts = (list: number[]): number[] => [...new Set(list.map(dept))];
  switch (o.kind) {
    case 'createMember':
      applyMemberCreate(c, {
        userid: o.userid,
        name: o.name,
        department: depts(o.department),
        // Leader flags of the right length unless the case asks for others.
        is_leader_in_dept: o.leaders ?? depts(o.department).map((_, i) => i % 2),
        ...(o.mobile !== undefined && { mobile: o.mobile }),
        ...(o.email !== undefined && { email: o.email }),
        ...(o.direct_leader !== undefined && { direct_leader: o.direct_leader }),
      });
      return;
    case 'updateMember':
      applyMemberUpdate(c, {
        userid: o.userid,
        ...(o.new_userid !== undefined && { new_userid: o.new_userid }),
        ...(o.name !== undefined && { name: o.name }),
        ...(o.department !== undefined && { department: depts(o.department) }),
        ...(o.leaders !== undefined && { is_leader_in_dept: o.leaders }),
        ...(o.mobile !== undefined && { mobile: o.mobile }),
        ...(o.email !== undefined && { email: o.email }),
        ...(o.enable !== undefined && { enable: o.enable }),
        ...(o.direct_leader !== undefined && { direct_leader: o.direct_leader }),
      });
      return;
    case 'deleteMember':
      applyMemberDelete(c, o.userid);
      return;
    case 'batchDelete':
      applyMemberBatchDelete(c, o.userids);
      return;
    case 'createDept':
      last.dept = applyDepartmentCreate(c, { name: o.name, parentid: dept(o.parentid), ...(o.id !== undefined && { id: o.id }) }).id;
      return;
    case 'updateDept':
      applyDepartmentUpdate(c, {
        id: dept(o.id),
        ...(o.name !== undefined && { name: o.name }),
        ...(o.parentid !== undefined && { parentid: dept(o.parentid) }),
        ...(o.order !== undefined && { order: o.order }),
      });
      return;
    case 'deleteDept':
      applyDepartmentDelete(c, dept(o.id));
      return;
    case 'createTag':
      applyTagCreate(c, { tagname: o.tagname, ...(o.tagid !== undefined && { tagid: o.tagid }) }, undefined);
      return;
    case 'renameTag':
      applyTagUpdate(c, { tagid: o.tagid, tagname: o.tagname }, undefined);
      return;
    case 'deleteTag':
      applyTagDelete(c, o.tagid, undefined);
      return;
    case 'addTag':
    case 'delTag':
      applyTagMembers(c, { tagid: o.tagid, userlist: o.userlist, partylist: o.partylist.map(dept) }, undefined, o.kind === 'addTag' ? 'add' : 'del', all);
      return;
  }
}

describe('contacts directory under random writes', () => {
  it('When random valid and invalid writes run, then the invariants hold after each step and refused writes change nothing', () => {
    const seed = buildCorp(7, 'empty');
    let applied = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 40, size: 'max' }), (ops) => {
        const c = ContactsState.fromSeed(seed);
        // A few members to update and delete from the first step on.
        for (const [i, userid] of ['alice', 'bob', 'carol'].entries()) {
          applyMemberCreate(c, { userid, name: userid, department: [1], mobile: `1390000000${i}` });
        }
        expect(contactsInvariantViolations(c)).toEqual([]);
        const last = { dept: 1 };
        for (const o of ops) {
          const before = snapshotContacts(c);
          try {
            apply(c, o, last);
            applied++;
          } catch (e) {
            if (!(e instanceof WeComError)) throw e;
            refused++;
            expect(snapshotContacts(c), `refused ${o.kind} (${e.errcode}) changed the state`).toBe(before);
          }
          expect(contactsInvariantViolations(c), `after ${JSON.stringify(o)}`).toEqual([]);
        }
      }),
      { seed: 20240611, numRuns: 200 },
    );
    // Both paths were exercised.
    expect(applied).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(200);
  });

  it('When departments are nested as deep as allowed, then one more level is refused with 81002 and nothing changes', () => {
    const c = ContactsState.fromSeed(buildCorp(7, 'empty'));
    let parent = 1;
    for (let depth = 2; depth <= 15; depth++) parent = applyDepartmentCreate(c, { name: `d${depth}`, parentid: parent }).id;
    const before = snapshotContacts(c);
    expect(() => applyDepartmentCreate(c, { name: 'd16', parentid: parent })).toThrow(expect.objectContaining({ errcode: 81002 }));
    expect(snapshotContacts(c)).toBe(before);
    expect(contactsInvariantViolations(c)).toEqual([]);
  });

  it('When the typical corp is loaded, then its seed data already satisfies the invariants', () => {
    expect(contactsInvariantViolations(ContactsState.fromSeed(buildCorp(1, 'typical')))).toEqual([]);
  });
});
