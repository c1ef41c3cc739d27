/** 微盘 spaces (doc path/93655, 97856-97878) and the corp's 专业版 / VIP seats (doc path/95856, 99512-99514). */
import { LIMITS } from '../../../spec/generated/limits.js';
import { err } from '../../core/errors/index.js';
import { offsetPage } from '../../core/pipeline/cursor.js';
import { isMemberVisible } from '../contacts/index.js';
import { defineRoutes, type Ctx } from '../types.js';
import { checkAuthList, checkCaller, checkSpaceName, mergeMembers, ownerOf, removeMembers, spaceFor } from './rules.js';
import type { AuthEntry, Space, SpaceSettings, WedriveState } from './state.js';
import { drawUnused } from '../../core/runtime/rng.js';

const SPACE_CAPACITY = LIMITS.size.wedrive_space_capacity.bytes;

/** A new space's settings: WeCom's defaults as new_space_info shows them (doc path/97878), invitation links on. */
export function defaultSettings(): SpaceSettings {
  return {
    enable_watermark: false,
    add_member_only_admin: true,
    enable_share_url: true,
    share_url_no_approve: false,
    share_url_no_approve_default_auth: 1,
    enable_share_external: false,
    enable_share_external_admin: true,
    enable_space_add_external_member: false,
    enable_space_add_external_member_admin: true,
    enable_confidential_mode: false,
    default_file_scope: 2,
    create_file_only_admin: false,
    ban_share_external: false,
  };
}

/** A spaceid in WeCom's shape: `s.<corpid>.<9 digits><4 letters>`. */
export function newSpaceid(ctx: { rng: Ctx['rng']; corp: { corpid: string } }, state: WedriveState): string {
  const id = drawUnused(() => `s.${ctx.corp.corpid}.${ctx.rng.digits(9)}${ctx.rng.string(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}`, state.spaces);
  return id;
}

export function newSpace(spaceid: string, name: string, owner: Space['owner'], members: AuthEntry[]): Space {
  return { spaceid, name, subType: 0, owner, members, quitUserids: [], settings: defaultSettings(), capacity: SPACE_CAPACITY, used: 0, count: 0, dismissed: false };
}

const authView = (a: AuthEntry): { type: number; userid?: string; departmentid?: string; auth: number } =>
  // new_space_info writes departmentid as a string (doc path/97878's example).
  a.type === 1 ? { type: 1, userid: a.userid!, auth: a.auth } : { type: 2, departmentid: String(a.departmentid), auth: a.auth };

const auths = (list: readonly { type: number; userid?: string | undefined; departmentid?: number | undefined; auth?: number | undefined }[] | undefined): AuthEntry[] =>
  (list ?? []).map((a) => ({
    type: a.type as 1 | 2,
    ...(a.userid !== undefined && { userid: a.userid }),
    ...(a.departmentid !== undefined && { departmentid: a.departmentid }),
    auth: a.auth ?? 0,
  }));

const SPACE_RIGHTS = [1, 4, 7] as const;
const VIP_LIST_LIMIT = LIMITS.bound.wedrive_vip_list_limit;

