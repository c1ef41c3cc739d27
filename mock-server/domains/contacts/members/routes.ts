/** Handlers of members (成员): user/*, invitations, the join QR code, second-factor sign-in (developer.work.weixin.qq.com/document/path/90195 and the pages after it). */
import { JsonFields } from '../../../core/pipeline/envelope.js';
import { err, invalidParameter } from '../../../core/errors/index.js';
import type { AppState } from '../../../core/tenancy/types.js';
import { LIMITS } from '../../../../spec/generated/limits.js';
import { defineRoutes, type AnswerOf, type Ctx, type QueryOf } from '../../types.js';
import { cursorScope, decodeCursor, encodeCursor } from '../../../core/pipeline/cursor.js';
import { contactsWrite, isDepartmentVisible, isMemberVisible, memberVisibility, requireContactsReader, requireContactsWriter } from '../rules.js';
import { emailKey, type ContactsState, type Member, userKey } from '../state.js';
import { SENSITIVE_MEMBER_FIELDS } from './rules.js';
import { applyMemberActivate, applyMemberBatchDelete, applyMemberCreate, applyMemberDelete, applyMemberUpdate, existingMember, type MemberCreateInput, type MemberUpdateInput } from './writes.js';
import { thirdPartyNames, useridIn, useridOut, visibility } from '../caller.js';
import { chinaDayStart, DAY_SECONDS, parseChinaDate } from '../../../core/runtime/china-day.js';
import { drawUnused } from '../../../core/runtime/rng.js';

const B = LIMITS.bound;

/** A member as user/get and user/list answer it for this caller. */
function memberView(ctx: Ctx, app: AppState | undefined, m: Member): AnswerOf<'user_get'> {
  const { enable: _enable, ...out }: AnswerOf<'user_get'> & Pick<Member, 'enable'> = { ...m };
  // Self-built apps no longer receive these fields since 2022-06-20 (doc path/90193).
  if (app && ctx.corp.settings.post2022_rules) for (const f of SENSITIVE_MEMBER_FIELDS) delete out[f];
  if (app?.third_party) {
    Object.assign(out, thirdPartyNames(ctx, app, m));
    if (Array.isArray(m.direct_leader)) out['direct_leader'] = m.direct_leader.map((u) => useridOut(ctx, app, u));
  }
  return out;
}

/** The members of a department (and below it with fetch_child=1), each once, for user/simplelist and user/list. */
function departmentMembers(ctx: Ctx, query: QueryOf<'user_simplelist'> | QueryOf<'user_list'>): { app: AppState | undefined; members: Member[] } {
  // user/list and user/simplelist are among the reads the contacts-sync secret lost in 2022 (48009, doc path/90200, 90201).
  const app = requireContactsReader(ctx, { details: true });
  const c = ctx.corp.domains.contacts;
  const { department_id, fetch_child } = query;
  // An unknown department: 60123 invalid department id (doc path/90195 error table).
  if (!c.departments.has(department_id)) throw err('INVALID_DEPARTMENT_ID');
  if (app && !isDepartmentVisible(app, c, department_id)) throw err('NO_PRIVILEGE');
  const depts = fetch_child === 1 ? c.subtree(department_id).map((d) => d.id) : [department_id];
  const seen = new Set<string>();
  const members: Member[] = [];
  for (const d of depts) {
    for (const key of c.deptMembers.get(d) ?? []) {
      if (seen.has(key)) continue;
      seen.add(key);
      members.push(c.users.get(key)!);
    }
  }
  return { app, members };
}

/** A member the caller may see: unknown → 60111, outside an app's visible range → 60011. */
function visibleMember(ctx: Ctx, app: AppState | undefined, userid: unknown): Member {
  const c = ctx.corp.domains.contacts;
  const m = existingMember(c, useridIn(ctx, app, userid));
  if (app && !isMemberVisible(app, c, m)) throw err('NO_PRIVILEGE');
  return m;
}

/** avatar_mediaid must name a live image of media/upload (40007 otherwise, as every media_id field). */
function checkAvatar(ctx: Ctx, mediaid: string | undefined): void {
  if (mediaid === undefined || mediaid === '') return;
  if (ctx.corp.domains.media.getMedia(mediaid, ctx.clock.nowMs())?.type !== 'image') throw err('INVALID_MEDIA_ID');
}

/** user/create and user/update: the avatar is checked (after the writer's check) before the member is written. */
function withAvatar<I extends { avatar_mediaid?: string | undefined }>(
  ctx: Ctx,
  apply: (c: ContactsState, input: I, emit: Ctx['emit']) => Member,
): (c: ContactsState, input: I, emit: Ctx['emit']) => Member {
  return (c, input, emit) => {
    checkAvatar(ctx, input.avatar_mediaid);
    return apply(c, input, emit);
  };
}

