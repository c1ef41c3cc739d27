/** 家校沟通 students and parents: single and batch writes (batches of ≤100 rows, each row on its own) and lists. */
import { err, WeComError } from '../../core/errors/index.js';
import { areaState } from '../../core/tenancy/access.js';
import { userKey } from '../contacts/index.js';
import { defineRoutes, type Ctx } from '../types.js';
import type { Child, Parent, SchoolState, Student } from './state.js';

/** 家校 APIs answer the school's system secret and its 可调用接口的应用; any other token → 48002 (errcode 48002 api forbidden). */
export function schoolOf(ctx: Ctx): SchoolState {
  return areaState(ctx, 'school');
}

/** WeCom's userid alphabet (1–64 of letters, digits, `_-@.`), the same for students and parents. */
const USERID = /^[0-9A-Za-z_\-@.]{1,64}$/;

function checkId(id: string): void {
  if (!USERID.test(id)) throw err('INVALID_USERID');
}

/** Students and parents share one userid space (60102 when taken by either). */
function taken(s: SchoolState, id: string): boolean {
  return s.students.has(userKey(id)) || s.parents.has(userKey(id));
}

function checkClasses(s: SchoolState, department: number[]): void {
  for (const d of department) if (!s.departments.has(d)) throw err('DEPARTMENT_NOT_FOUND');
}

interface StudentIn {
  student_userid: string;
  new_student_userid?: string | undefined;
  name?: string | undefined;
  mobile?: string | undefined;
  department?: number[] | undefined;
}

interface ParentIn {
  parent_userid: string;
  new_parent_userid?: string | undefined;
  mobile?: string | undefined;
  children?: Array<{ student_userid?: string | undefined; relation?: string | undefined }> | undefined;
}

function createStudent(s: SchoolState, b: StudentIn): void {
  checkId(b.student_userid);
  if (taken(s, b.student_userid)) throw err('USERID_EXISTED');
  if (!b.name) throw err('REQUIRED_PARAMETER_EMPTY');
  checkClasses(s, b.department ?? []);
  s.students.set(userKey(b.student_userid), { student_userid: b.student_userid, name: b.name, mobile: b.mobile ?? '', department: [...(b.department ?? [])] });
}

function updateStudent(s: SchoolState, b: StudentIn): void {
  const st = s.student(b.student_userid);
  if (!st) throw err('USERID_NOT_FOUND');
  if (b.department) checkClasses(s, b.department);
  let id = st.student_userid;
  if (b.new_student_userid && userKey(b.new_student_userid) !== userKey(id)) {
    checkId(b.new_student_userid);
    if (taken(s, b.new_student_userid)) throw err('USERID_EXISTED');
    id = b.new_student_userid;
  }
  const next: Student = { student_userid: id, name: b.name ?? st.name, mobile: b.mobile ?? st.mobile, department: b.department ? [...b.department] : st.department };
  s.students.delete(userKey(st.student_userid));
  s.students.set(userKey(id), next);
  // Parents follow the rename.
  if (id !== st.student_userid) for (const p of s.parents.values()) for (const c of p.children) if (userKey(c.student_userid) === userKey(st.student_userid)) c.student_userid = id;
}

function deleteStudent(s: SchoolState, userid: string): void {
  const st = s.student(userid);
  if (!st) throw err('USERID_NOT_FOUND');
  s.students.delete(userKey(userid));
  for (const p of s.parents.values()) p.children = p.children.filter((c) => userKey(c.student_userid) !== userKey(userid));
}

function children(s: SchoolState, list: ParentIn['children']): Child[] {
  return (list ?? []).map((c) => {
    const st = c.student_userid ? s.student(c.student_userid) : undefined;
    if (!st) throw err('SCHOOL_USERID_NOT_STUDENT');
    return { student_userid: st.student_userid, relation: c.relation ?? '' };
  });
}

function mobileTaken(s: SchoolState, mobile: string, except: string | undefined): boolean {
  for (const p of s.parents.values()) if (p.mobile === mobile && userKey(p.parent_userid) !== except) return true;
  return false;
}

function createParent(s: SchoolState, b: ParentIn): void {
  checkId(b.parent_userid);
  if (taken(s, b.parent_userid)) throw err('USERID_EXISTED');
  if (!b.mobile) throw err('REQUIRED_PARAMETER_EMPTY');
  if (mobileTaken(s, b.mobile, undefined)) throw err('PARENT_MOBILE_EXISTED');
  const kids = children(s, b.children);
  s.parents.set(userKey(b.parent_userid), { parent_userid: b.parent_userid, mobile: b.mobile, is_subscribe: 0, external_userid: '', children: kids });
}

function updateParent(s: SchoolState, b: ParentIn): void {
  const p = s.parent(b.parent_userid);
  if (!p) throw err('USERID_NOT_FOUND');
  const key = userKey(p.parent_userid);
  if (b.mobile && mobileTaken(s, b.mobile, key)) throw err('PARENT_MOBILE_EXISTED');
  const kids = b.children ? children(s, b.children) : p.children;
  let id = p.parent_userid;
  if (b.new_parent_userid && userKey(b.new_parent_userid) !== key) {
    checkId(b.new_parent_userid);
    if (taken(s, b.new_parent_userid)) throw err('USERID_EXISTED');
    id = b.new_parent_userid;
  }
  const next: Parent = { ...p, parent_userid: id, mobile: b.mobile ?? p.mobile, children: kids };
  s.parents.delete(key);
  s.parents.set(userKey(id), next);
}

function deleteParent(s: SchoolState, userid: string): void {
  if (!s.parent(userid)) throw err('USERID_NOT_FOUND');
  s.parents.delete(userKey(userid));
}

