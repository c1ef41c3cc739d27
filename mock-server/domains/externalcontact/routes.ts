/** Customer contact (客户联系) handlers, keyed by operationId (reference §4). */
import { err } from '../../core/errors/index.js';
import { LIMITS } from '../../../spec/generated/limits.js';
import { isMemberVisible, userKey, type Member } from '../contacts/index.js';
import { defineRoutes, type AnswerOf, type BodyOf, type Ctx } from '../types.js';
import { cursorScope, decodeIntCursor, encodeCursor } from '../../core/pipeline/cursor.js';
import { tagEvent } from './events.js';
import { externalUseridOf } from './ids.js';
import { callerOf, charLength, customerOf, featureMember, followOf, hasFeature, memberIn, requireCustomerContact, userOut } from './rules.js';
import type { ContactWay, Conclusions, CorpTag, Customer, ExternalContactState, Follow, TagGroup } from './state.js';

const B = LIMITS.bound;
const DAY = 86_400;
/** list_contact_way: default window 90 days back (reference §4.1). */
const LIST_WINDOW = 90 * DAY;
/** Members of one contact way (type 2) — 41041 beyond (mock choice: WeCom's figure for 多人 ways is 100). */
const WAY_MAX_USERS = 100;

type WayFields = BodyOf<'externalcontact_update_contact_way'>;

/**
 * Does the caller see member `m`? An app token (a 可调用应用) reads customers only of members inside its
 * visible range, as its contacts reads are (reference §3, §4); the 客户联系 secret sees every member.
 * Mock choices where WeCom is silent: list names one member → 60011; get shows the follow users in range
 * (none → 60011); batch/get_by_user skips members out of range (all out of range → 60011);
 * get_follow_user_list lists those in range.
 */
function callerSees(ctx: Ctx, m: Member): boolean {
  return ctx.secretKind !== 'app' || ctx.app === undefined || isMemberVisible(ctx.app, ctx.corp.domains.contacts, m);
}

type WayView = NonNullable<AnswerOf<'externalcontact_get_contact_way'>['contact_way']>;
type CustomerView = NonNullable<AnswerOf<'externalcontact_get'>['external_contact']>;
type FollowView = NonNullable<AnswerOf<'externalcontact_get'>['follow_user']>[number];
type TagGroupView = NonNullable<AnswerOf<'externalcontact_get_corp_tag_list'>['tag_group']>[number];
type ChatMemberView = NonNullable<AnswerOf<'externalcontact_groupchat_get'>['group_chat']>['member_list'][number];

function wayView(w: ContactWay): WayView {
  const out: WayView & { createdSec?: number } = { ...w };
  delete out.createdSec;
  // qr_code only for scene 2 (QR code) ways; conclusions only when set (reference §4.1).
  if (w.scene !== 2) delete out.qr_code;
  if (!w.conclusions) delete out.conclusions;
  return out;
}

/** The conclusions as stored: image.media_id becomes a pic_url (get_contact_way answers pic_url, reference §4.1). */
function storeConclusions(ctx: Ctx, c: Conclusions | undefined): Conclusions | undefined {
  if (!c) return undefined;
  const out: Conclusions = JSON.parse(JSON.stringify(c)) as Conclusions;
  if (out.image) out.image = { pic_url: `http://p.qpic.cn/pic_wework/${ctx.rng.digits(10)}/${ctx.rng.hex(32)}/0` };
  return out;
}

/** The type's member rules (reference §4.1): type 1 exactly one user; type 2 users and/or departments. */
function checkWayMembers(ctx: Ctx, type: number, user: string[], party: number[]): void {
  if (type === 1) {
    if (user.length > 1 || party.length > 0) throw err('CONTACT_WAY_TOO_MANY_USERS');
    // Type 1 without a user: WeCom's code is undocumented; 40035 is its "成员或部门列表参数有误".
    if (user.length === 0) throw err('INVALID_USERLIST_PARTYLIST');
  } else {
    if (user.length === 0 && party.length === 0) throw err('INVALID_USERLIST_PARTYLIST');
    if (user.length > WAY_MAX_USERS) throw err('CONTACT_WAY_TOO_MANY_USERS');
  }
  for (const u of user) featureMember(ctx, u);
  for (const p of party) if (!ctx.corp.domains.contacts.departments.has(p)) throw err('INVALID_DEPARTMENT_ID');
}

