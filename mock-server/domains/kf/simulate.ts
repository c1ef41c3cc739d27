/**
 * A WeChat customer (or a servicer in the WeCom client) acts: the control plane's way to drive 微信客服. Each
 * action records what kf/sync_msg will read and emits the encrypted kf_msg_or_event callback (doc path/94670).
 */
import { AdminError } from '../../core/control/kit.js';
import type { Corp } from '../types.js';
import { servicerOf } from './rules.js';
import type { EnterContext, KfAccount, KfCustomer, KfMessage } from './state.js';
import { countCustomerMessage, issueCode, newCustomer, notify, openSession, record } from './writes.js';

/** What a customer may send (doc path/94670 消息类型) and the body the mock builds when none is given. */
export const CUSTOMER_MSGTYPES = ['text', 'image', 'voice', 'video', 'file', 'location', 'link', 'business_card', 'miniprogram'] as const;

const WELCOME_GAP_MS = 48 * 3_600_000;

function defaultBody(corp: Corp, msgtype: string): Record<string, unknown> {
  const r = corp.domains.kf.rng;
  switch (msgtype) {
    case 'text':
      return { content: '你好，我想咨询一下' };
    case 'location':
      return { latitude: 23.106021881103501, longitude: 113.32450103759799, name: '广州国际媒体港(广州市海珠区)', address: '广东省广州市海珠区滨江东路' };
    case 'link':
      return { title: '看看这个', desc: '一个链接', url: 'https://work.weixin.qq.com/', pic_url: 'https://wework.qpic.cn/wwpic/0' };
    case 'business_card':
      return { userid: [...corp.domains.contacts.users.values()][0]?.userid ?? '' };
    case 'miniprogram':
      return { title: '小程序', appid: `wx${r.string(16, '0123456789abcdef')}`, pagepath: 'pages/index', thumb_media_id: r.string(40) };
    default:
      // Media the customer sent: a media_id the corp may download with media/get (the mock keeps no bytes for it).
      return { media_id: `2${r.string(43)}` };
  }
}

function accountFor(corp: Corp, open_kfid: unknown): KfAccount {
  const a = typeof open_kfid === 'string' ? corp.domains.kf.accounts.get(open_kfid) : undefined;
  if (!a) throw new AdminError(404, 'kf_account_not_found', `corp ${corp.corpid} has no kf account ${String(open_kfid)}`);
  return a;
}

function customerFor(corp: Corp, external_userid: unknown, nickname: unknown): KfCustomer {
  const s = corp.domains.kf;
  if (external_userid === undefined) return newCustomer(s, typeof nickname === 'string' ? nickname : undefined);
  const c = typeof external_userid === 'string' ? s.customers.get(external_userid) : undefined;
  if (!c) throw new AdminError(404, 'customer_not_found', `no WeChat customer ${String(external_userid)}; leave external_userid out for a new one`);
  return c;
}

export interface SimulateResult {
  external_userid: string;
  message: KfMessage;
  token: string;
  welcome_code?: string;
}

/**
 * The customer opens the account's link (with its scene): an enter_session event, with a welcome_code when the
 * customer got no welcome and sent nothing in the last 48 h (doc path/95122).
 */
export function customerEnters(corp: Corp, input: { open_kfid: unknown; external_userid?: unknown; nickname?: unknown; scene?: unknown; scene_param?: unknown; wechat_channels?: unknown }): SimulateResult {
  const a = accountFor(corp, input.open_kfid);
  const c = customerFor(corp, input.external_userid, input.nickname);
  const now = corp.clock.nowMs();
  const context: EnterContext = { scene: typeof input.scene === 'string' ? input.scene : '', scene_param: typeof input.scene_param === 'string' ? input.scene_param : '' };
  if (input.wechat_channels && typeof input.wechat_channels === 'object') context.wechat_channels = input.wechat_channels as EnterContext['wechat_channels'];
  c.context = context;
  const sess = corp.domains.kf.session(a.open_kfid, c.external_userid);
  const quiet = (c.lastWelcomeAtMs === undefined || now - c.lastWelcomeAtMs >= WELCOME_GAP_MS) && (sess?.lastCustomerMsgMs === undefined || now - sess.lastCustomerMsgMs >= WELCOME_GAP_MS);
  let welcome_code: string | undefined;
  if (quiet) {
    welcome_code = issueCode(corp, 'welcome', a.open_kfid, c.external_userid);
    c.lastWelcomeAtMs = now;
  }
  const event: Record<string, unknown> = { event_type: 'enter_session', scene: context.scene, scene_param: context.scene_param, ...(welcome_code !== undefined && { welcome_code }) };
  if (context.wechat_channels) event['wechat_channels'] = context.wechat_channels;
  const message = record(corp, { open_kfid: a.open_kfid, external_userid: c.external_userid, origin: 4, servicer_userid: undefined, msgtype: 'event', body: { event } });
  const token = notify(corp, a.open_kfid);
  return { external_userid: c.external_userid, message, token, ...(welcome_code !== undefined && { welcome_code }) };
}

/** The customer sends a message: opens a session (state 0) if none is going on, restarts the 48 h / 5 window. */
export function customerSends(corp: Corp, input: { open_kfid: unknown; external_userid?: unknown; nickname?: unknown; msgtype?: unknown; content?: unknown }): SimulateResult {
  const a = accountFor(corp, input.open_kfid);
  const msgtype = input.msgtype === undefined ? 'text' : String(input.msgtype);
  if (!(CUSTOMER_MSGTYPES as readonly string[]).includes(msgtype)) throw new AdminError(400, 'bad_msgtype', `msgtype is one of ${CUSTOMER_MSGTYPES.join(', ')}`);
  const c = customerFor(corp, input.external_userid, input.nickname);
  const sess = openSession(corp, a.open_kfid, c.external_userid);
  sess.lastCustomerMsgMs = corp.clock.nowMs();
  sess.repliesSinceCustomer = 0;
  countCustomerMessage(corp, sess);
  const body = { ...defaultBody(corp, msgtype), ...(input.content && typeof input.content === 'object' ? (input.content as Record<string, unknown>) : {}) };
  const message = record(corp, { open_kfid: a.open_kfid, external_userid: c.external_userid, origin: 3, servicer_userid: undefined, msgtype, body: { [msgtype]: body } });
  return { external_userid: c.external_userid, message, token: notify(corp, a.open_kfid) };
}

/** The session's servicer answers in the WeCom client (origin 5); counts the first reply in the statistics. */
export function servicerSends(corp: Corp, input: { open_kfid: unknown; external_userid: unknown; content?: unknown }): SimulateResult {
  const a = accountFor(corp, input.open_kfid);
  const s = corp.domains.kf;
  const sess = typeof input.external_userid === 'string' ? s.session(a.open_kfid, input.external_userid) : undefined;
  if (!sess || sess.state !== 3 || sess.servicer === undefined) throw new AdminError(409, 'not_served', 'the session is not served by a servicer (state 3)');
  if (!servicerOf(corp, a, sess.servicer)) throw new AdminError(409, 'not_servicer', `${sess.servicer} no longer serves ${a.open_kfid}`);
  const text = typeof input.content === 'string' ? input.content : '您好，请问有什么可以帮您？';
  const message = record(corp, { open_kfid: a.open_kfid, external_userid: sess.external_userid, origin: 5, servicer_userid: sess.servicer, msgtype: 'text', body: { text: { content: text } } });
  return { external_userid: sess.external_userid, message, token: notify(corp, a.open_kfid) };
}
