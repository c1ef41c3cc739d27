/** 小程序支付 handlers: orders (create, get, close), refunds, the JSAPI pay_sign, applyments, images. */
import { createHmac } from 'node:crypto';
import { err, found } from '../../core/errors/index.js';
import { areaState } from '../../core/tenancy/access.js';
import { defineRoutes, defineTasks, type Ctx } from '../types.js';
import { iso, type MiniapppayState, type Order, type Refund } from './state.js';

const STATE_DESC = { NOTPAY: '未支付', SUCCESS: '支付成功', REFUND: '转入退款', CLOSED: '已关闭' } as const;
const APPLY_DESC = { CHECKING: '资料校验中', AUDITING: '审核中', NEED_SIGN: '待签约' } as const;
const REFUND_SETTLE_MS = 60_000;

/** 小程序支付 answers its area's secret and 可调用接口的应用; others → 48002. */
function pay(ctx: Ctx): MiniapppayState {
  return areaState(ctx, 'miniapppay');
}

function orderOf(s: MiniapppayState, mchid: string, out_trade_no: string): Order {
  return found(s.order(mchid, out_trade_no), 'PAY_ORDER_NOT_FOUND', { message: 'out_trade_no not found' });
}

export const miniapppayRoutes = defineRoutes({
  miniapppay_create_order: (ctx) => {
    const s = pay(ctx);
    const b = ctx.body;
    const m = s.merchants.find((x) => x.mchid === b.mchid);
    if (!m || m.appid !== b.appid) throw err('INVALID_MERCHANT_SETTING', { message: 'mchid with this appid is not a merchant of the corp' });
    const total = b.amount.total ?? 0;
    if (!Number.isInteger(total) || total <= 0) throw err('PAY_INVALID_PARAMETER', { message: 'amount.total must be a positive number of fen' });
    if (s.order(b.mchid, b.out_trade_no)) throw err('PAY_ORDER_EXISTED');
    const prepay_id = `wx${s.rng.hex(32)}`;
    s.orders.set(`${b.mchid}/${b.out_trade_no}`, {
      mchid: b.mchid, appid: b.appid, out_trade_no: b.out_trade_no, prepay_id, description: b.description, attach: b.attach ?? '', total, currency: b.amount.currency ?? 'CNY',
      openid: b.payer?.openid ?? '', state: 'NOTPAY', transaction_id: '', success_time: '', refunded: 0, device_id: b.scene_info?.device_id ?? '',
    });
    return { prepay_id };
  },
  miniapppay_get_order: (ctx) => {
    const o = orderOf(pay(ctx), ctx.body.mchid, ctx.body.out_trade_no);
    return {
      mchid: o.mchid, out_trade_no: o.out_trade_no, trade_state: o.state, trade_state_desc: STATE_DESC[o.state], payer: { openid: o.openid }, transaction_id: o.transaction_id,
      bank_type: o.state === 'NOTPAY' || o.state === 'CLOSED' ? '' : 'OTHERS', attach: o.attach, success_time: o.success_time,
      amount: { total: o.total, payer_total: o.transaction_id ? o.total : 0, currency: o.currency }, scene_info: { device_id: o.device_id },
    };
  },
  miniapppay_close_order: (ctx) => {
    const o = orderOf(pay(ctx), ctx.body.mchid, ctx.body.out_trade_no);
    if (o.state !== 'NOTPAY') throw err('PAY_INVALID_ORDER_STATUS', { message: `order is ${o.state}` });
    o.state = 'CLOSED';
    return {};
  },
  miniapppay_refund: (ctx) => {
    const s = pay(ctx);
    const b = ctx.body;
    const o = orderOf(s, b.mchid, b.out_trade_no);
    if (o.state !== 'SUCCESS' && o.state !== 'REFUND') throw err('PAY_INVALID_ORDER_STATUS', { message: `order is ${o.state}` });
    const amount = b.amount.refund ?? 0;
    if (amount <= 0) throw err('PAY_REFUND_AMOUNT_ZERO');
    if (amount > o.total - o.refunded) throw err('PAY_REFUND_EXCEEDS_PAYMENT');
    if (s.refunds.has(`${b.mchid}/${b.out_refund_no}`)) throw err('PAY_REFUND_NO_EXISTED');
    const now = ctx.clock.nowMs();
    const r = { mchid: b.mchid, out_refund_no: b.out_refund_no, out_trade_no: o.out_trade_no, refund: amount, currency: o.currency, create_time: iso(now), success_time: '', status: 'PROCESSING' as const };
    s.refunds.set(`${b.mchid}/${b.out_refund_no}`, r);
    o.refunded += amount;
    o.state = 'REFUND';
    ctx.corp.timers.at(now + REFUND_SETTLE_MS, `miniapppay refund ${b.out_refund_no}`, 'miniapppay.refund', { key: `${b.mchid}/${b.out_refund_no}`, r });
    return {};
  },
  miniapppay_get_refund_detail: (ctx) => {
    const r = pay(ctx).refunds.get(`${ctx.body.mchid}/${ctx.body.out_refund_no}`);
    if (!r) throw err('PAY_ORDER_NOT_FOUND', { message: 'out_refund_no not found' });
    return {
      out_refund_no: r.out_refund_no, out_trade_no: r.out_trade_no, channel: 'ORIGINAL', user_received_account: '支付用户零钱', success_time: r.success_time, create_time: r.create_time,
      status: r.status, amount: { refund: r.refund, payer_refund: r.refund, discount_refund: 0, currency: r.currency },
    };
  },
  miniapppay_get_sign: (ctx) => {
    const s = pay(ctx);
    const b = ctx.body;
    if (b.sign_type !== 'RSA') throw err('PAY_INVALID_PARAMETER', { message: 'sign_type must be RSA' });
    const o = s.byPrepay(b.prepay_id);
    if (!o || o.appid !== b.appid) throw err('PAY_INVALID_PREPAY_ID');
    if (!b.nonce || b.nonce.length > 32 || s.nonces.has(b.nonce)) throw err('PAY_NONCE_REPLAYED');
    if (Math.abs(ctx.clock.nowSec() - b.timestamp) > 300) throw err('PAY_INVALID_TIMESTAMP');
    s.nonces.add(b.nonce);
    const key = s.merchants.find((m) => m.mchid === o.mchid)!.key;
    const message = `${b.appid}\n${b.timestamp}\n${b.nonce}\nprepay_id=${b.prepay_id}\n`;
    return { pay_sign: createHmac('sha256', key).update(message).digest('base64') };
  },
  miniapppay_apply_mch: (ctx) => {
    const s = pay(ctx);
    const no = ctx.body.out_request_no;
    if (!no || no.length > 64) throw err('PAY_INVALID_PARAMETER', { message: 'out_request_no must be 1 to 64 characters' });
    if (s.applyments.has(no)) throw err('PAY_ORDER_EXISTED', { message: 'out_request_no exists' });
    const a = { out_request_no: no, state: 'CHECKING' as 'CHECKING' | 'AUDITING' | 'NEED_SIGN', sub_mchid: '' };
    s.applyments.set(no, a);
    const now = ctx.clock.nowMs();
    ctx.corp.timers.at(now + 60_000, `miniapppay applyment ${no} audited`, 'state.assign', { target: a, values: { state: 'AUDITING' } });
    ctx.corp.timers.at(now + 660_000, `miniapppay applyment ${no} to sign`, 'miniapppay.applyment.sign', { a });
    return {};
  },
  miniapppay_get_applyment_status: (ctx) => {
    const a = pay(ctx).applyments.get(ctx.body.out_request_no);
    if (!a) throw err('PAY_INVALID_PARAMETER', { message: 'out_request_no not found' });
    const sign = a.state === 'NEED_SIGN';
    return {
      status: {
        applyment_state: a.state, applyment_state_desc: APPLY_DESC[a.state], sign_state: 'UNSIGNED', sign_url: sign ? `https://pay.weixin.qq.com/sign/${a.sub_mchid}` : '',
        sub_mchid: a.sub_mchid, audit_detail: [], legal_validation_url: '',
      },
      apply_state: a.state === 'CHECKING' ? 1 : a.state === 'AUDITING' ? 2 : 3,
      real_sign_state: 1,
      reject_reason: '',
    };
  },
  miniapppay_upload_image: (ctx) => {
    const s = pay(ctx);
    const f = ctx.body.file;
    if (!['image/jpeg', 'image/png', 'image/bmp'].includes(f.content_type ?? '') || !f.size_bytes || f.size_bytes > 2 * 1024 * 1024) {
      throw err('PAY_INVALID_PARAMETER', { message: 'a JPG, PNG or BMP image of at most 2 MB' });
    }
    const id = s.rng.string(64);
    s.images.add(id);
    return { open_wx_pay_media_id: id };
  },
});

type Applyment = { state: 'CHECKING' | 'AUDITING' | 'NEED_SIGN'; sub_mchid: string };

/** Scheduled work: a refund settles a minute later; an application is audited, then waits for signing. */
export const miniapppayTasks = defineTasks({
  'miniapppay.refund': (corp, a: { key: string; r: Refund }, due: number) => {
    corp.domains.miniapppay.refunds.set(a.key, { ...a.r, status: 'SUCCESS', success_time: iso(due) });
  },
  'miniapppay.applyment.sign': (corp, a: { a: Applyment }) => {
    a.a.state = 'NEED_SIGN';
    a.a.sub_mchid = corp.domains.miniapppay.rng.digits(10);
  },
});
