/** Handlers of departments (部门): department/* (developer.work.weixin.qq.com/document/path/90205). */
import { JsonFields } from '../../../core/pipeline/envelope.js';
import { err } from '../../../core/errors/index.js';
import { defineRoutes, type Ctx } from '../../types.js';
import { contactsWrite, isDepartmentVisible, requireContactsReader, requireContactsWriter, visibleRoots } from '../rules.js';
import { type Department, ROOT_DEPARTMENT } from '../state.js';
import { applyDepartmentCreate, applyDepartmentDelete, applyDepartmentUpdate, existingDepartment } from './writes.js';
import { useridOut } from '../caller.js';

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

export const departmentsRoutes = defineRoutes({
  department_create: (ctx) => {
    requireContactsWriter(ctx);
    const d = applyDepartmentCreate(ctx.corp.domains.contacts, ctx.body, ctx.emit);
    return { id: d.id };
  },

  department_update: (ctx) => contactsWrite(ctx, applyDepartmentUpdate, ctx.body),

  department_delete: (ctx) => contactsWrite(ctx, applyDepartmentDelete, ctx.query.id),

  department_get: (ctx) => {
    const app = requireContactsReader(ctx, { details: false });
    const c = ctx.corp.domains.contacts;
    const d = existingDepartment(c, ctx.query.id);
    if (app && !isDepartmentVisible(app, c, d.id)) throw err('NO_PRIVILEGE');
    return {
      department: {
        id: d.id,
        name: d.name,
        name_en: d.name_en,
        department_leader: d.department_leader.map((u) => useridOut(ctx, app, u)),
        parentid: d.parentid,
        order: d.order,
      },
    };
  },

  department_list: (ctx) => {
    const { id } = ctx.query;
    const c = ctx.corp.domains.contacts;
    // The whole tree of a big corp is megabytes of JSON: kept per caller's view until the directory changes.
    const cacheKey = ctx.app?.third_party ? undefined : `${id ?? ''}|${ctx.app ? visibleRoots(ctx.app, c).join(',') : '*'}`;
    if (cacheKey !== undefined) {
      requireContactsReader(ctx, { details: true });
      const hit = c.treeJson.get(cacheKey);
      if (hit && hit.version === c.version) return new JsonFields(hit.json);
    }
    const list = listDepartments(ctx, id, true);
    const fields = {
      department: list.map((d) => ({
        id: d.id,
        name: d.name,
        name_en: d.name_en,
        department_leader: d.department_leader.map((u) => useridOut(ctx, ctx.app, u)),
        parentid: d.parentid,
        order: d.order,
      })),
    };
    if (cacheKey === undefined) return fields;
    const json = JSON.stringify(fields);
    if (c.treeJson.size > 64) c.treeJson.clear();
    c.treeJson.set(cacheKey, { version: c.version, json });
    return new JsonFields(json);
  },

  department_simplelist: (ctx) => {
    const { id } = ctx.query;
    const list = listDepartments(ctx, id, false);
    return { department_id: list.map((d) => ({ id: d.id, parentid: d.parentid, order: d.order })) };
  },
});