function checkWayText(f: { remark?: string; state?: string }): void {
  if (f.remark !== undefined && charLength(f.remark) > B.contact_way_remark_length.max) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: remark' });
  if (f.state !== undefined && charLength(f.state) > B.contact_way_state_length.max) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: state' });
}

function wayOf(s: ExternalContactState, configId: string): ContactWay {
  const w = s.ways.get(configId);
  if (!w) throw err('INVALID_CONTACT_WAY_CONFIG_ID');
  return w;
}

function customerView(ctx: Ctx, c: Customer): CustomerView {
  return {
    external_userid: externalUseridOf(ctx.corp.domains.externalcontact, c, callerOf(ctx)),
    name: c.name,
    avatar: c.avatar,
    type: c.type,
    gender: c.gender,
    ...(c.unionid && { unionid: c.unionid }),
  };
}

function followBase(ctx: Ctx, f: Follow): Omit<FollowView, 'tags'> {
  return {
    userid: userOut(ctx, f.userid),
    remark: f.remark,
    description: f.description,
    createtime: f.createtime,
    remark_corp_name: f.remark_corp_name,
    remark_mobiles: [...f.remark_mobiles],
    oper_userid: userOut(ctx, f.oper_userid),
    add_way: f.add_way,
    ...(f.state && { state: f.state }),
  };
}

function tagOfId(s: ExternalContactState, id: string): { tag: CorpTag; group: TagGroup } | undefined {
  const tag = s.tags.get(id);
  if (!tag) return undefined;
  return { tag, group: s.tagGroups.get(tag.group_id)! };
}

/** The owner of a tag write: the app's agentid, or null for the customer-contact secret. */
function writerOf(ctx: Ctx): number | null {
  return ctx.secretKind === 'app' && ctx.app ? ctx.app.agentid : null;
}

/** Only the app (or secret) that created a group may change it: 81011 otherwise (reference §4.4). */
function requireTagOwner(ctx: Ctx, g: TagGroup): void {
  if (g.owner !== writerOf(ctx)) throw err('TAG_NO_PRIVILEGE');
}

function newTagId(ctx: Ctx, s: ExternalContactState): string {
  for (;;) {
    const id = `et${ctx.rng.string(30)}`;
    if (!s.tags.has(id) && !s.tagGroups.has(id)) return id;
  }
}

function groupView(g: TagGroup, only?: Set<string>): TagGroupView {
  const tags = [...g.tags.values()].filter((t) => !only || only.has(t.id)).sort((a, b) => a.order - b.order || a.create_time - b.create_time);
  return {
    group_id: g.group_id,
    group_name: g.group_name,
    create_time: g.create_time,
    order: g.order,
    deleted: false,
    tag: tags.map((t) => ({ id: t.id, name: t.name, create_time: t.create_time, order: t.order, deleted: false })),
  };
}

