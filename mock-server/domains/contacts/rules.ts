import { err, invalidParameter, type ErrName } from '../../core/errors/index.js';
import type { AppState } from '../../core/tenancy/types.js';
import type { Ctx } from '../types.js';
import { ContactsState, type Member, ROOT_DEPARTMENT, userKey } from './state.js';

/** Length in characters (code points), as WeCom counts UTF-8 "words". */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

// ---- visible range ----

/** Departments whose subtrees an app sees: its allow_party plus the departments of its allow_tag. */
export function visibleRoots(app: AppState, c: ContactsState): number[] {
  const roots = new Set(app.allow_party);
  for (const tagid of app.allow_tag) for (const p of c.tags.get(tagid)?.parties ?? []) roots.add(p);
  return [...roots].filter((id) => c.departments.has(id));
}

/** Is a department inside the app's visible range (可见范围)? */
export function isDepartmentVisible(app: AppState, c: ContactsState, id: number): boolean {
  return visibleRoots(app, c).some((root) => c.isWithin(id, root));
}

/** Is a member inside the app's visible range: listed, in a visible department, or in a visible tag? */
export function isMemberVisible(app: AppState, c: ContactsState, m: Member): boolean {
  const key = userKey(m.userid);
  if (app.allow_user.some((u) => userKey(u) === key)) return true;
  for (const tagid of app.allow_tag) if (c.tags.get(tagid)?.users.has(key)) return true;
  const roots = visibleRoots(app, c);
  if (roots.includes(ROOT_DEPARTMENT)) return true;
  return m.department.some((d) => roots.some((root) => c.isWithin(d, root)));
}

/** A fast visibility test for many members of one request (roots computed once). */
export function memberVisibility(app: AppState | undefined, c: ContactsState): (m: Member) => boolean {
  if (!app) return () => true;
  const roots = visibleRoots(app, c);
  if (roots.includes(ROOT_DEPARTMENT)) return () => true;
  const users = new Set(app.allow_user.map(userKey));
  for (const tagid of app.allow_tag) for (const u of c.tags.get(tagid)?.users ?? []) users.add(u);
  return (m) => users.has(userKey(m.userid)) || m.department.some((d) => roots.some((r) => c.isWithin(d, r)));
}

// ---- who may call ----

/**
 * Who may read contacts: apps (within their visible range) and the contacts-sync secret. Since 2022 the
 * contacts-sync secret may not read member or department details (48009, doc path/90193); the corp's
 * `post2022_rules` switch turns that off. Other system secrets are refused (48002).
 */
export function requireContactsReader(ctx: Ctx, opts: { details: boolean }): AppState | undefined {
  if (ctx.secretKind === 'app') return ctx.app;
  if (ctx.secretKind === 'contacts') {
    if (opts.details && ctx.corp.settings.post2022_rules) throw err('CONTACTS_SYNC_READ_FORBIDDEN');
    return undefined;
  }
  throw err('API_FORBIDDEN');
}

/**
 * Who may change members and departments: only the contacts-sync secret (doc path/90193, "Who may
 * write"); app and other system tokens get 48002 api forbidden.
 */
export function requireContactsWriter(ctx: Ctx): void {
  if (ctx.secretKind !== 'contacts') throw err('API_FORBIDDEN');
}

/** A write answered with no fields: the writer's check, then `apply` on the corp's contacts with the caller's event sink. */
export function contactsWrite<I>(ctx: Ctx, apply: (c: ContactsState, input: I, emit: Ctx['emit']) => unknown, input: I): Record<string, never> {
  requireContactsWriter(ctx);
  apply(ctx.corp.domains.contacts, input, ctx.emit);
  return {};
}

// ---- field checks shared by the sub-areas ----

/**
 * The id a create gives a new department or tag: the one asked for (an integer from 1 to 2^32-1 that is
 * not taken; else the `invalid` or `taken` error), or the next free one.
 */
export function idForNew(asked: number | undefined, ids: { has(id: number): boolean; next(): number }, invalid: ErrName, taken: ErrName): number {
  if (asked === undefined) return ids.next();
  if (!Number.isInteger(asked) || asked < 1 || asked > 0xffffffff) throw err(invalid);
  if (ids.has(asked)) throw err(taken);
  return asked;
}

export function isStr(v: unknown): v is string {
  return typeof v === 'string';
}

export function isIntArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => Number.isInteger(x));
}

/** A field that is not of the documented type (WeCom: "Warning: wrong json format."). */
export function wrongType(field: string, type: string): never {
  throw invalidParameter(`${field} must be ${type}`, { prefix: 'Warning: wrong json format. ' });
}

export function maxChars(field: string, v: unknown, max: number): void {
  if (v === undefined) return;
  if (!isStr(v)) wrongType(field, 'string');
  // Over-long text fields: 40058 "<field> exceed max length N" (doc path/90195, error table).
  if (charLength(v) > max) throw invalidParameter(`${field} exceed max length ${max}`);
}
