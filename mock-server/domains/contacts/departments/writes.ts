/**
 * Writes of departments (`writes.ts` role) — check, mutate, emit: every rule is checked first, then the state changes, then the
 * change_contact event goes out, so a refused write changes nothing. Shared by the routes (after their
 * permission checks), batch jobs (batch/syncuser, replaceuser, replaceparty call them per CSV row) and
 * simulations. Each throws a WeComError (err('NAME')) on the first rule an input breaks.
 */
import { err, invalidParameter } from '../../../core/errors/index.js';
import { LIMITS } from '../../../../spec/generated/limits.js';
import { createPartyEvent, deletePartyEvent, type Emit, updatePartyEvent } from '../events.js';
import { ContactsState, type Department, ROOT_DEPARTMENT } from '../state.js';
import { checkDepartmentName, checkDepartmentOrder } from './rules.js';
import { idForNew } from '../rules.js';


const B = LIMITS.bound;
const noop: Emit = () => {};

export interface DepartmentCreateInput {
  name?: string;
  name_en?: string;
  parentid?: number;
  order?: number;
  id?: number;
}

export interface DepartmentUpdateInput {
  id?: number;
  name?: string;
  name_en?: string;
  parentid?: number;
  order?: number;
}

function checkParent(c: ContactsState, parentid: unknown): number {
  if (parentid === undefined) throw invalidParameter('parentid missing');
  if (!Number.isInteger(parentid)) throw invalidParameter('parentid must be integer', { prefix: 'Warning: wrong json format. ' });
  if (!c.departments.has(parentid as number)) throw err('PARENT_DEPARTMENT_NOT_FOUND');
  return parentid as number;
}

/** The department an id names: 40058 when missing, 60003 when unknown. */
export function existingDepartment(c: ContactsState, id: unknown): Department {
  if (id === undefined) throw invalidParameter('id missing');
  if (!Number.isInteger(id)) throw err('INVALID_DEPARTMENT_ID');
  const d = c.departments.get(id as number);
  if (!d) throw err('DEPARTMENT_NOT_FOUND');
  return d;
}

/**
 * department/create (doc path/90205): id max+1 when absent; parent must exist (60004); sibling names are
 * unique (60008); at most 15 levels (81002) and 30,000 departments (81001).
 */
export function applyDepartmentCreate(c: ContactsState, input: DepartmentCreateInput, emit: Emit = noop): Department {
  const name = checkDepartmentName(input.name);
  const name_en = input.name_en !== undefined ? checkDepartmentName(input.name_en, 'name_en') : '';
  const parentid = checkParent(c, input.parentid);
  const order = input.order !== undefined ? checkDepartmentOrder(input.order) : 0;
  // An id that is taken: "department existed" (60008, doc path/90205).
  const id = idForNew(input.id, { has: (i) => c.departments.has(i), next: () => c.nextDepartmentId() }, 'INVALID_DEPARTMENT_ID', 'DEPARTMENT_EXISTED');
  if (c.departments.size >= B.departments_per_corp.max) throw err('DEPARTMENT_NODE_LIMIT_REACHED');
  if (c.depthOf(parentid) + 1 > B.department_depth.max) throw err('DEPARTMENT_DEPTH_LIMIT_REACHED');
  if (c.childNamed(parentid, name) !== undefined) throw err('DEPARTMENT_EXISTED');
  const d: Department = { id, name, name_en, parentid, order, department_leader: [] };
  c.putDepartment(d);
  emit(createPartyEvent(d));
  return d;
}

/** department/update: rename, move (no cycles, 60010; depth ≤ 15, 81002) or reorder. */
export function applyDepartmentUpdate(c: ContactsState, input: DepartmentUpdateInput, emit: Emit = noop): Department {
  const cur = existingDepartment(c, input.id);
  const name = input.name !== undefined ? checkDepartmentName(input.name) : cur.name;
  const name_en = input.name_en !== undefined ? checkDepartmentName(input.name_en, 'name_en') : cur.name_en;
  const order = input.order !== undefined ? checkDepartmentOrder(input.order) : cur.order;
  let parentid = cur.parentid;
  if (input.parentid !== undefined && input.parentid !== cur.parentid) {
    // Every department lies under the root, so moving the root is always a cycle.
    if (cur.id === ROOT_DEPARTMENT) throw err('DEPARTMENT_CYCLE');
    parentid = checkParent(c, input.parentid);
    // A department cannot move under itself or one of its descendants (60010, doc path/90205).
    if (c.isWithin(parentid, cur.id)) throw err('DEPARTMENT_CYCLE');
    if (c.depthOf(parentid) + c.heightOf(cur.id) > B.department_depth.max) throw err('DEPARTMENT_DEPTH_LIMIT_REACHED');
  }
  if (parentid !== 0 && (name !== cur.name || parentid !== cur.parentid)) {
    const sibling = c.childNamed(parentid, name);
    if (sibling !== undefined && sibling !== cur.id) throw err('DEPARTMENT_EXISTED');
  }
  const next: Department = { ...cur, name, name_en, order, parentid };
  c.putDepartment(next);
  const e = updatePartyEvent(cur, next);
  if (e) emit(e);
  return next;
}

/** department/delete: not the root (60007), no sub-departments (60006), no members (60005). */
export function applyDepartmentDelete(c: ContactsState, id: unknown, emit: Emit = noop): Department {
  if (id === ROOT_DEPARTMENT) throw err('ROOT_DEPARTMENT_UNDELETABLE');
  const d = existingDepartment(c, id);
  if ((c.children.get(d.id)?.size ?? 0) > 0) throw err('DEPARTMENT_HAS_CHILDREN');
  if ((c.deptMembers.get(d.id)?.size ?? 0) > 0) throw err('DEPARTMENT_HAS_MEMBERS');
  c.removeDepartment(d.id);
  emit(deletePartyEvent(d.id));
  return d;
}
