/** Handlers of 「联系我」 contact ways and temporary chats (developer.work.weixin.qq.com/document/path/92228). */
import { err, found } from '../../../core/errors/index.js';
import { LIMITS } from '../../../../spec/generated/limits.js';
import { defineRoutes, type AnswerOf, type Ctx } from '../../types.js';
import { offsetPage } from '../../../core/pipeline/cursor.js';
import { charLength, customerOf, featureMember, followOf, requireCustomerContact } from '../rules.js';
import type { ContactWay, Conclusions, ExternalContactState } from '../state.js';

const B = LIMITS.bound;
const DAY = 86_400;
/** list_contact_way: default window 90 days back (doc path/92228). */
/** 2021-07-10 00:00 +08:00: list_contact_way lists no way created earlier (doc path/92228). */
const LISTED_SINCE = 1_625_846_400;
const LIST_WINDOW = 90 * DAY;
/** Members of one contact way (type 2) — 41041 beyond (mock choice: WeCom's figure for 多人 ways is 100). */
const WAY_MAX_USERS = 100;

type WayView = NonNullable<AnswerOf<'externalcontact_get_contact_way'>['contact_way']>;

function wayView(w: ContactWay): WayView {
  const out: WayView & { createdSec?: number } = { ...w };
  delete out.createdSec;
  // qr_code only for scene 2 (QR code) ways; conclusions only when set (doc path/92228).
  if (w.scene !== 2) delete out.qr_code;
  if (!w.conclusions) delete out.conclusions;
  return out;
}

/** The conclusions as stored: image.media_id becomes a pic_url (get_contact_way answers pic_url, doc path/92228). */
function storeConclusions(ctx: Ctx, c: Conclusions | undefined): Conclusions | undefined {
  if (!c) return undefined;
  const out: Conclusions = JSON.parse(JSON.stringify(c)) as Conclusions;
  if (out.image) out.image = { pic_url: `http://p.qpic.cn/pic_wework/${ctx.rng.digits(10)}/${ctx.rng.hex(32)}/0` };
  return out;
}

/** The type's member rules (doc path/92228): type 1 exactly one user; type 2 users and/or departments. */
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
  return found(s.ways.get(configId), 'INVALID_CONTACT_WAY_CONFIG_ID');
}

export const contactWaysRoutes = defineRoutes({
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
      // Temporary ways: 7 days and 24 h by default (doc path/92228); others report 0.
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
    // doc path/92228: start_time defaults to 90 days ago and end_time to now; no longest window is named, so any
    // window is a filter on the creation time (a reversed one matches nothing). Only ways created after
    // 2021-07-10 are ever listed.
    const end = b.end_time ?? now;
    const start = Math.max(b.start_time ?? now - LIST_WINDOW, LISTED_SINCE);
    // Temporary ways are not listed (doc path/92228).
    const all = [...s.ways.values()].filter((w) => !w.is_temp && w.createdSec >= start && w.createdSec <= end);
    const { page, next_cursor } = offsetPage(ctx, b.cursor, all, b.limit ?? 100);
    return { contact_way: page.map((w) => ({ config_id: w.config_id })), next_cursor };
  },

  externalcontact_update_contact_way: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
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
});
