/** 微信客服 (kf) handlers: accounts, servicers, sessions, messages, customers, statistics, knowledge base. */
import { LIMITS } from '../../../spec/generated/limits.js';
import { err, invalidParameter } from '../../core/errors/index.js';
import { cursorScope, decodeIntCursor, encodeCursor } from '../../core/pipeline/cursor.js';
import { userKey } from '../contacts/index.js';
import { defineRoutes, type Ctx } from '../types.js';
import { accountOf, checkAvatar, checkContent, checkMaySend, checkName, checkTransition, requireKf, servicerOf } from './rules.js';
import { type KfAccount, type KfMessage, type ServiceState } from './state.js';
import { countAssignment, issueCode, record } from './writes.js';
import { kfStatisticRoutes } from './statistics.js';

/** The avatar URL the list shows (WeCom answers a wework.qpic.cn URL; the mock derives one from the media_id). */
const avatarUrl = (a: KfAccount): string => `https://wework.qpic.cn/wwhead/${a.avatarMediaId.slice(0, 40)}/0`;

type ResultItem = { userid?: string; department_id?: number; errcode: number; errmsg: string };

/** A per-entry failure with WeCom's errcode and errmsg of that name. */
function failed(name: 'USERID_NOT_FOUND' | 'KF_RECEPTION_LIMIT' | 'INVALID_DEPARTMENT_ID'): { errcode: number; errmsg: string } {
  const e = err(name);
  return { errcode: e.errcode, errmsg: e.errmsg };
}

/** Per-entry results of servicer/add and servicer/del (doc path/94646, 94647). */
function servicerChange(ctx: Ctx, add: boolean, open_kfid: string, userids: string[], departments: number[]): ResultItem[] {
  const s = requireKf(ctx);
  const a = accountOf(s, open_kfid);
  if (userids.length + departments.length === 0) throw invalidParameter('userid_list and department_id_list are both empty');
  if (userids.length > LIMITS.bound.kf_servicer_batch.max) throw invalidParameter(`userid_list has more than ${LIMITS.bound.kf_servicer_batch.max} entries`);
  const c = ctx.corp.domains.contacts;
  const out: ResultItem[] = [];
  for (const userid of userids) {
    const m = c.getUser(userid);
    const key = userKey(userid);
    if (!m) out.push({ userid, ...failed('USERID_NOT_FOUND') });
    else if (add) {
      if (a.servicers.has(key)) out.push({ userid, errcode: 0, errmsg: 'ignored' });
      // 500 servicers per account (doc path/94646); the entries beyond are refused one by one.
      else if (a.servicers.size >= LIMITS.bound.kf_servicers_per_account.max) out.push({ userid, ...failed('KF_RECEPTION_LIMIT') });
      else {
        a.servicers.set(key, { userid: m.userid, status: 0, stop_type: 0 });
        out.push({ userid, errcode: 0, errmsg: 'success' });
      }
    } else if (!a.servicers.delete(key)) out.push({ userid, errcode: 0, errmsg: 'ignored' });
    else out.push({ userid, errcode: 0, errmsg: 'success' });
  }
  for (const department_id of departments) {
    if (!c.departments.has(department_id)) out.push({ department_id, ...failed('INVALID_DEPARTMENT_ID') });
    else if (add === a.departments.has(department_id)) out.push({ department_id, errcode: 0, errmsg: 'ignored' });
    else {
      if (add) a.departments.add(department_id);
      else a.departments.delete(department_id);
      out.push({ department_id, errcode: 0, errmsg: 'success' });
    }
  }
  // A member no longer serving leaves the sessions they served in the queue (state 2).
  if (!add) for (const sess of s.sessions.values()) if (sess.open_kfid === a.open_kfid && sess.state === 3 && sess.servicer && !servicerOf(ctx.corp, a, sess.servicer)) {
    sess.state = 2;
    sess.servicer = undefined;
  }
  return out;
}

