/** 微盘 files and folders (doc path/93657, 97882-97886) and their rights (doc path/93658, 97888-97892). */
import { err } from '../../core/errors/index.js';
import { defineRoutes, type Ctx } from '../types.js';
import { checkAuthList, checkCaller, checkFileName, entryFor, folderFor, mergeMembers, removeMembers, spaceFor, uniqueName } from './rules.js';
import type { AuthEntry, Entry, FileType, Space, WedriveState } from './state.js';
import { drawUnused } from '../../core/runtime/rng.js';

/** A fileid in WeCom's shape: the spaceid, `_f.` and an id of its own. */
export function newFileid(ctx: Pick<Ctx, 'rng'>, state: WedriveState, spaceid: string): string {
  const id = drawUnused(() => `${spaceid}_f.${ctx.rng.digits(10)}${ctx.rng.string(6)}`, state.entries);
  return id;
}

/** A new entry's defaults: no members of its own, shared per the space's default scope, no watermark. */
export function newEntry(fields: Pick<Entry, 'fileid' | 'spaceid' | 'fatherid' | 'name' | 'type'> & Partial<Entry>, space: Space, nowMs: number): Entry {
  return {
    ctimeMs: nowMs,
    mtimeMs: nowMs,
    status: 1,
    members: [],
    share: { scope: space.settings.default_file_scope === 1 ? 1 : 2, auth: 1 },
    watermark: { text: '', margin_type: 1, show_visitor_name: false, force_by_admin: false, show_text: false, force_by_space_admin: false },
    ...fields,
  };
}

/** The link of a document entry (its docid is its fileid); the documents domain may serve it later. */
export function docUrl(type: FileType, fileid: string): string {
  const kind = type === 4 ? 'sheet' : type === 5 ? 'forms' : type === 6 ? 'slide' : 'doc';
  return `https://doc.weixin.qq.com/${kind}/${encodeURIComponent(fileid)}`;
}

/** An entry as file_info / file_list answer it: sha and md5 for files, url for documents. */
export function entryView(e: Entry): {
  fileid: string;
  file_name: string;
  spaceid: string;
  fatherid: string;
  file_size: number;
  ctime: number;
  mtime: number;
  file_type: number;
  file_status: number;
  sha: string;
  md5: string;
  url?: string;
} {
  return {
    fileid: e.fileid,
    file_name: e.name,
    spaceid: e.spaceid,
    fatherid: e.fatherid,
    file_size: e.blob?.size ?? 0,
    ctime: Math.floor(e.ctimeMs / 1000),
    mtime: Math.floor(e.mtimeMs / 1000),
    file_type: e.type,
    file_status: e.status,
    sha: e.blob?.sha ?? '',
    md5: e.blob?.md5 ?? '',
    ...(e.url !== undefined && { url: e.url }),
  };
}

const withoutUrl = (e: Entry): Omit<ReturnType<typeof entryView>, 'url'> => {
  const { url: _url, ...rest } = entryView(e);
  return rest;
};

/** file_list orders (doc path/93657): folders are not set apart; ties keep creation order. */
const SORTS: Record<number, (a: Entry, b: Entry) => number> = {
  1: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  2: (a, b) => (a.name > b.name ? -1 : a.name < b.name ? 1 : 0),
  3: (a, b) => (a.blob?.size ?? 0) - (b.blob?.size ?? 0),
  4: (a, b) => (b.blob?.size ?? 0) - (a.blob?.size ?? 0),
  5: (a, b) => a.mtimeMs - b.mtimeMs,
  6: (a, b) => b.mtimeMs - a.mtimeMs,
};

const auths = (list: readonly { type: number; userid?: string | undefined; departmentid?: number | undefined; auth?: number | undefined }[]): AuthEntry[] =>
  list.map((a) => ({
    type: a.type as 1 | 2,
    ...(a.userid !== undefined && { userid: a.userid }),
    ...(a.departmentid !== undefined && { departmentid: a.departmentid }),
    auth: a.auth ?? 0,
  }));

