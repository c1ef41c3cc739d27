/** 政民沟通 grids (网格) and event categories (事件类别): report/grid/* and report/patrol/get_grid_info. */
import { err, invalidParameter } from '../../core/errors/index.js';
import { defineRoutes } from '../types.js';
import { categoryOf, checkCategory, checkGrid, gridOf, reportState } from './rules.js';
import type { Grid } from './state.js';

const gridView = (g: Grid) => ({ grid_id: g.grid_id, grid_name: g.grid_name, grid_parent_id: g.parent, grid_admin: [...g.admins], grid_member: [...g.members] });

export const gridRoutes = defineRoutes({
  report_grid_add: (ctx) => {
    const s = reportState(ctx);
    const { admins, members, invalid } = checkGrid(ctx, s, ctx.body, undefined);
    const g: Grid = { grid_id: s.newId('grid'), grid_name: ctx.body.grid_name, parent: ctx.body.grid_parent_id, admins, members };
    s.grids.set(g.grid_id, g);
    return { grid_id: g.grid_id, invalid_userids: invalid };
  },

  report_grid_update: (ctx) => {
    const s = reportState(ctx);
    const g = gridOf(s, ctx.body.grid_id);
    if (g.grid_id === s.rootId) throw err('INVALID_GRID_ID');
    const { admins, members, invalid } = checkGrid(ctx, s, ctx.body, g);
    Object.assign(g, { grid_name: ctx.body.grid_name, parent: ctx.body.grid_parent_id, admins, members });
    return { invalid_userids: invalid };
  },

  report_grid_delete: (ctx) => {
    const s = reportState(ctx);
    const g = gridOf(s, ctx.body.grid_id);
    if (g.grid_id === s.rootId) throw err('INVALID_GRID_ID');
    const all = s.subtree(g.grid_id);
    if (all.some((x) => x.members.length > 0)) throw err('GRID_HAS_MEMBERS');
    for (const x of all) s.grids.delete(x.grid_id);
    return {};
  },

  report_grid_list: (ctx) => {
    const s = reportState(ctx);
    const id = ctx.body.grid_id || undefined;
    if (id === undefined) return { grid_list: [s.grids.get(s.rootId)!, ...s.childrenOf(s.rootId)].map(gridView) };
    const g = gridOf(s, id);
    const parent = s.grids.get(g.parent);
    return { grid_list: [...(parent ? [parent] : []), ...s.subtree(g.grid_id)].map(gridView) };
  },

  report_grid_get_user_grid_info: (ctx) => {
    const s = reportState(ctx);
    const m = ctx.corp.domains.contacts.getUser(ctx.body.userid);
    if (!m) throw err('USERID_NOT_FOUND');
    const ref = (g: Grid) => ({ grid_id: g.grid_id, grid_name: g.grid_name });
    const all = [...s.grids.values()];
    return { manage_grids: all.filter((g) => g.admins.includes(m.userid)).map(ref), joined_grids: all.filter((g) => g.members.includes(m.userid)).map(ref) };
  },

  report_grid_add_cata: (ctx) => {
    const s = reportState(ctx);
    const b = ctx.body;
    const parent = checkCategory(s, b.category_name, b.level, b.parent_category_id, undefined);
    const c = { category_id: s.newId('cata'), category_name: b.category_name, level: b.level, parent };
    s.categories.set(c.category_id, c);
    return { category_id: c.category_id };
  },

  report_grid_update_cata: (ctx) => {
    const s = reportState(ctx);
    const b = ctx.body;
    const c = categoryOf(s, b.category_id);
    if (c.level !== b.level) throw invalidParameter('level cannot change');
    c.parent = checkCategory(s, b.category_name, b.level, b.parent_category_id, c);
    c.category_name = b.category_name;
    return {};
  },

  report_grid_delete_cata: (ctx) => {
    const s = reportState(ctx);
    const c = categoryOf(s, ctx.body.category_id);
    for (const x of [...s.categories.values()]) if (x.parent === c.category_id) s.categories.delete(x.category_id);
    s.categories.delete(c.category_id);
    return {};
  },

  report_grid_list_cata: (ctx) => {
    const s = reportState(ctx);
    const all = [...s.categories.values()];
    return {
      category_list: all
        .filter((c) => c.level === 1)
        .flatMap((top) => [top, ...all.filter((c) => c.parent === top.category_id)])
        .map((c) => ({ category_id: c.category_id, category_name: c.category_name, level: c.level, ...(c.parent && { parent_category_id: c.parent }) })),
    };
  },

  report_patrol_get_grid_info: (ctx) => {
    const s = reportState(ctx);
    return { grid_list: [...s.grids.values()].filter((g) => g.grid_id !== s.rootId).map((g) => ({ grid_id: g.grid_id, grid_name: g.grid_name, grid_admin: [...g.admins] })) };
  },
});
