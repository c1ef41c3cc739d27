import { err } from '../../core/errors/index.js';
import type { Ctx, Routes } from '../types.js';
import { ROOT_DEPARTMENT, type Department } from './state.js';
import { isDepartmentVisible, isMemberVisible, requireContactsReader, SENSITIVE_MEMBER_FIELDS, visibleRoots } from './rules.js';

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
    const m = c.getUser(String(ctx.query['userid']));
    if (!m) throw err('USERID_NOT_FOUND');
    if (app && !isMemberVisible(app, c, m)) throw err('NO_PRIVILEGE');
    const out: Record<string, unknown> = { ...m };
    delete out['enable'];
    if (app && ctx.corp.settings.post2022_rules) for (const f of SENSITIVE_MEMBER_FIELDS) delete out[f];
    return out;
  },

  department_list: (ctx) => {
    const id = ctx.query['id'] as number | undefined;
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
    const id = ctx.query['id'] as number | undefined;
    const list = listDepartments(ctx, id, false);
    return { department_id: list.map((d) => ({ id: d.id, parentid: d.parentid, order: d.order })) };
  },
};
