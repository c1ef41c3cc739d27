/**
 * School notifications under the customer-contact URLs (家校沟通, doc path/91609, 92320, 92318, 101034). The mock
 * keeps no 家校通讯录 (parents, students, classes): every named recipient is answered as invalid.
 */
import { createHash } from 'node:crypto';
import { err } from '../../../core/errors/index.js';
import { defineRoutes } from '../../types.js';
import { requireCustomerContact } from '../rules.js';

const MSGTYPES = new Set(['text', 'image', 'voice', 'video', 'file', 'news', 'mpnews', 'miniprogram']);

export const schoolRoutes = defineRoutes({
  externalcontact_message_send: (ctx) => {
    const b = ctx.body;
    // Sent by an app: the token's app must be the agentid named (40056 otherwise).
    if (ctx.secretKind !== 'app' || !ctx.app) throw err('API_FORBIDDEN');
    if (b.agentid !== ctx.app.agentid) throw err('INVALID_AGENTID');
    if (!MSGTYPES.has(b.msgtype)) throw err('INVALID_MESSAGE_TYPE');
    const content = (b as Record<string, unknown>)[b.msgtype];
    if (!content || typeof content !== 'object') throw err('EMPTY_CONTENT');
    return {
      invalid_parent_userid: (b.to_parent_userid ?? []).map(String),
      invalid_student_userid: (b.to_student_userid ?? []).map(String),
      invalid_party: (b.to_party ?? []).map(String),
    };
  },
  externalcontact_get_subscribe_qr_code: (ctx) => {
    requireCustomerContact(ctx);
    const h = createHash('sha256').update(`subscribe:${ctx.corp.corpid}`).digest('hex').slice(0, 24);
    const url = (size: string) => `https://wework.qpic.cn/wwhead/mock_${h}_${size}/0`;
    return { qrcode_big: url('big'), qrcode_middle: url('middle'), qrcode_thumb: url('thumb') };
  },
  externalcontact_set_subscribe_mode: (ctx) => {
    const s = requireCustomerContact(ctx);
    s.subscribeMode = ctx.body.subscribe_mode;
    return {};
  },
  externalcontact_getjoinqrcode: (ctx) => {
    requireCustomerContact(ctx);
    return {};
  },
});