/** Confidential spaces give no share links (640044, doc path/97876 enable_confidential_mode). */
function checkShareable(space: Space): void {
  if (space.settings.enable_confidential_mode) throw err('WEDRIVE_SPACE_SECRET_MODE');
}

export const fileRoutes = defineRoutes({
  wedrive_file_list: (ctx) => {
    const state = checkCaller(ctx);
    const space = spaceFor(ctx, ctx.body.spaceid);
    const fatherid = folderFor(state, space, ctx.body.fatherid);
    const { sort_type, start, limit } = ctx.body;
    const all = state.childrenOf(fatherid).sort(SORTS[sort_type]);
    const page = all.slice(start, start + limit);
    const more = start + limit < all.length;
    return { has_more: more, next_start: more ? start + limit : 0, file_list: { item: page.map(entryView) } };
  },

  wedrive_file_create: (ctx) => {
    const state = checkCaller(ctx);
    const space = spaceFor(ctx, ctx.body.spaceid);
    const fatherid = folderFor(state, space, ctx.body.fatherid);
    const name = uniqueName(state, fatherid, checkFileName(ctx.body.file_name));
    const type = ctx.body.file_type as FileType;
    const fileid = newFileid(ctx, state, space.spaceid);
    const e = newEntry({ fileid, spaceid: space.spaceid, fatherid, name, type, ...(type !== 1 && { url: docUrl(type, fileid) }) }, space, ctx.clock.nowMs());
    state.addEntry(e);
    return { fileid, ...(e.url !== undefined && { url: e.url }) };
  },

  wedrive_file_rename: (ctx) => {
    const state = checkCaller(ctx);
    const { entry } = entryFor(ctx, ctx.body.fileid);
    entry.name = uniqueName(state, entry.fatherid, checkFileName(ctx.body.new_name), entry.fileid);
    entry.mtimeMs = ctx.clock.nowMs();
    return { file: withoutUrl(entry) };
  },

  wedrive_file_move: (ctx) => {
    const state = checkCaller(ctx);
    const moving = ctx.body.fileid.map((id) => entryFor(ctx, id));
    const first = moving[0]!;
    // The target is a folder (or the root) of the moved files' space; WeCom moves within one space.
    const target = ctx.body.fatherid === first.space.spaceid ? first.space.spaceid : folderFor(state, first.space, ctx.body.fatherid);
    const now = ctx.clock.nowMs();
    for (const { entry, space } of moving) {
      if (space.spaceid !== first.space.spaceid) throw err('WEDRIVE_INVALID_FATHERID');
      // A folder cannot go into itself or below itself.
      for (let cur: string | undefined = target; cur && cur !== space.spaceid; cur = state.entries.get(cur)?.fatherid) {
        if (cur === entry.fileid) throw err('WEDRIVE_INVALID_FATHERID');
      }
    }
    for (const { entry } of moving) {
      if (entry.fatherid === target) continue;
      const clash = state.childNamed(target, entry.name);
      if (clash && ctx.body.replace === true) state.remove(clash, now);
      else if (clash) entry.name = uniqueName(state, target, entry.name, entry.fileid);
      state.move(entry, target, now);
    }
    return { file_list: { item: moving.map(({ entry }) => withoutUrl(entry)) } };
  },

  wedrive_file_delete: (ctx) => {
    const state = checkCaller(ctx);
    const found = ctx.body.fileid.map((id) => entryFor(ctx, id).entry);
    const now = ctx.clock.nowMs();
    for (const e of found) state.remove(e, now);
    return {};
  },

  wedrive_file_info: (ctx) => {
    checkCaller(ctx);
    return { file_info: entryView(entryFor(ctx, ctx.body.fileid).entry) };
  },

  wedrive_file_acl_add: (ctx) => {
    checkCaller(ctx);
    const { entry } = entryFor(ctx, ctx.body.fileid);
    // A file's members get 1 (view / download) or 4 (preview only) — no admin right (doc path/93658).
    entry.members = mergeMembers(entry.members, checkAuthList(ctx, auths(ctx.body.auth_info), { rights: [1, 4], withAuth: true }));
    return {};
  },

  wedrive_file_acl_del: (ctx) => {
    checkCaller(ctx);
    const { entry } = entryFor(ctx, ctx.body.fileid);
    const del = checkAuthList(ctx, auths(ctx.body.auth_info), { rights: [1, 4], withAuth: false });
    entry.members = removeMembers(entry.members, del, 'WEDOC_MEMBER_NOT_FOUND');
    return {};
  },

  wedrive_file_setting: (ctx) => {
    const state = checkCaller(ctx);
    const { entry, space } = entryFor(ctx, ctx.body.fileid);
    const { auth_scope, auth } = ctx.body;
    if (auth_scope !== 1) checkShareable(space);
    if (auth === 4) {
      // Preview only: files of a 专业版 drive (doc path/97889: 微文档 take 1 only).
      if (entry.type !== 2) throw err('WEDRIVE_INVALID_AUTH_TYPE');
      if (!state.pro.isPro) throw err('WEDRIVE_PREVIEW_AUTH_UNSUPPORTED');
    }
    entry.share = { scope: auth_scope, auth: auth ?? entry.share.auth };
    return {};
  },

  wedrive_file_share: (ctx) => {
    checkCaller(ctx);
    const { entry, space } = entryFor(ctx, ctx.body.fileid);
    checkShareable(space);
    // An opaque share link in WeCom's shape; the mock serves no page behind it.
    return { share_url: `https://drive.weixin.qq.com/s?k=${Buffer.from(entry.fileid).toString('base64url')}` };
  },

  wedrive_get_file_permission: (ctx) => {
    const state = checkCaller(ctx);
    const { entry, space } = entryFor(ctx, ctx.body.fileid);
    const { scope, auth } = entry.share;
    const internal = scope === 2 || scope === 3;
    const external = scope === 3;
    // 255: no right or approval needed (doc path/97891).
    const father = entry.fatherid === space.spaceid ? space.members : (state.entries.get(entry.fatherid)?.members ?? []);
    const view = (a: AuthEntry): { type: number; userid?: string; departmentid?: number; auth: number } =>
      a.type === 1 ? { type: 1, userid: a.userid!, auth: a.auth } : { type: 2, departmentid: a.departmentid!, auth: a.auth };
    return {
      share_range: {
        enable_corp_internal: internal,
        corp_internal_auth: internal ? auth : 255,
        enable_corp_external: external,
        corp_external_auth: external ? auth : 255,
      },
      secure_setting: {
        enable_readonly_copy: false,
        modify_only_by_admin: space.settings.add_member_only_admin,
        enable_readonly_comment: false,
        ban_share_external: space.settings.ban_share_external,
      },
      inherit_father_auth: { auth_list: father.map(view), inherit: true },
      file_member_list: entry.members.map(view),
      watermark: { ...entry.watermark },
    };
  },

  wedrive_file_secure_setting: (ctx) => {
    const state = checkCaller(ctx);
    const { entry } = entryFor(ctx, ctx.body.fileid);
    const w = ctx.body.watermark;
    // Showing the visitor's name is a 专业版 feature (doc path/97891; 640016).
    if (w.show_visitor_name === true && !state.pro.isPro) throw err('WEDRIVE_WATERMARK_UNSUPPORTED');
    if (w.text !== undefined) entry.watermark.text = w.text;
    if (w.margin_type) entry.watermark.margin_type = w.margin_type;
    if (w.show_visitor_name !== undefined) entry.watermark.show_visitor_name = w.show_visitor_name;
    if (w.show_text !== undefined) entry.watermark.show_text = w.show_text;
    return {};
  },
});
