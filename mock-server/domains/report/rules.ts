import { err, invalidParameter, found } from '../../core/errors/index.js';
import { areaState } from '../../core/tenancy/access.js';
import type { Ctx } from '../types.js';
import { MAX_DEPTH, MAX_GRIDS_PER_ADMIN, type Category, type Grid, type ReportState } from './state.js';

/** 政民沟通 APIs answer its system secret and its 可调用接口的应用 (doc path/94556); others → 48002. */
export function reportState(ctx: Ctx): ReportState {
  return areaState(ctx, 'report');
}

export function gridOf(s: ReportState, id: string | undefined): Grid {
  return found(id === undefined ? undefined : s.grids.get(id), 'INVALID_GRID_ID');
}

export function categoryOf(s: ReportState, id: string | undefined): Category {
  return found(id === undefined ? undefined : s.categories.get(id), 'INVALID_EVENT_CATEGORY_ID');
}

/** Active members stay; the rest are answered in invalid_userids (doc path/94556). */
export function splitUserids(ctx: Ctx, ids: readonly string[]): { valid: string[]; invalid: string[] } {
  const contacts = ctx.corp.domains.contacts;
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const id of new Set(ids)) {
    const m = contacts.getUser(id);
    if (m && m.status === 1) valid.push(m.userid);
    else invalid.push(id);
  }
  return { valid, invalid };
}

export interface GridInput {
  grid_name: string;
  grid_parent_id: string;
  grid_admin: string[];
  grid_member?: string[];
}

/**
 * The rules of grid/add and grid/update (doc path/94556, 94558): the parent exists (90604), sibling names are
 * unique (90608), at most 10 levels (40058), ≥1 valid admin (40058), an admin administers ≤10 grids (90613).
 */
export function checkGrid(ctx: Ctx, s: ReportState, b: GridInput, self: Grid | undefined): { admins: string[]; members: string[]; invalid: string[] } {
  const parent = gridOf(s, b.grid_parent_id);
  if (self && s.subtree(self.grid_id).some((g) => g.grid_id === parent.grid_id)) throw err('INVALID_GRID_ID');
  if (s.childrenOf(parent.grid_id).some((g) => g.grid_name === b.grid_name && g !== self)) throw err('GRID_NAME_DUPLICATED');
  if (s.depthOf(parent.grid_id) + (self ? s.heightOf(self.grid_id) : 1) > MAX_DEPTH) throw invalidParameter('grid depth exceeds 10');
  const admins = splitUserids(ctx, b.grid_admin);
  const members = splitUserids(ctx, b.grid_member ?? []);
  if (admins.valid.length === 0) throw invalidParameter('grid_admin has no valid userid');
  for (const a of admins.valid) {
    if (s.gridsAdministeredBy(a).filter((g) => g !== self).length >= MAX_GRIDS_PER_ADMIN) throw err('USER_GRID_LIMIT_REACHED');
  }
  return { admins: admins.valid, members: members.valid, invalid: [...admins.invalid, ...members.invalid.filter((u) => !admins.invalid.includes(u))] };
}

/** Category rules (doc path/94563, 94564): level 2 names a level-1 parent (90603); names unique per parent (40058). */
export function checkCategory(s: ReportState, name: string, level: number, parentId: string | undefined, self: Category | undefined): string {
  let parent = '';
  if (level === 2) {
    const p = categoryOf(s, parentId || undefined);
    if (p.level !== 1) throw err('INVALID_EVENT_CATEGORY_ID');
    parent = p.category_id;
  }
  if ([...s.categories.values()].some((c) => c !== self && c.parent === parent && c.category_name === name)) throw invalidParameter('category_name exists');
  return parent;
}
