/** 微盘's rules: who may call, which space and file a caller may touch, names, rights. Pure checks that throw err('NAME'). */
import { LIMITS } from '../../../spec/generated/limits.js';
import { err } from '../../core/errors/index.js';
import { mayCallArea } from '../../core/tenancy/access.js';
import type { Ctx } from '../types.js';
import type { AuthEntry, Entry, Owner, Space, WedriveState } from './state.js';

export const AREA = 'wedrive';
const NAME_WIDTH = LIMITS.bound.wedrive_file_name_width.max;
const ADMINS_MAX = LIMITS.bound.wedrive_space_admins.max;

/**
 * 微盘 APIs are open to the 微盘 system secret and to self-built apps listed as its 可调用接口的应用
 * (doc path/93655 权限说明). Any other token → 640017: the app is not enabled in 微盘's management page.
 */
export function checkCaller(ctx: Ctx): WedriveState {
  if (!mayCallArea(ctx.corp, ctx.token, AREA)) throw err('WEDRIVE_API_NOT_ENABLED');
  return ctx.corp.domains.wedrive;
}

/** Who the caller is as a space creator: its app, or the system secret. */
export function ownerOf(ctx: Ctx): Owner {
  return ctx.token.kind === 'system' ? 'system' : ctx.token.agentid!;
}

/**
 * A live space the caller may manage: an app works in the spaces it created ("应用通过api调用仅支持设置由本应用创建的空间",
 * doc path/97876), the 微盘 system secret in every space. Unknown or dismissed → 640001; another app's → 640008.
 */
export function spaceFor(ctx: Ctx, spaceid: string): Space {
  const s = ctx.corp.domains.wedrive.spaces.get(spaceid);
  if (!s || s.dismissed) throw err('WEDRIVE_SPACE_NOT_FOUND');
  const owner = ownerOf(ctx);
  if (owner !== 'system' && s.owner !== owner) throw err('WEDRIVE_NO_SPACE_PRIVILEGE');
  return s;
}

/** A live entry in a space the caller may manage: unknown → 640002, deleted → 640003 (doc path/97886's codes). */
export function entryFor(ctx: Ctx, fileid: string): { entry: Entry; space: Space } {
  const e = ctx.corp.domains.wedrive.entries.get(fileid);
  if (!e) throw err('WEDRIVE_FILE_NOT_FOUND');
  const space = spaceFor(ctx, e.spaceid);
  if (e.status === 2) throw err('WEDRIVE_FILE_DELETED');
  return { entry: e, space };
}

/** The folder `fatherid` names in `space`: the spaceid (root) or a live folder of that space, else 640021. */
export function folderFor(state: WedriveState, space: Space, fatherid: string): string {
  if (fatherid === space.spaceid) return fatherid;
  const f = state.entries.get(fatherid);
  if (!f || f.spaceid !== space.spaceid || f.type !== 1 || f.status !== 1) throw err('WEDRIVE_INVALID_FATHERID');
  return fatherid;
}

/** The width WeCom counts in names: an ASCII character 1, any other 2 (doc path/97880 "汉字算2个"). */
export function nameWidth(name: string): number {
  let w = 0;
  for (const ch of name) w += ch.codePointAt(0)! < 0x80 ? 1 : 2;
  return w;
}