type Failed<K extends string> = Record<K, string> & { errcode: number; errmsg: string };

/** Runs each row on its own; result_list names the rows that failed by `key`, with their errcode (a batch never fails whole). */
function batch<K extends string, T>(key: K, rows: T[], idOf: (r: T) => string, run: (r: T) => void): Array<Failed<K>> {
  const out: Array<Failed<K>> = [];
  for (const r of rows) {
    try {
      run(r);
    } catch (e) {
      if (!(e instanceof WeComError)) throw e;
      out.push({ [key]: idOf(r), errcode: e.errcode, errmsg: e.errmsg } as Failed<K>);
    }
  }
  return out;
}

/**
 * The handlers of one kind of 家校 user (students, parents): the single create / update / delete and their
 * batch_* forms, which run the same writes row by row (a batch row without its id is written with '').
 */
function userWrites<K extends 'student_userid' | 'parent_userid', In extends Record<K, string>>(
  key: K,
  create: (s: SchoolState, b: In) => void,
  update: (s: SchoolState, b: In) => void,
  remove: (s: SchoolState, userid: string) => void,
) {
  const idOf = (r: Partial<In>): string => r[key] ?? '';
  const withId = (r: Partial<In>): In => ({ ...r, [key]: idOf(r) }) as In;
  return {
    create: (ctx: Ctx, b: In): Record<string, never> => {
      create(schoolOf(ctx), b);
      return {};
    },
    update: (ctx: Ctx, b: In): Record<string, never> => {
      update(schoolOf(ctx), b);
      return {};
    },
    remove: (ctx: Ctx, userid: string): Record<string, never> => {
      remove(schoolOf(ctx), userid);
      return {};
    },
    batchCreate: (ctx: Ctx, rows: Array<Partial<In>>) => {
      const s = schoolOf(ctx);
      return { result_list: batch(key, rows, idOf, (r) => create(s, withId(r))) };
    },
    batchUpdate: (ctx: Ctx, rows: Array<Partial<In>>) => {
      const s = schoolOf(ctx);
      return { result_list: batch(key, rows, idOf, (r) => update(s, withId(r))) };
    },
    batchRemove: (ctx: Ctx, userids: string[]) => {
      const s = schoolOf(ctx);
      return { result_list: batch(key, userids, (u) => u, (u) => remove(s, u)) };
    },
  };
}

const students = userWrites('student_userid', createStudent, updateStudent, deleteStudent);
const parents = userWrites('parent_userid', createParent, updateParent, deleteParent);

export const schoolUserRoutes = defineRoutes({
  school_user_create_student: (ctx) => students.create(ctx, ctx.body),
  school_user_update_student: (ctx) => students.update(ctx, ctx.body),
  school_user_delete_student: (ctx) => students.remove(ctx, String(ctx.query.userid)),
  school_user_create_parent: (ctx) => parents.create(ctx, ctx.body),
  school_user_update_parent: (ctx) => parents.update(ctx, ctx.body),
  school_user_delete_parent: (ctx) => parents.remove(ctx, String(ctx.query.userid)),
  school_user_batch_create_student: (ctx) => students.batchCreate(ctx, ctx.body.students),
  school_user_batch_update_student: (ctx) => students.batchUpdate(ctx, ctx.body.students),
  school_user_batch_delete_student: (ctx) => students.batchRemove(ctx, ctx.body.useridlist),
  school_user_batch_create_parent: (ctx) => parents.batchCreate(ctx, ctx.body.parents),
  school_user_batch_update_parent: (ctx) => parents.batchUpdate(ctx, ctx.body.parents),
  school_user_batch_delete_parent: (ctx) => parents.batchRemove(ctx, ctx.body.useridlist),

  school_user_list: (ctx) => {
    const s = schoolOf(ctx);
    const id = Number(ctx.query.department_id);
    if (!s.departments.has(id)) throw err('DEPARTMENT_NOT_FOUND');
    const depts = new Set(Number(ctx.query.fetch_child) === 1 ? s.subtree(id) : [id]);
    const students = [...s.students.values()].filter((st) => st.department.some((d) => depts.has(d)));
    const parentsOf = (sid: string) => [...s.parents.values()].flatMap((p) => p.children.filter((c) => userKey(c.student_userid) === userKey(sid)).map((c) => ({ p, c })));
    return {
      students: students.map((st) => ({
        student_userid: st.student_userid,
        name: st.name,
        department: [...st.department],
        parents: parentsOf(st.student_userid).map(({ p, c }) => ({
          parent_userid: p.parent_userid,
          relation: c.relation,
          mobile: p.mobile,
          is_subscribe: p.is_subscribe,
          ...(p.is_subscribe === 1 && { external_userid: p.external_userid }),
        })),
      })),
    };
  },

  school_user_list_parent: (ctx) => {
    const s = schoolOf(ctx);
    const id = Number(ctx.query.department_id);
    if (!s.departments.has(id)) throw err('DEPARTMENT_NOT_FOUND');
    const inDept = (sid: string) => s.student(sid)?.department.includes(id) ?? false;
    return {
      parents: [...s.parents.values()]
        .filter((p) => p.children.some((c) => inDept(c.student_userid)))
        .map((p) => ({
          parent_userid: p.parent_userid,
          mobile: p.mobile,
          is_subscribe: p.is_subscribe,
          ...(p.is_subscribe === 1 && { external_userid: p.external_userid }),
          children: p.children.map((c) => ({ student_userid: c.student_userid, relation: c.relation, name: s.student(c.student_userid)?.name ?? '' })),
        })),
    };
  },
});