export const membersRoutes = defineRoutes({
  user_create: (ctx) => contactsWrite(ctx, withAvatar(ctx, applyMemberCreate), ctx.body as MemberCreateInput),

  user_get: (ctx) => {
    const app = requireContactsReader(ctx, { details: true });
    const { userid } = ctx.query;
    const m = visibleMember(ctx, app, userid);
    if (app?.third_party) return memberView(ctx, app, m);
    // The hottest read: each member's answer is serialised once per view (members are immutable objects).
    const view = app && ctx.corp.settings.post2022_rules ? 1 : 0;
    const cache = ctx.corp.domains.contacts.memberJson;
    let views = cache.get(m);
    if (!views) cache.set(m, (views = []));
    return new JsonFields((views[view] ??= JSON.stringify(memberView(ctx, app, m))));
  },

  user_update: (ctx) => contactsWrite(ctx, withAvatar(ctx, applyMemberUpdate), ctx.body as MemberUpdateInput),

  user_delete: (ctx) => contactsWrite(ctx, applyMemberDelete, ctx.query.userid),

  user_batchdelete: (ctx) => contactsWrite(ctx, applyMemberBatchDelete, ctx.body.useridlist),

  user_simplelist: (ctx) => {
    const { members } = departmentMembers(ctx, ctx.query);
    return {
      userlist: members.map((m) => ({
        userid: m.userid,
        name: m.name,
        department: m.department,
        open_userid: m.open_userid,
        ...(ctx.app?.third_party && thirdPartyNames(ctx, ctx.app, m)),
      })),
    };
  },

  user_list: (ctx) => {
    const { app, members } = departmentMembers(ctx, ctx.query);
    // user/list (not user/get) also answers english_name, the older name of alias, and hide_mobile (1 when
    // the corp hides the member's mobile; the mock hides none) — WeCom's 获取部门成员详情 sample.
    return {
      userlist: members.map((m) => {
        const view = memberView(ctx, app, m);
        return { ...view, ...(typeof view['alias'] === 'string' && { english_name: view['alias'] }), hide_mobile: 0 };
      }),
    };
  },

  user_list_id: (ctx) => {
    const app = requireContactsReader(ctx, { details: false });
    const c = ctx.corp.domains.contacts;
    const { limit = 10000, cursor } = ctx.body;
    const keys = c.userKeys();
    const scope = cursorScope(ctx);
    let i = 0;
    let d = 0;
    if (cursor) {
      // The position: a member key and an index into that member's departments.
      const pos = decodeCursor(scope, cursor);
      if (!pos || pos.length !== 2 || !/^\d{1,3}$/.test(pos[1]!)) throw err('INVALID_CURSOR');
      const [key, dept] = pos as [string, string];
      i = lowerBound(keys, key);
      // The member the cursor points at may have been deleted meanwhile: go on with the next one.
      d = keys[i] === key ? Number(dept) : 0;
    }
    const visible = memberVisibility(app, c);
    const rows: Array<{ userid: string; department: number }> = [];
    let next = '';
    outer: for (; i < keys.length; i++, d = 0) {
      const m = c.users.get(keys[i]!)!;
      if (!visible(m)) continue;
      for (; d < m.department.length; d++) {
        if (rows.length === limit) {
          next = encodeCursor(scope, [keys[i]!, d]);
          break outer;
        }
        rows.push({ userid: useridOut(ctx, app, m.userid), department: m.department[d]! });
      }
    }
    return { next_cursor: next, dept_user: rows };
  },

  user_convert_to_openid: (ctx) => {
    const app = requireContactsReader(ctx, { details: false });
    const m = visibleMember(ctx, app, ctx.body.userid);
    // Only a member who joined has a WeChat identity to convert (43004, doc path/90195).
    if (m.status === 4) throw err('USER_WECHAT_NOT_BOUND');
    return { openid: ctx.corp.domains.contacts.openidOf(m.userid) };
  },

  user_convert_to_userid: (ctx) => {
    const app = requireContactsReader(ctx, { details: false });
    const c = ctx.corp.domains.contacts;
    const key = c.byOpenid.get(ctx.body.openid);
    const m = key === undefined ? undefined : c.users.get(key);
    // An openid the corp never issued (WeCom's answer unknown; 40073 invalid openid is the closest).
    if (!m) throw err('INVALID_OPENID');
    if (app && !isMemberVisible(app, c, m)) throw err('NO_PRIVILEGE');
    return { userid: useridOut(ctx, app, m.userid) };
  },

  user_getuserid: (ctx) => {
    const app = requireContactsReader(ctx, { details: false });
    const c = ctx.corp.domains.contacts;
    const key = c.byMobile.get(ctx.body.mobile);
    const m = key === undefined ? undefined : c.users.get(key);
    // Unknown or outside the visible range: 46004 user not exist (doc path/90195).
    if (!m || (app && !isMemberVisible(app, c, m))) throw err('USER_NOT_EXIST');
    return { userid: useridOut(ctx, app, m.userid) };
  },

  user_get_userid_by_email: (ctx) => {
    const app = requireContactsReader(ctx, { details: false });
    const c = ctx.corp.domains.contacts;
    const { email, email_type = 1 } = ctx.body;
    // email_type 1 = enterprise mailbox (biz_mail), 2 = personal email (doc path/90195).
    const key = (email_type === 2 ? c.byEmail : c.byBizMail).get(emailKey(email));
    const m = key === undefined ? undefined : c.users.get(key);
    // As user/getuserid: 46004 (WeCom's exact code for emails is not in the reference).
    if (!m || (app && !isMemberVisible(app, c, m))) throw err('USER_NOT_EXIST');
    return { userid: useridOut(ctx, app, m.userid) };
  },

  user_authsucc: (ctx) => {
    const app = requireContactsReader(ctx, { details: false });
    const m = visibleMember(ctx, app, ctx.query.userid);
    applyMemberActivate(ctx.corp.domains.contacts, m, ctx.emit);
    return {};
  },

  auth_get_tfa_info: (ctx) => {
    requireContactsReader(ctx, { details: false });
    const c = ctx.corp.domains.contacts;
    const { code } = ctx.body;
    const entry = c.tfaCodes.get(code);
    const now = ctx.clock.nowMs();
    // A code is good once and for 5 minutes, like the OAuth code it is (40029, doc path/91039).
    if (!entry || entry.expiresAtMs <= now || !c.users.has(entry.key)) throw err('INVALID_OAUTH_CODE');
    c.tfaCodes.delete(code);
    const tfa = drawUnused(() => ctx.rng.string(32), c.tfaTickets);
    c.tfaTickets.set(tfa, { key: entry.key, expiresAtMs: now + LIMITS.lifetime.oauth_code_lifetime.seconds * 1000 });
    return { userid: c.users.get(entry.key)!.userid, tfa_code: tfa };
  },

  user_tfa_succ: (ctx) => {
    requireContactsReader(ctx, { details: false });
    const c = ctx.corp.domains.contacts;
    const { userid, tfa_code } = ctx.body;
    const m = existingMember(c, userid);
    const ticket = c.tfaTickets.get(tfa_code);
    if (!ticket || ticket.expiresAtMs <= ctx.clock.nowMs() || ticket.key !== userKey(m.userid)) throw err('INVALID_TFA_CODE');
    c.tfaTickets.delete(tfa_code);
    applyMemberActivate(c, m, ctx.emit);
    return {};
  },

  user_get_active_stat: (ctx) => {
    requireContactsReader(ctx, { details: false });
    const { date } = ctx.body;
    const start = parseChinaDate(date);
    if (start === undefined) throw invalidParameter('date invalid format');
    // Only summarised days of the last 30: yesterday back to 30 days ago (mock clock, China days).
    const today = chinaDayStart(ctx.clock.nowSec());
    if (start >= today || start < today - 30 * DAY_SECONDS) throw invalidParameter('date out of range');
    let n = 0;
    for (const m of ctx.corp.domains.contacts.users.values()) if (m.status === 1) n++;
    return { active_cnt: n };
  },

  batch_invite: (ctx) => {
    const app = requireContactsReader(ctx, { details: false });
    const c = ctx.corp.domains.contacts;
    const { user = [], party = [], tag = [] } = ctx.body;
    if (user.length === 0 && party.length === 0 && tag.length === 0) throw err('ALL_RECIPIENTS_EMPTY');
    if (user.length > B.invite_users.max) throw err('INVALID_USERID_LIST_LENGTH');
    if (party.length > B.invite_parties.max) throw err('INVALID_PARTY_LIST_LENGTH');
    if (tag.length > B.invite_tags.max) throw err('INVALID_TAG_LIST_LENGTH');
    const can = visibility(app, c);
    const invaliduser = user.filter((u) => {
      const m = c.getUser(u);
      return !m || !can.member(m);
    });
    const invalidparty = party.filter((p) => !c.departments.has(p) || !can.department(p));
    const invalidtag = tag.filter((t) => {
      const found = c.tags.get(t);
      return !found || (app !== undefined && found.owner_agentid !== undefined && found.owner_agentid !== app.agentid);
    });
    // Partial success: what could not be invited comes back, the rest is invited (doc path/90195).
    return {
      ...(invaliduser.length > 0 && { invaliduser }),
      ...(invalidparty.length > 0 && { invalidparty }),
      ...(invalidtag.length > 0 && { invalidtag }),
    };
  },

  corp_get_join_qrcode: (ctx) => {
    // Needs the contacts management right: the contacts-sync secret (doc path/90195).
    requireContactsWriter(ctx);
    const c = ctx.corp.domains.contacts;
    const { size_type = 2 } = ctx.query;
    const now = ctx.clock.nowMs();
    // The same code until it expires after 7 days (doc path/91039).
    if (!c.joinQrcode || c.joinQrcode.expiresAtMs <= now) {
      c.joinQrcode = { vcode: ctx.rng.hex(29), expiresAtMs: now + LIMITS.lifetime.join_qrcode_lifetime.seconds * 1000 };
    }
    return {
      join_qrcode: `https://work.weixin.qq.com/wework_admin/genqrcode?action=join&vcode=${c.joinQrcode.vcode}&r=hb_share_api_mjoin&qr_size=${size_type}`,
    };
  },
});

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
