import { err } from '../../core/errors/index.js';
import type { BodyOf, Ctx, QueryOf, Routes } from '../types.js';
import { ROOT_DEPARTMENT, type Department } from './state.js';
import {
  isDepartmentVisible,
  isMemberVisible,
  memberVisibility,
  requireContactsReader,
  SENSITIVE_MEMBER_FIELDS,
  visibleRoots,
} from './rules.js';
import { decodeCursor, encodeCursor } from './cursor.js';

/** The departments a caller lists: a subtree when `id` is given, else everything it may see. */
function listDepartments(ctx: Ctx, id: number | undefined, details: boolean): Department[] {
  const app = requireContactsReader(ctx, { details });
  const c = ctx.corp.domains.contacts;
  if (id !== undefined) {
    if (!c.departments.has(id)) throw err('DEPARTMENT_NOT_FOUND');
    if (app && !isDepartmentVisible(app, c, id)) throw err('NO_PRIVILEGE');
    return c.subtree(id);
  }
  if (!app) return c.subtree(ROOT_DEPARTMENT);
  const roots = visibleRoots(app, c);
  // A root inside another root's subtree is listed once, with the outer one.
  const outer = roots.filter((r) => !roots.some((o) => o !== r && c.isWithin(r, o)));
  return outer.flatMap((r) => c.subtree(r));
}

export const contactsRoutes: Routes = {
  user_get: (ctx) => {
    const app = requireContactsReader(ctx, { details: true });
    const c = ctx.corp.domains.contacts;
    const { userid } = ctx.query as QueryOf<'user_get'>;
    const m = c.getUser(userid);
    if (!m) throw err('USERID_NOT_FOUND');
    if (app && !isMemberVisible(app, c, m)) throw err('NO_PRIVILEGE');
    const out: Record<string, unknown> = { ...m };
    delete out['enable'];
    if (app && ctx.corp.settings.post2022_rules) for (const f of SENSITIVE_MEMBER_FIELDS) delete out[f];
    return out;
  },

  user_list_id: (ctx) => {
    const app = requireContactsReader(ctx, { details: false });
    const c = ctx.corp.domains.contacts;
    const { limit = 10000, cursor } = ctx.body as BodyOf<'user_list_id'>;
    const keys = c.userKeys();
    let i = 0;
    let d = 0;
    if (cursor) {
      const pos = decodeCursor(cursor);
      if (!pos) throw err('INVALID_CURSOR');
      i = lowerBound(keys, pos.key);
      // The member the cursor points at may have been deleted meanwhile: go on with the next one.
      d = keys[i] === pos.key ? pos.dept : 0;
    }
    const visible = memberVisibility(app, c);
    const rows: Array<{ userid: string; department: number }> = [];
    let next = '';
    outer: for (; i < keys.length; i++, d = 0) {
      const m = c.users.get(keys[i]!)!;
      if (!visible(m)) continue;
      for (; d < m.department.length; d++) {
        if (rows.length === limit) {
          next = encodeCursor(keys[i]!, d);
          break outer;
        }
        rows.push({ userid: m.userid, department: m.department[d]! });
      }
    }
    return { next_cursor: next, dept_user: rows };
  },

  department_list: (ctx) => {
    const { id } = ctx.query as QueryOf<'department_list'>;
    const list = listDepartments(ctx, id, true);
    return {
      department: list.map((d) => ({
        id: d.id,
        name: d.name,
        name_en: d.name_en,
        department_leader: d.department_leader,
        parentid: d.parentid,
        order: d.order,
      })),
    };
  },

  department_simplelist: (ctx) => {
    const { id } = ctx.query as QueryOf<'department_simplelist'>;
    const list = listDepartments(ctx, id, false);
    return { department_id: list.map((d) => ({ id: d.id, parentid: d.parentid, order: d.order })) };
  },
};

/** First index whose key is >= `key` in a sorted array. */
function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