function messageView(m: KfMessage): { msgid: string; open_kfid: string; send_time: number; origin: number; msgtype: string } & Record<string, unknown> {
  const event = m.body['event'];
  return {
    msgid: m.msgid,
    open_kfid: m.open_kfid,
    ...(m.origin !== 4 && { external_userid: m.external_userid }),
    send_time: m.send_time,
    origin: m.origin,
    ...(m.servicer_userid !== undefined && { servicer_userid: m.servicer_userid }),
    msgtype: m.msgtype,
    ...(event !== undefined ? { event: { ...(event as object), open_kfid: m.open_kfid, external_userid: m.external_userid } } : m.body),
  };
}

export const kfRoutes = defineRoutes({
  ...kfStatisticRoutes,

  kf_account_add: (ctx) => {
    const s = requireKf(ctx);
    const name = checkName(ctx.body.name);
    const now = ctx.clock.nowMs();
    checkAvatar(ctx.corp, ctx.body.media_id, now);
    if (s.accounts.size >= LIMITS.bound.kf_accounts_per_corp.max) throw err('KF_ACCOUNT_LIMIT_REACHED');
    const open_kfid = s.newId('wk', 30, (id) => s.accounts.has(id) || s.deleted.has(id));
    const linkId = `kfc${s.rng.string(14)}`;
    s.accounts.set(open_kfid, { open_kfid, name, avatarMediaId: ctx.body.media_id, manage_privilege: true, createdAtMs: now, servicers: new Map(), departments: new Set(), linkId });
    return { open_kfid };
  },

  kf_account_del: (ctx) => {
    const s = requireKf(ctx);
    const a = accountOf(s, ctx.body.open_kfid);
    s.accounts.delete(a.open_kfid);
    s.deleted.add(a.open_kfid);
    for (const [k, sess] of s.sessions) if (sess.open_kfid === a.open_kfid) s.sessions.delete(k);
    return {};
  },

  kf_account_update: (ctx) => {
    const s = requireKf(ctx);
    const a = accountOf(s, ctx.body.open_kfid);
    const name = ctx.body.name === undefined ? undefined : checkName(ctx.body.name);
    if (ctx.body.media_id !== undefined) checkAvatar(ctx.corp, ctx.body.media_id, ctx.clock.nowMs());
    if (name !== undefined) a.name = name;
    if (ctx.body.media_id !== undefined) a.avatarMediaId = ctx.body.media_id;
    return {};
  },

  kf_account_list: (ctx) => {
    const s = requireKf(ctx);
    const offset = ctx.body.offset ?? 0;
    const limit = ctx.body.limit ?? 100;
    const list = [...s.accounts.values()].slice(offset, offset + limit);
    return { account_list: list.map((a) => ({ open_kfid: a.open_kfid, name: a.name, avatar: avatarUrl(a), manage_privilege: a.manage_privilege })) };
  },

  kf_add_contact_way: (ctx) => {
    const s = requireKf(ctx);
    const a = accountOf(s, ctx.body.open_kfid);
    const scene = ctx.body.scene;
    // The scene comes back in enter_session; WeCom carries it (encoded) in the link (doc path/94665).
    const url = `https://work.weixin.qq.com/kf/${a.linkId}${scene ? `?enc_scene=ENC${Buffer.from(scene).toString('base64url')}` : ''}`;
    return { url };
  },

  kf_servicer_add: (ctx) => ({ result_list: servicerChange(ctx, true, ctx.body.open_kfid, ctx.body.userid_list ?? [], ctx.body.department_id_list ?? []) }),
  kf_servicer_del: (ctx) => ({ result_list: servicerChange(ctx, false, ctx.body.open_kfid, ctx.body.userid_list ?? [], ctx.body.department_id_list ?? []) }),

  kf_servicer_list: (ctx) => {
    const s = requireKf(ctx);
    const a = accountOf(s, ctx.query.open_kfid);
    return {
      servicer_list: [
        ...[...a.servicers.values()].map((v) => ({ userid: v.userid, status: v.status, ...(v.status === 1 && { stop_type: v.stop_type }) })),
        ...[...a.departments].map((department_id) => ({ department_id })),
      ],
    };
  },

  kf_service_state_get: (ctx) => {
    const s = requireKf(ctx);
    const a = accountOf(s, ctx.body.open_kfid);
    if (!s.customers.has(ctx.body.external_userid)) throw err('INVALID_EXTERNAL_USERID');
    const sess = s.session(a.open_kfid, ctx.body.external_userid);
    return { service_state: sess?.state ?? 4, ...(sess?.state === 3 && sess.servicer !== undefined && { servicer_userid: sess.servicer }) };
  },

  kf_service_state_trans: (ctx) => {
    const s = requireKf(ctx);
    const a = accountOf(s, ctx.body.open_kfid);
    const { external_userid, servicer_userid } = ctx.body;
    const to = ctx.body.service_state as ServiceState;
    if (!s.customers.has(external_userid)) throw err('INVALID_EXTERNAL_USERID');
    const sess = s.session(a.open_kfid, external_userid);
    checkTransition(sess?.state ?? 4, to);
    if (!sess) throw err('KF_STATE_TRANSITION_FORBIDDEN');
    let servicer: string | undefined;
    if (to === 3) {
      // state 3 needs a receiving servicer of the account (doc path/94669: 95014, 95019).
      if (servicer_userid === undefined) throw invalidParameter('servicer_userid is required for service_state 3');
      const m = ctx.corp.domains.contacts.getUser(servicer_userid);
      if (!m) throw err('USERID_NOT_FOUND');
      const sv = servicerOf(ctx.corp, a, m.userid);
      if (!sv) throw err('KF_NOT_SERVICER');
      if (sv.status !== 0) throw err('KF_SERVICER_UNAVAILABLE');
      servicer = m.userid;
    }
    const from = sess.state;
    const before = sess.servicer;
    sess.state = to;
    sess.servicer = servicer;
    if (servicer !== undefined && (from !== 3 || before !== servicer)) countAssignment(ctx.corp, sess, servicer);
    // A msg_code: reply words on the first move to 2 or 3, closing words on a move to 4 (doc path/94669).
    let msg_code: string | undefined;
    if ((to === 2 || to === 3) && !sess.replyCodeIssued && from !== to) {
      sess.replyCodeIssued = true;
      msg_code = issueCode(ctx.corp, 'reply', a.open_kfid, external_userid);
    } else if (to === 4) msg_code = issueCode(ctx.corp, 'closing', a.open_kfid, external_userid);
    return msg_code === undefined ? {} : { msg_code };
  },

  kf_sync_msg: (ctx) => {
    const s = requireKf(ctx);
    const now = ctx.clock.nowMs();
    s.prune(now);
    const { token, cursor, open_kfid } = ctx.body;
    if (open_kfid) accountOf(s, open_kfid);
    // The Token of the latest callback, valid 10 minutes; it may be left out (doc path/94670: stricter rate limit then).
    if (token !== undefined && token !== '' && !((s.tokens.get(token) ?? 0) > now)) throw err('INVALID_KF_MSG_TOKEN');
    const scope = cursorScope(ctx, `kf_sync_msg:${open_kfid ?? ''}`);
    let after = 0;
    if (cursor) {
      const pos = decodeIntCursor(scope, cursor, 1);
      if (!pos) throw err('INVALID_CURSOR');
      after = pos[0]!;
    }
    const limit = ctx.body.limit ?? LIMITS.bound.kf_sync_msg_limit.max;
    const out: KfMessage[] = [];
    let more = false;
    for (const m of s.messages) {
      if (m.seq <= after || (open_kfid && m.open_kfid !== open_kfid)) continue;
      if (out.length === limit) {
        more = true;
        break;
      }
      out.push(m);
    }
    const last = out.length > 0 ? out[out.length - 1]!.seq : after;
    return { next_cursor: encodeCursor(scope, [last]), has_more: more ? 1 : 0, msg_list: out.map(messageView) };
  },

  kf_send_msg: (ctx) => {
    const s = requireKf(ctx);
    const a = accountOf(s, ctx.body.open_kfid);
    const now = ctx.clock.nowMs();
    if (!s.customers.has(ctx.body.touser)) throw err('INVALID_EXTERNAL_USERID');
    const sess = checkMaySend(s.session(a.open_kfid, ctx.body.touser), now);
    const content = checkContent(ctx.corp, ctx.body.msgtype, ctx.body as Record<string, unknown>, now);
    const msgid = ctx.body.msgid ?? s.newId('', 32, (id) => s.msgids.has(`${a.open_kfid}|${id}`));
    if (s.msgids.has(`${a.open_kfid}|${msgid}`)) throw invalidParameter(`msgid ${msgid} was already used`);
    s.msgids.add(`${a.open_kfid}|${msgid}`);
    sess.repliesSinceCustomer++;
    s.sent.push({ msgid, open_kfid: a.open_kfid, touser: ctx.body.touser, msgtype: ctx.body.msgtype, content, atMs: now, via: 'send_msg' });
    return { msgid };
  },

  kf_send_msg_on_event: (ctx) => {
    const s = requireKf(ctx);
    const now = ctx.clock.nowMs();
    const rec = s.codes.get(ctx.body.code);
    // A code is usable once within 20 s (doc path/95122); 41050 names an invalid or expired welcome code.
    if (!rec || rec.used || rec.expiresAtMs <= now) throw err('INVALID_WELCOME_CODE');
    const content = checkContent(ctx.corp, ctx.body.msgtype, ctx.body as Record<string, unknown>, now);
    const msgid = ctx.body.msgid ?? s.newId('', 32, (id) => s.msgids.has(`${rec.open_kfid}|${id}`));
    if (s.msgids.has(`${rec.open_kfid}|${msgid}`)) throw invalidParameter(`msgid ${msgid} was already used`);
    s.msgids.add(`${rec.open_kfid}|${msgid}`);
    rec.used = true;
    s.sent.push({ msgid, open_kfid: rec.open_kfid, touser: rec.external_userid, msgtype: ctx.body.msgtype, content, atMs: now, via: 'send_msg_on_event' });
    return { msgid };
  },

  kf_customer_batchget: (ctx) => {
    const s = requireKf(ctx);
    const want = ctx.body.need_enter_session_context === 1;
    const customer_list = [];
    const invalid_external_userid: string[] = [];
    for (const id of ctx.body.external_userid_list) {
      const c = s.customers.get(id);
      if (!c) {
        invalid_external_userid.push(id);
        continue;
      }
      customer_list.push({
        external_userid: c.external_userid,
        nickname: c.nickname,
        avatar: c.avatar,
        gender: c.gender,
        unionid: c.unionid,
        ...(want && c.context && { enter_session_context: { ...c.context } }),
      });
    }
    return { customer_list, invalid_external_userid };
  },

  kf_customer_get_upgrade_service_config: (ctx) => {
    const s = requireKf(ctx);
    return {
      member_range: { userid_list: [...s.upgrade.userid_list], department_id_list: [...s.upgrade.department_id_list] },
      groupchat_range: { chat_id_list: [...s.upgrade.chat_id_list] },
    };
  },

  kf_knowledge_add_group: (ctx) => {
    const s = requireKf(ctx);
    const name = ctx.body.name.trim();
    if (name === '' || [...s.groups.values()].some((g) => g.name === name)) throw invalidParameter(`group name ${JSON.stringify(name)} is empty or taken`);
    const group_id = s.newId('', 24, (id) => s.groups.has(id));
    s.groups.set(group_id, { group_id, name, is_default: 0 });
    return { group_id };
  },

  kf_knowledge_add_intent: (ctx) => {
    const s = requireKf(ctx);
    const { group_id, question, similar_questions, answers } = ctx.body;
    if (!s.groups.has(group_id)) throw invalidParameter(`group_id ${group_id} is not a knowledge group of the corp`);
    const now = ctx.clock.nowMs();
    for (const ans of answers) {
      for (const att of ans.attachments ?? []) {
        const body = (att as Record<string, unknown>)[att.msgtype] as Record<string, unknown> | undefined;
        if (!body) throw invalidParameter(`attachment ${att.msgtype} has no ${att.msgtype} object`);
        for (const key of ['media_id', 'thumb_media_id']) {
          const id = body[key];
          if (typeof id === 'string' && !ctx.corp.domains.media.getMedia(id, now)) throw err('INVALID_MEDIA_ID');
        }
      }
    }
    const intent_id = s.newId('', 24, (id) => s.intents.has(id));
    s.intents.set(intent_id, { intent_id, group_id, question, similar_questions, answers });
    return { intent_id };
  },
});

