/** Handlers of customers (客户管理): lists, details, remarks, welcome messages (developer.work.weixin.qq.com/document/path/92113). */
import { err } from '../../../core/errors/index.js';
import { LIMITS } from '../../../../spec/generated/limits.js';
import { isMemberVisible, userKey, type Member } from '../../contacts/index.js';
import { defineRoutes, type AnswerOf, type Ctx } from '../../types.js';
import { cursorScope, decodeIntCursor, encodeCursor } from '../../../core/pipeline/cursor.js';
import { externalUseridOf, openidOf } from '../ids.js';
import { attachmentsOf, callerOf, charLength, customerOf, featureMember, followOf, hasFeature, memberIn, requireCustomerContact, tagOfId, userOut } from '../rules.js';
import { OPER_CUSTOMER, type Customer, type Follow } from '../state.js';

const B = LIMITS.bound;

/**
 * Does the caller see member `m`? An app token (a 可调用应用) reads customers only of members inside its
 * visible range, as its contacts reads are (doc path/90193, 92109); the 客户联系 secret sees every member.
 * Mock choices where WeCom is silent: list names one member → 60011; get shows the follow users in range
 * (none → 60011); batch/get_by_user skips members out of range (all out of range → 60011);
 * get_follow_user_list lists those in range.
 */
function callerSees(ctx: Ctx, m: Member): boolean {
  return ctx.secretKind !== 'app' || ctx.app === undefined || isMemberVisible(ctx.app, ctx.corp.domains.contacts, m);
}
type CustomerView = NonNullable<AnswerOf<'externalcontact_get'>['external_contact']>;
type FollowView = NonNullable<AnswerOf<'externalcontact_get'>['follow_user']>[number];

function customerView(ctx: Ctx, c: Customer): CustomerView {
  return {
    external_userid: externalUseridOf(ctx.corp.domains.externalcontact, c, callerOf(ctx)),
    name: c.name,
    avatar: c.avatar,
    type: c.type,
    gender: c.gender,
    ...(c.unionid && { unionid: c.unionid }),
    // A WeCom customer's corp and position (doc path/92114: type 2 only).
    ...(c.type === 2 && { position: c.position, corp_name: c.corp_name, corp_full_name: c.corp_full_name }),
  };
}

function followBase(ctx: Ctx, c: Customer, f: Follow): Omit<FollowView, 'tags'> {
  return {
    userid: userOut(ctx, f.userid),
    remark: f.remark,
    description: f.description,
    createtime: f.createtime,
    remark_corp_name: f.remark_corp_name,
    remark_mobiles: [...f.remark_mobiles],
    // The customer started the add: oper_userid is their external_userid (doc path/92114).
    oper_userid: f.oper_userid === OPER_CUSTOMER ? externalUseridOf(ctx.corp.domains.externalcontact, c, callerOf(ctx)) : userOut(ctx, f.oper_userid),
    add_way: f.add_way,
    ...(f.state && { state: f.state }),
  };
}

export const customersRoutes = defineRoutes({
  externalcontact_send_welcome_msg: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    if (b.welcome_code === '') throw err('WELCOME_CODE_MISSING');
    const atts = attachmentsOf(b, 'INVALID_PARAMETER', { message: 'invalid Request Parameter: text or attachments required' });
    if (atts.length > B.welcome_attachments.max) throw err('TOO_MANY_ATTACHMENTS');
    const code = s.welcomeCodes.get(b.welcome_code);
    if (!code) throw err('INVALID_WELCOME_CODE');
    // Within 20 s of the event: an older code is invalid, 41050 ("欢迎语code具有时效性，须在添加好友后20秒内使用",
    // errcode 41050's detail; doc path/92137). Once: after the welcome message the chat has started, 41051.
    if (ctx.clock.nowMs() - code.issuedMs > LIMITS.lifetime.welcome_code_lifetime.seconds * 1000) throw err('INVALID_WELCOME_CODE');
    if (code.used) throw err('CUSTOMER_CHAT_ALREADY_STARTED');
    code.used = true;
    return {};
  },

  externalcontact_list: (ctx) => {
    const s = requireCustomerContact(ctx);
    const { userid } = ctx.query;
    const m = featureMember(ctx, userid);
    if (!callerSees(ctx, m)) throw err('NO_PRIVILEGE');
    const ids = s.customersOf(userKey(m.userid));
    // No customers: 84061 with external_userid [] (doc path/92114, observed).
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
      ...followBase(ctx, c, f),
      tags: [...f.tag_ids].flatMap((id) => {
        const t = tagOfId(s, id);
        return t ? [{ group_name: t.group.group_name, tag_name: t.tag.name, tag_id: t.tag.id, type: 1 }] : [];
      }),
    }));
    const out: AnswerOf<'externalcontact_get'> = { external_contact: customerView(ctx, c), follow_user };
    // next_cursor only when more than a page of follow users is left (doc path/92114).
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
    // Larger limits are clamped to 100 (doc path/92114).
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
          // follow_info carries corp tag ids only (doc path/92114).
          follow_info: { ...followBase(ctx, c, f), tag_id: [...f.tag_ids].filter((id) => s.tags.has(id)) },
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
    // remark_company applies to WeChat customers only (doc path/92114); WeCom customers keep their corp name.
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

  externalcontact_convert_to_openid: (ctx) => {
    const s = requireCustomerContact(ctx);
    const c = customerOf(ctx, ctx.body.external_userid);
    // Only WeChat customers have an openid (doc path/92323).
    if (c.type !== 1) throw err('INVALID_EXTERNAL_USERID');
    return { openid: openidOf(s, c) };
  },
});