export const externalcontactRoutes = defineRoutes({
  // ---- 「联系我」 ----

  externalcontact_add_contact_way: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    checkWayText(b);
    const user = b.user ?? [];
    const party = b.party ?? [];
    checkWayMembers(ctx, b.type, user, party);
    if (s.wayCount() >= s.settings.contact_way_quota) throw err('CONTACT_WAY_QUOTA_REACHED');
    const configId = ctx.rng.hex(32);
    const isTemp = b.is_temp ?? false;
    const way: ContactWay = {
      config_id: configId,
      type: b.type as 1 | 2,
      scene: b.scene as 1 | 2,
      style: b.style ?? 1,
      remark: b.remark ?? '',
      skip_verify: b.skip_verify ?? true,
      state: b.state ?? '',
      qr_code: b.scene === 2 ? `http://p.qpic.cn/wwhead/${ctx.rng.string(28)}/0` : '',
      user: user.map((u) => ctx.corp.domains.contacts.getUser(u)!.userid),
      party: [...party],
      is_temp: isTemp,
      // Temporary ways: 7 days and 24 h by default (reference §4.1); others report 0.
      expires_in: isTemp ? (b.expires_in ?? 7 * DAY) : 0,
      chat_expires_in: isTemp ? (b.chat_expires_in ?? DAY) : 0,
      unionid: b.unionid ?? '',
      conclusions: storeConclusions(ctx, b.conclusions as Conclusions | undefined),
      createdSec: ctx.clock.nowSec(),
    };
    s.ways.set(configId, way);
    return way.scene === 2 ? { config_id: configId, qr_code: way.qr_code } : { config_id: configId };
  },

  externalcontact_get_contact_way: (ctx) => {
    const s = requireCustomerContact(ctx);
    const { config_id } = ctx.body;
    return { contact_way: wayView(wayOf(s, config_id)) };
  },

  externalcontact_list_contact_way: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const now = ctx.clock.nowSec();
    const end = b.end_time ?? now;
    const start = b.start_time ?? end - LIST_WINDOW;
    // A reversed window or one over 90 days: WeCom's code is undocumented; 40058 names the field.
    if (start > end) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: start_time after end_time' });
    if (end - start > LIST_WINDOW) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: time range over 90 days' });
    const limit = b.limit ?? 100;
    let from = 0;
    if (b.cursor) {
      const c = decodeIntCursor(cursorScope(ctx), b.cursor, 1);
      if (!c) throw err('INVALID_CURSOR');
      from = c[0]!;
    }
    // Temporary ways are not listed (reference §4.1).
    const all = [...s.ways.values()].filter((w) => !w.is_temp && w.createdSec >= start && w.createdSec <= end);
    const page = all.slice(from, from + limit);
    const next = from + page.length < all.length ? encodeCursor(cursorScope(ctx), [from + page.length]) : '';
    return { contact_way: page.map((w) => ({ config_id: w.config_id })), next_cursor: next };
  },

  externalcontact_update_contact_way: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body as WayFields;
    const way = wayOf(s, b.config_id);
    checkWayText(b);
    const user = b.user ?? way.user;
    const party = b.party ?? way.party;
    checkWayMembers(ctx, way.type, user, party);
    // All checks passed: apply at once (nothing half-applied).
    if (b.style !== undefined) way.style = b.style;
    if (b.remark !== undefined) way.remark = b.remark;
    if (b.skip_verify !== undefined) way.skip_verify = b.skip_verify;
    if (b.state !== undefined) way.state = b.state;
    if (b.user !== undefined) way.user = user.map((u) => ctx.corp.domains.contacts.getUser(u)!.userid);
    if (b.party !== undefined) way.party = [...party];
    if (b.expires_in !== undefined && way.is_temp) way.expires_in = b.expires_in;
    if (b.chat_expires_in !== undefined && way.is_temp) way.chat_expires_in = b.chat_expires_in;
    if (b.unionid !== undefined) way.unionid = b.unionid;
    if (b.conclusions !== undefined) way.conclusions = storeConclusions(ctx, b.conclusions as Conclusions);
    return {};
  },

  externalcontact_del_contact_way: (ctx) => {
    const s = requireCustomerContact(ctx);
    const { config_id } = ctx.body;
    wayOf(s, config_id);
    s.ways.delete(config_id);
    return {};
  },

  externalcontact_close_temp_chat: (ctx) => {
    requireCustomerContact(ctx);
    const b = ctx.body;
    const m = featureMember(ctx, b.userid);
    followOf(customerOf(ctx, b.external_userid), m);
    return {};
  },

  // ---- customers ----

  externalcontact_send_welcome_msg: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    if (b.welcome_code === '') throw err('WELCOME_CODE_MISSING');
    if ((b.attachments?.length ?? 0) > B.welcome_attachments.max) throw err('TOO_MANY_ATTACHMENTS');
    if (!b.text?.content && (b.attachments?.length ?? 0) === 0) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: text or attachments required' });
    const code = s.welcomeCodes.get(b.welcome_code);
    if (!code) throw err('INVALID_WELCOME_CODE');
    // Once, within 20 s of the event; later or a second time → 41051 (reference §4.5).
    if (code.used || ctx.clock.nowMs() - code.issuedMs > LIMITS.lifetime.welcome_code_lifetime.seconds * 1000) throw err('CUSTOMER_CHAT_ALREADY_STARTED');
    code.used = true;
    return {};
  },

  externalcontact_list: (ctx) => {
    const s = requireCustomerContact(ctx);
    const { userid } = ctx.query;
    const m = featureMember(ctx, userid);
    if (!callerSees(ctx, m)) throw err('NO_PRIVILEGE');
    const ids = s.customersOf(userKey(m.userid));
    // No customers: 84061 with external_userid [] (reference §4.2, observed).
    if (ids.length === 0) throw err('NOT_EXTERNAL_CONTACT');
    const caller = callerOf(ctx);
    return { external_userid: ids.map((id) => externalUseridOf(s, s.customers.get(id)!, caller)) };
  },

  externalcontact_get: (ctx) => {
    const s = requireCustomerContact(ctx);
    const q = ctx.query;
    const c = customerOf(ctx, q.external_userid);
    if (c.follows.size === 0) throw err('NOT_EXTERNAL_CONTACT');
    const page = B.follow_user_page.max;
    let from = 0;
    if (q.cursor) {
      const d = decodeIntCursor(cursorScope(ctx), q.cursor, 1);
      if (!d) throw err('INVALID_CURSOR');
      from = d[0]!;
    }
    const members = ctx.corp.domains.contacts;
    const visible = [...c.follows.values()].filter((f) => {
      const m = members.getUser(f.userid);
      return m === undefined || callerSees(ctx, m);
    });
    if (visible.length === 0) throw err('NO_PRIVILEGE');
    const follows = visible.slice(from, from + page);
    const follow_user = follows.map((f) => ({
      ...followBase(ctx, f),
      tags: [...f.tag_ids].flatMap((id) => {
        const t = tagOfId(s, id);
        return t ? [{ group_name: t.group.group_name, tag_name: t.tag.name, tag_id: t.tag.id, type: 1 }] : [];
      }),
    }));
    const out: AnswerOf<'externalcontact_get'> = { external_contact: customerView(ctx, c), follow_user };
    // next_cursor only when more than a page of follow users is left (reference §4.2).
    if (from + follows.length < visible.length) out.next_cursor = encodeCursor(cursorScope(ctx), [from + follows.length]);
    return out;
  },

  externalcontact_batch_get_by_user: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    // The legacy single `userid` is accepted (xen0n/go-workwx models.go).
    const list = b.userid_list ?? (b.userid !== undefined ? [b.userid] : []);
    if (list.length === 0) throw err('USERID_MISSING');
    if (list.length > B.get_by_user_userids.max) throw err('INVALID_USERID_LIST_LENGTH');
    // Larger limits are clamped to 100 (reference §4.2).
    const limit = Math.min(b.limit ?? 50, B.get_by_user_limit.max);
    const members: Member[] = [];
    const seen = new Set<string>();
    let featureless = 0;
    let hidden = 0;
    for (const u of list) {
      const m = memberIn(ctx, u);
      if (!m || seen.has(userKey(m.userid))) continue;
      if (!callerSees(ctx, m)) {
        hidden++;
        continue;
      }
      if (!hasFeature(s, m)) {
        featureless++;
        continue;
      }
      seen.add(userKey(m.userid));
      members.push(m);
    }
    if (members.length === 0) throw err(featureless > 0 ? 'NO_EXTERNAL_CONTACT_PERMISSION' : hidden > 0 ? 'NO_PRIVILEGE' : 'USERID_NOT_FOUND');
    let mi = 0;
    let off = 0;
    if (b.cursor) {
      const d = decodeIntCursor(cursorScope(ctx), b.cursor, 2);
      if (!d) throw err('INVALID_CURSOR');
      [mi, off] = d as [number, number];
    }
    const rows: NonNullable<AnswerOf<'externalcontact_batch_get_by_user'>['external_contact_list']> = [];
    const caller = callerOf(ctx);
    while (mi < members.length && rows.length < limit) {
      const key = userKey(members[mi]!.userid);
      const ids = s.customersOf(key);
      while (off < ids.length && rows.length < limit) {
        const c = s.customers.get(ids[off]!)!;
        const f = c.follows.get(key)!;
        rows.push({
          external_contact: { ...customerView(ctx, c), external_userid: externalUseridOf(s, c, caller) },
          // follow_info carries corp tag ids only (reference §4.2).
          follow_info: { ...followBase(ctx, f), tag_id: [...f.tag_ids].filter((id) => s.tags.has(id)) },
        });
        off++;
      }
      if (off >= ids.length) {
        mi++;
        off = 0;
      }
    }
    const more = mi < members.length && members.slice(mi).some((m, i) => s.customersOf(userKey(m.userid)).length > (i === 0 ? off : 0));
    return { external_contact_list: rows, next_cursor: more ? encodeCursor(cursorScope(ctx), [mi, off]) : '' };
  },

  externalcontact_remark: (ctx) => {
    requireCustomerContact(ctx);
    const b = ctx.body;
    const m = featureMember(ctx, b.userid);
    const c = customerOf(ctx, b.external_userid);
    const f = followOf(c, m);
    if (b.remark !== undefined && charLength(b.remark) > B.external_remark_length.max) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: remark' });
    if (b.description !== undefined && charLength(b.description) > B.external_description_length.max) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: description' });
    if (b.remark !== undefined) f.remark = b.remark;
    if (b.description !== undefined) f.description = b.description;
    // remark_company applies to WeChat customers only (reference §4.2); WeCom customers keep their corp name.
    if (b.remark_company !== undefined && c.type === 1) f.remark_corp_name = b.remark_company;
    if (b.remark_mobiles !== undefined) f.remark_mobiles = [...b.remark_mobiles];
    return {};
  },

  externalcontact_get_follow_user_list: (ctx) => {
    const s = requireCustomerContact(ctx);
    const out: string[] = [];
    for (const m of ctx.corp.domains.contacts.users.values()) if (m.status === 1 && hasFeature(s, m) && callerSees(ctx, m)) out.push(userOut(ctx, m.userid));
    return { follow_user: out };
  },

  externalcontact_unionid_to_external_userid: (ctx) => {
    const s = requireCustomerContact(ctx);
    const { unionid } = ctx.body;
    for (const c of s.customers.values()) {
      if (c.unionid === unionid && c.follows.size > 0) return { external_userid: externalUseridOf(s, c, callerOf(ctx)) };
    }
    // No customer of the corp has this unionid: WeCom's exact code is undocumented; 84061 "not external contact".
    throw err('NOT_EXTERNAL_CONTACT');
  },

  // ---- customer groups ----

  externalcontact_groupchat_list: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const owners = b.owner_filter?.userid_list;
    if (owners && owners.length > 100) throw err('INVALID_USERID_LIST_LENGTH');
    const ownerKeys = owners && owners.length > 0 ? new Set(owners.map((u) => userKey(memberIn(ctx, u)?.userid ?? u))) : undefined;
    const status = b.status_filter ?? 0;
    let from = 0;
    if (b.cursor) {
      const d = decodeIntCursor(cursorScope(ctx), b.cursor, 1);
      if (!d) throw err('INVALID_CURSOR');
      from = d[0]!;
    }
    const all = [...s.chats.values()].filter(
      (c) => !c.dismissed && (status === 0 || c.status === status) && (!ownerKeys || ownerKeys.has(userKey(c.owner))),
    );
    const page = all.slice(from, from + b.limit);
    const next = from + page.length < all.length ? encodeCursor(cursorScope(ctx), [from + page.length]) : '';
    return { group_chat_list: page.map((c) => ({ chat_id: c.chat_id, status: c.status })), next_cursor: next };
  },

  externalcontact_groupchat_get: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const chat = s.chats.get(b.chat_id);
    if (!chat) throw err('CHAT_NOT_FOUND');
    if (chat.dismissed) throw err('GROUP_CHAT_DISMISSED');
    const caller = callerOf(ctx);
    const member_list = [...chat.members.values()].map((gm) => {
      const row: ChatMemberView = { type: gm.type, join_time: gm.join_time, join_scene: gm.join_scene, userid: '' };
      let name: string;
      if (gm.type === 1) {
        const m = ctx.corp.domains.contacts.getUser(gm.ref);
        row.userid = m ? userOut(ctx, m.userid) : gm.ref;
        name = m?.name ?? gm.ref;
      } else {
        const c = s.customers.get(gm.ref)!;
        row.userid = externalUseridOf(s, c, caller);
        if (c.unionid) row.unionid = c.unionid;
        name = c.name;
      }
      if (gm.invitor) row.invitor = { userid: userOut(ctx, gm.invitor) };
      row.group_nickname = gm.group_nickname;
      if (b.need_name === 1) row.name = name;
      return row;
    });
    return {
      group_chat: {
        chat_id: chat.chat_id,
        name: chat.name,
        owner: userOut(ctx, chat.owner),
        create_time: chat.create_time,
        notice: chat.notice,
        member_list,
        admin_list: chat.admins.map((u) => ({ userid: userOut(ctx, u) })),
      },
    };
  },

  // ---- corp customer tags ----

  externalcontact_get_corp_tag_list: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const byOrder = (a: TagGroup, c: TagGroup) => a.order - c.order || a.create_time - c.create_time;
    if (b.tag_id && b.tag_id.length > 0) {
      // tag_id wins over group_id (reference §4.4); unknown ids are left out.
      const only = new Set(b.tag_id.filter((id) => s.tags.has(id)));
      const groups = new Set([...only].map((id) => s.tags.get(id)!.group_id));
      return { tag_group: [...s.tagGroups.values()].filter((g) => groups.has(g.group_id)).sort(byOrder).map((g) => groupView(g, only)) };
    }
    const wanted = b.group_id && b.group_id.length > 0 ? new Set(b.group_id) : undefined;
    return { tag_group: [...s.tagGroups.values()].filter((g) => !wanted || wanted.has(g.group_id)).sort(byOrder).map((g) => groupView(g)) };
  },

  externalcontact_add_corp_tag: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const now = ctx.clock.nowSec();
    let group: TagGroup | undefined;
    if (b.group_id) {
      group = s.tagGroups.get(b.group_id);
      if (!group) throw err('INVALID_TAGID');
      requireTagOwner(ctx, group);
    } else if (b.group_name !== undefined) {
      group = [...s.tagGroups.values()].find((g) => g.group_name === b.group_name);
      if (group) requireTagOwner(ctx, group);
    } else {
      throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: group_id or group_name required' });
    }
    const names = b.tag.map((t) => t.name);
    if (new Set(names).size !== names.length) throw err('INVALID_TAG_NAME');
    if (group && [...group.tags.values()].some((t) => names.includes(t.name))) throw err('INVALID_TAG_NAME');
    if (s.corpTagCount() + names.length > B.corp_customer_tags.max) throw err('CORP_TAG_LIMIT_REACHED');
    const created = !group;
    if (!group) {
      group = { group_id: newTagId(ctx, s), group_name: b.group_name!, order: b.order ?? 0, create_time: now, tags: new Map(), owner: writerOf(ctx) };
      s.tagGroups.set(group.group_id, group);
    }
    const added: CorpTag[] = [];
    for (const t of b.tag) {
      const tag: CorpTag = { id: newTagId(ctx, s), name: t.name, order: t.order ?? 0, create_time: now, group_id: group.group_id };
      group.tags.set(tag.id, tag);
      s.tags.set(tag.id, tag);
      added.push(tag);
    }
    if (created) ctx.emit(tagEvent(group.group_id, 'tag_group', 'create'));
    for (const t of added) ctx.emit(tagEvent(t.id, 'tag', 'create'));
    const view = groupView(group, new Set(added.map((t) => t.id)));
    const tags = view.tag.map(({ deleted: _d, ...t }) => t);
    return { tag_group: { group_id: group.group_id, group_name: group.group_name, create_time: group.create_time, order: group.order, tag: tags } };
  },

  externalcontact_edit_corp_tag: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const asTag = tagOfId(s, b.id);
    const group = asTag ? asTag.group : s.tagGroups.get(b.id);
    if (!group) throw err('INVALID_TAGID');
    requireTagOwner(ctx, group);
    if (b.name !== undefined) {
      const clash = asTag
        ? [...group.tags.values()].some((t) => t.id !== b.id && t.name === b.name)
        : [...s.tagGroups.values()].some((g) => g.group_id !== b.id && g.group_name === b.name);
      if (clash) throw err('INVALID_TAG_NAME');
    }
    if (asTag) {
      if (b.name !== undefined) asTag.tag.name = b.name;
      if (b.order !== undefined) asTag.tag.order = b.order;
    } else {
      if (b.name !== undefined) group.group_name = b.name;
      if (b.order !== undefined) group.order = b.order;
    }
    // Only the order changed: the group's tags were reordered (ChangeType shuffle, push/ChangeExternalTagShuffle.xml).
    if (b.name === undefined && b.order !== undefined) ctx.emit(tagEvent(group.group_id, 'tag_group', 'shuffle'));
    else ctx.emit(tagEvent(b.id, asTag ? 'tag' : 'tag_group', 'update'));
    return {};
  },

  externalcontact_del_corp_tag: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const tagIds = b.tag_id ?? [];
    const groupIds = b.group_id ?? [];
    if (tagIds.length === 0 && groupIds.length === 0) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: tag_id or group_id required' });
    // Every id is checked before anything is deleted.
    for (const id of tagIds) {
      const t = tagOfId(s, id);
      if (!t) throw err('INVALID_TAGID');
      requireTagOwner(ctx, t.group);
    }
    for (const id of groupIds) {
      const g = s.tagGroups.get(id);
      if (!g) throw err('INVALID_TAGID');
      requireTagOwner(ctx, g);
    }
    const dropTag = (t: CorpTag) => {
      s.tags.delete(t.id);
      s.tagGroups.get(t.group_id)?.tags.delete(t.id);
      for (const c of s.customers.values()) for (const f of c.follows.values()) f.tag_ids.delete(t.id);
    };
    for (const id of groupIds) {
      const g = s.tagGroups.get(id);
      if (!g) continue;
      for (const t of [...g.tags.values()]) dropTag(t);
      s.tagGroups.delete(id);
      ctx.emit(tagEvent(id, 'tag_group', 'delete'));
    }
    for (const id of tagIds) {
      const t = s.tags.get(id);
      if (!t) continue;
      dropTag(t);
      ctx.emit(tagEvent(id, 'tag', 'delete'));
      const g = s.tagGroups.get(t.group_id);
      // A group without tags goes too (WeCom's console keeps no empty corp tag group).
      if (g && g.tags.size === 0) {
        s.tagGroups.delete(g.group_id);
        ctx.emit(tagEvent(g.group_id, 'tag_group', 'delete'));
      }
    }
    return {};
  },

  externalcontact_mark_tag: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const m = featureMember(ctx, b.userid);
    const f = followOf(customerOf(ctx, b.external_userid), m);
    const add = b.add_tag ?? [];
    const remove = b.remove_tag ?? [];
    if (add.length === 0 && remove.length === 0) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: add_tag or remove_tag required' });
    for (const id of [...add, ...remove]) if (!s.tags.has(id)) throw err('INVALID_TAGID');
    for (const id of add) f.tag_ids.add(id);
    for (const id of remove) f.tag_ids.delete(id);
    return {};
  },
});
