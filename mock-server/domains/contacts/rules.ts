import { err } from '../../core/errors/index.js';
import type { AppState } from '../../core/tenancy/types.js';
import type { Ctx } from '../types.js';
import { ROOT_DEPARTMENT, type ContactsState, type Member } from './state.js';

/** userid characters (reference §3.1). */
export const USERID_PATTERN = /^[0-9A-Za-z_\-@.]{1,64}$/;

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
  const key = m.userid.toLowerCase();
  if (app.allow_user.some((u) => u.toLowerCase() === key)) return true;
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
  const users = new Set(app.allow_user.map((u) => u.toLowerCase()));
  for (const tagid of app.allow_tag) for (const u of c.tags.get(tagid)?.users ?? []) users.add(u);
  return (m) => users.has(m.userid.toLowerCase()) || m.department.some((d) => roots.some((r) => c.isWithin(d, r)));
}

/**
 * Who may read contacts: apps (within their visible range) and the contacts-sync secret. Since 2022 the
 * contacts-sync secret may not read member or department details (48009, reference §3); the corp's
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

/** Fields self-built apps no longer receive from user/get since 2022-06-20 (reference §3). */
export const SENSITIVE_MEMBER_FIELDS = ['mobile', 'email', 'biz_mail', 'avatar', 'thumb_avatar', 'gender', 'qr_code', 'address'] as const;