export const spaceRoutes = defineRoutes({
  wedrive_space_create: (ctx) => {
    const state = checkCaller(ctx);
    const name = checkSpaceName(ctx.body.space_name);
    const members = mergeMembers([], checkAuthList(ctx, auths(ctx.body.auth_info), { rights: SPACE_RIGHTS, withAuth: true }));
    const space = newSpace(newSpaceid(ctx, state), name, ownerOf(ctx), members);
    state.addSpace(space);
    return { spaceid: space.spaceid };
  },

  wedrive_space_rename: (ctx) => {
    checkCaller(ctx);
    const space = spaceFor(ctx, ctx.body.spaceid);
    space.name = checkSpaceName(ctx.body.space_name);
    return {};
  },

  wedrive_space_dismiss: (ctx) => {
    const state = checkCaller(ctx);
    const space = spaceFor(ctx, ctx.body.spaceid);
    const now = ctx.clock.nowMs();
    for (const e of state.childrenOf(space.spaceid)) state.remove(e, now);
    space.dismissed = true;
    return {};
  },

  wedrive_space_acl_add: (ctx) => {
    checkCaller(ctx);
    const space = spaceFor(ctx, ctx.body.spaceid);
    const add = checkAuthList(ctx, auths(ctx.body.auth_info), { rights: SPACE_RIGHTS, withAuth: true });
    space.members = mergeMembers(space.members, add);
    const back = new Set(add.filter((a) => a.type === 1).map((a) => a.userid));
    space.quitUserids = space.quitUserids.filter((u) => !back.has(u));
    return {};
  },

  wedrive_space_acl_del: (ctx) => {
    checkCaller(ctx);
    const space = spaceFor(ctx, ctx.body.spaceid);
    const del = checkAuthList(ctx, auths(ctx.body.auth_info), { rights: SPACE_RIGHTS, withAuth: false });
    // A member removed while a listed department still covers them shows in quit_userid (doc path/97858).
    const contacts = ctx.corp.domains.contacts;
    const depts = space.members.filter((m) => m.type === 2).map((m) => m.departmentid!);
    for (const d of del) {
      if (d.type !== 1) continue;
      const m = contacts.getUser(d.userid!);
      if (m && m.department.some((x) => depts.some((root) => contacts.isWithin(x, root))) && !space.quitUserids.includes(d.userid!)) space.quitUserids.push(d.userid!);
    }
    space.members = removeMembers(space.members, del, 'WEDRIVE_MEMBER_NOT_IN_SPACE');
    return {};
  },

  wedrive_space_setting: (ctx) => {
    const state = checkCaller(ctx);
    const space = spaceFor(ctx, ctx.body.spaceid);
    const b = ctx.body;
    // Watermarks are a 专业版 feature (doc path/97876; 640016).
    if (b.enable_watermark === true && !state.pro.isPro) throw err('WEDRIVE_WATERMARK_UNSUPPORTED');
    const s = space.settings;
    if (b.enable_watermark !== undefined) s.enable_watermark = b.enable_watermark;
    if (b.share_url_no_approve !== undefined) s.share_url_no_approve = b.share_url_no_approve;
    if (b.share_url_no_approve_default_auth !== undefined) {
      if (b.share_url_no_approve_default_auth === 4 && !state.pro.isPro) throw err('WEDRIVE_INVALID_AUTH_TYPE');
      s.share_url_no_approve_default_auth = b.share_url_no_approve_default_auth;
    }
    if (b.enable_confidential_mode !== undefined) s.enable_confidential_mode = b.enable_confidential_mode;
    if (b.default_file_scope !== undefined) s.default_file_scope = b.default_file_scope;
    if (b.ban_share_external !== undefined) s.ban_share_external = b.ban_share_external;
    return {};
  },

  wedrive_space_share: (ctx) => {
    checkCaller(ctx);
    const space = spaceFor(ctx, ctx.body.spaceid);
    if (space.settings.enable_confidential_mode) throw err('WEDRIVE_SPACE_SECRET_MODE');
    if (!space.settings.enable_share_url) throw err('WEDRIVE_INVITE_LINK_DISABLED');
    // An opaque invitation link in WeCom's shape; the mock serves no page behind it.
    return { space_share_url: `https://drive.weixin.qq.com/s?k=${Buffer.from(space.spaceid).toString('base64url')}` };
  },

  wedrive_new_space_info: (ctx) => {
    checkCaller(ctx);
    const space = spaceFor(ctx, ctx.body.spaceid);
    const { ban_share_external: _ban, ...secure } = space.settings;
    return {
      space_info: {
        spaceid: space.spaceid,
        space_name: space.name,
        auth_list: { auth_info: space.members.map(authView), quit_userid: [...space.quitUserids] },
        space_sub_type: space.subType,
        secure_setting: secure,
      },
    };
  },

  wedrive_mng_pro_info: (ctx) => {
    const state = checkCaller(ctx);
    return {
      is_pro: state.pro.isPro,
      total_vip_acct_num: state.pro.totalVip,
      use_vip_acct_num: state.vip.size,
      pro_expire_time: state.pro.expireS,
    };
  },

  wedrive_vip_batch_add: (ctx) => {
    const state = checkCaller(ctx);
    const succ: string[] = [];
    const fail: string[] = [];
    // A member outside the app's visible range, unknown, or beyond the seats bought fails (doc path/99512:
    // "分配应用可见范围内企业成员"); one who already has a seat succeeds.
    for (const userid of ctx.body.userid_list) {
      if (state.vip.has(userid)) succ.push(userid);
      else if (visibleMember(ctx, userid) && state.pro.isPro && state.vip.size < state.pro.totalVip) {
        state.vip.add(userid);
        succ.push(userid);
      } else fail.push(userid);
    }
    return { succ_userid_list: succ, fail_userid_list: fail };
  },

  wedrive_vip_batch_del: (ctx) => {
    const state = checkCaller(ctx);
    const succ: string[] = [];
    const fail: string[] = [];
    for (const userid of ctx.body.userid_list) (state.vip.delete(userid) ? succ : fail).push(userid);
    return { succ_userid_list: succ, fail_userid_list: fail };
  },

  wedrive_vip_list: (ctx) => {
    const state = checkCaller(ctx);
    const limit = ctx.body.limit ?? 100;
    if (limit < VIP_LIST_LIMIT.min || limit > VIP_LIST_LIMIT.max) throw err('WEDRIVE_INVALID_PARAMETER');
    const { page, has_more, next_cursor } = offsetPage(ctx, ctx.body.cursor, [...state.vip], limit);
    return { has_more, next_cursor, userid_list: page };
  },
});

/** A member of the corp inside the calling app's visible range (the system secret sees every member). */
function visibleMember(ctx: Ctx, userid: string): boolean {
  const contacts = ctx.corp.domains.contacts;
  const m = contacts.getUser(userid);
  if (!m) return false;
  return !ctx.app || isMemberVisible(ctx.app, contacts, m);
}