/** A file or folder name: not blank, at most 255 wide, none of the characters file systems refuse → else 640009. */
export function checkFileName(name: string): string {
  const n = name.trim();
  // WeCom is silent on characters; the mock refuses those no desktop client can store (README).
  if (n.length === 0 || nameWidth(n) > NAME_WIDTH || /[\\/:*?"<>|\u0000-\u001f]/.test(n)) throw err('WEDRIVE_INVALID_FILE_NAME');
  return n;
}

/** A space name: not blank, at most 255 wide → else 640025. */
export function checkSpaceName(name: string): string {
  const n = name.trim();
  if (n.length === 0 || nameWidth(n) > NAME_WIDTH) throw err('WEDRIVE_INVALID_SPACE_NAME');
  return n;
}

/** `name` made unique among the live children of `fatherid`: "a.txt" → "a(1).txt", "a(2).txt" … (doc path/97884). */
export function uniqueName(state: WedriveState, fatherid: string, name: string, except?: string): string {
  const taken = new Set(state.childrenOf(fatherid).filter((e) => e.fileid !== except).map((e) => e.name));
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let i = 1; ; i++) {
    const candidate = `${stem}(${i})${ext}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Checks an auth_info list against the corp's contacts and 微盘 edition: a member must exist (640012), a
 * department too (640013); rights are 1 download, 4 preview only (专业版 only: 640015) and, for spaces, 7
 * admin — members only (640020) and at most 3 (640053, doc path/93655). `withAuth` false for the *_del lists.
 */
export function checkAuthList(ctx: Ctx, list: readonly AuthEntry[], opts: { rights: readonly number[]; withAuth: boolean }): AuthEntry[] {
  const contacts = ctx.corp.domains.contacts;
  const state = ctx.corp.domains.wedrive;
  return list.map((a) => {
    if (a.type === 1) {
      if (!a.userid || !contacts.getUser(a.userid)) throw err('WEDRIVE_INVALID_USERID');
    } else if (a.departmentid === undefined || !contacts.departments.has(a.departmentid)) throw err('WEDRIVE_INVALID_DEPARTMENTID');
    if (!opts.withAuth) return a.type === 1 ? { type: 1, userid: a.userid!, auth: 0 } : { type: 2, departmentid: a.departmentid!, auth: 0 };
    if (a.auth === undefined || !opts.rights.includes(a.auth)) throw err('WEDRIVE_INVALID_AUTH_TYPE');
    if (a.auth === 7 && a.type === 2) throw err('WEDRIVE_INVALID_AUTH_TYPE');
    if (a.auth === 4 && !state.pro.isPro) throw err('WEDRIVE_PREVIEW_AUTH_UNSUPPORTED');
    return a.type === 1 ? { type: 1, userid: a.userid!, auth: a.auth } : { type: 2, departmentid: a.departmentid!, auth: a.auth };
  });
}

const sameTarget = (a: AuthEntry, b: AuthEntry): boolean =>
  a.type === b.type && (a.type === 1 ? a.userid === b.userid : a.departmentid === b.departmentid);

/** `members` with `add` merged in (a member already there gets the new right); admins stay ≤ 3 → 640053. */
export function mergeMembers(members: readonly AuthEntry[], add: readonly AuthEntry[]): AuthEntry[] {
  const out = members.map((m) => ({ ...m }));
  for (const a of add) {
    const i = out.findIndex((m) => sameTarget(m, a));
    if (i >= 0) out[i] = a;
    else out.push(a);
  }
  if (out.filter((m) => m.auth === 7).length > ADMINS_MAX) throw err('WEDOC_ADMIN_LIMIT_REACHED');
  return out;
}

/** `members` without `del`; one that is not there → `missing` (640005 for spaces, 640056 for files). */
export function removeMembers(members: readonly AuthEntry[], del: readonly AuthEntry[], missing: 'WEDRIVE_MEMBER_NOT_IN_SPACE' | 'WEDOC_MEMBER_NOT_FOUND'): AuthEntry[] {
  let out = [...members];
  for (const d of del) {
    if (!out.some((m) => sameTarget(m, d))) throw err(missing);
    out = out.filter((m) => !sameTarget(m, d));
  }
  return out;
}

/** Room for `bytes` more in the space (640007 beyond its capacity) and in the corp's store (640007 too). */
export function reserveBytes(state: WedriveState, space: Space, bytes: number): void {
  if (space.used + bytes > space.capacity) throw err('WEDRIVE_QUOTA_EXCEEDED');
  if (!state.store.reserve(bytes)) throw err('WEDRIVE_QUOTA_EXCEEDED');
  space.used += bytes;
}

/** Gives back bytes reserved for an upload that did not end in a file. */
export function releaseBytes(state: WedriveState, space: Space | undefined, bytes: number): void {
  state.store.release(bytes);
  if (space) space.used -= bytes;
}
