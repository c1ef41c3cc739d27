/**
 * The WeChat Pay paths WeCom's enterprise payments use (api.mch.weixin.qq.com): XML in and out, never WeCom's
 * JSON envelope. Every answer is HTTP 200 with `return_code` (the call itself: XML, merchant) and, once the
 * merchant is known, `result_code` / `err_code` (the business outcome), as developer.work.weixin.qq.com/document/path/90275,
 * 90276, 90278 and 90279 describe them. No WeComError leaves these handlers.
 */
import type { TLSSocket } from 'node:tls';
import { LIMITS } from '../../../spec/generated/limits.js';
import { readBody } from '../../core/pipeline/body.js';
import { RawResponse } from '../../core/pipeline/envelope.js';
import { publicRoute } from '../../core/pipeline/typed-route.js';
import { chinaDayStart } from '../../core/runtime/china-day.js';
import { CLIENT_CERT_HEADER } from '../../net/client-cert.js';
import { defineRoutes, type Corp, type PublicCtx } from '../types.js';
import type { Merchant, Redpack, Transfer } from './state.js';
import { paySign, parsePayXml, renderPayXml, sameSign, workwxSign, type Fields, type SignType } from './wire.js';
import { chinaDateTime } from '../../core/runtime/china-day.js';

type Answer = Record<string, string | number | undefined>;

/** A business refusal: `result_code` FAIL with a documented `err_code`. */
class PayFail {
  constructor(
    readonly code: string,
    readonly des: string,
  ) {}
}

function xml(fields: Answer): RawResponse {
  return new RawResponse(200, { 'Content-Type': 'application/xml; charset=utf-8' }, renderPayXml(fields));
}

/** A protocol fault (`return_code` FAIL): nothing about the order is known or said. */
function protocolFail(msg: string): RawResponse {
  return xml({ return_code: 'FAIL', return_msg: msg });
}

/** `yyyy-MM-dd HH:mm:ss` in China time, as WeChat Pay writes times. */
export function chinaTime(sec: number): string {
  return chinaDateTime(sec).replace('T', ' ');
}

/** The merchant of `mch_id` and its corp, wherever it lives in the registry. */
function findMerchant(ctx: PublicCtx, mch_id: string): { corp: Corp; m: Merchant } | undefined {
  for (const corp of ctx.registry.corps.values()) {
    const m = corp.domains.mchpay.merchants.get(mch_id);
    if (m) return { corp, m };
  }
  return undefined;
}

/**
 * The client certificate of a request that came over TLS (its SHA-256 fingerprint, or 'none'), or undefined on
 * the plain listener. In-process front ends hand over the TLS socket; forwarding ones set CLIENT_CERT_HEADER.
 */
function clientCert(ctx: PublicCtx): string | undefined {
  const h = ctx.headers[CLIENT_CERT_HEADER];
  if (typeof h === 'string') return h;
  const socket = ctx.request.socket as Partial<TLSSocket>;
  if (socket.encrypted !== true || typeof socket.getPeerCertificate !== 'function') return undefined;
  const peer = socket.getPeerCertificate();
  return socket.authorized && peer.fingerprint256 ? peer.fingerprint256 : 'none';
}

/** The business fields of a request: what makes two requests under one order number the same order. */
function fingerprintOf(f: Fields): string {
  const skip = new Set(['nonce_str', 'sign', 'sign_type', 'workwx_sign']);
  return JSON.stringify(Object.keys(f).filter((k) => !skip.has(k) && f[k] !== '').sort().map((k) => [k, f[k]]));
}

function required(f: Fields, names: readonly string[]): void {
  for (const n of names) if (!f[n]) throw new PayFail('PARAM_ERROR', `参数错误：${n}字段必填`);
}

/** A positive whole number of fen. */
function fen(f: Fields, name: string): number {
  const v = f[name] ?? '';
  if (!/^[1-9][0-9]{0,11}$/.test(v)) throw new PayFail('PARAM_ERROR', `参数错误：${name}必须是正整数（单位分）`);
  return Number(v);
}

/** The member behind an openid of the corp (user/convert_to_openid hands them out), active. */
function memberOfOpenid(corp: Corp, openid: string): { userid: string; name: string } {
  const contacts = corp.domains.contacts;
  const key = contacts.byOpenid.get(openid);
  const u = key === undefined ? undefined : contacts.users.get(key);
  if (!u || u.status !== 1) throw new PayFail('OPENID_ERROR', 'openid和appid不匹配或用户不可收款');
  return { userid: u.userid, name: u.name };
}

interface Call {
  corp: Corp;
  m: Merchant;
  f: Fields;
  signType: SignType;
  nowSec: number;
}

type Op = 'send' | 'queryRedpack' | 'pay' | 'queryPay';

const FIELDS: Record<Op, readonly string[]> = {
  send: ['mch_billno', 'wxappid', 'sender_name', 're_openid', 'total_amount', 'wishing', 'act_name', 'remark', 'workwx_sign'],
  queryRedpack: ['mch_billno', 'appid'],
  pay: ['appid', 'partner_trade_no', 'openid', 'check_name', 'amount', 'desc', 'spbill_create_ip', 'ww_msg_type', 'act_name', 'workwx_sign'],
  queryPay: ['partner_trade_no', 'appid'],
};

/**
 * The steps every pay call shares: read the XML, find the merchant (its certificate over TLS), the rate, the
 * merchant-key sign, the required fields and the corp the appid names; then the operation's own step.
 */
async function serve(ctx: PublicCtx, op: Op, run: (c: Call) => Answer, echo: (f: Fields) => Answer, signAnswers: boolean): Promise<RawResponse> {
  const body = await readBody(ctx.request, LIMITS.size.request_body_max.bytes);
  if (!body.ok) return protocolFail(body.reason === 'too_large' ? '请求包过大' : '请求包不完整');
  const f = parsePayXml(body.raw);
  if (!f) return protocolFail('XML格式错误');
  const mch_id = f['mch_id'] || f['mchid'] || '';
  if (!mch_id) return protocolFail('参数错误：mch_id字段必填');
  const found = findMerchant(ctx, mch_id);
  if (!found) return protocolFail('商户号不存在');
  const { corp, m } = found;
  ctx.corp = corp;
  const signType: SignType = f['sign_type'] === 'HMAC-SHA256' ? 'HMAC-SHA256' : 'MD5';
  const answer = (fields: Answer): RawResponse => {
    const out: Answer = { return_code: 'SUCCESS', ...fields };
    if (signAnswers) out['sign'] = paySign(out, m.key, signType);
    return xml(out);
  };
  try {
    // Over TLS the pay paths want the merchant's own API certificate (mutual TLS); the plain listener does not.
    const cert = clientCert(ctx);
    if (cert !== undefined) {
      if (cert === 'none') throw new PayFail('CA_ERROR', '请求未携带有效的商户API证书');
      if (!m.certFingerprint) throw new PayFail('CA_ERROR', '商户尚未下载API证书（POST /__mock/mchpay/merchants 的 cert: true）');
      if (cert !== m.certFingerprint) throw new PayFail('CA_ERROR', '商户API证书与商户号不匹配');
    }
    const nowMs = corp.clock.nowMs();
    m.recentCalls = m.recentCalls.filter((t) => nowMs - t < 60_000);
    // The corp's rate_limit_scale multiplies this window like every other one.
    const perMinute = Math.max(1, Math.floor(LIMITS.bound.mchpay_calls_per_minute.max * corp.settings.rate_limit_scale));
    if (m.recentCalls.length >= perMinute) throw new PayFail('FREQ_LIMIT', '超过频率限制，请稍后再试');
    m.recentCalls.push(nowMs);
    if (f['sign_type'] !== undefined && f['sign_type'] !== 'MD5' && f['sign_type'] !== 'HMAC-SHA256') throw new PayFail('PARAM_ERROR', '参数错误：sign_type只支持MD5和HMAC-SHA256');
    if (!f['nonce_str'] || f['nonce_str'].length > 32) throw new PayFail('PARAM_ERROR', '参数错误：nonce_str字段必填且不长于32位');
    if (!f['sign'] || !sameSign(f['sign'], paySign(f, m.key, signType))) throw new PayFail('SIGN_ERROR', '签名错误');
    required(f, FIELDS[op]);
    const appid = f['wxappid'] ?? f['appid'];
    if (appid !== corp.corpid) throw new PayFail('PARAM_ERROR', 'appid与商户号不匹配');
    return answer({ return_msg: 'OK', result_code: 'SUCCESS', ...run({ corp, m, f, signType, nowSec: Math.floor(nowMs / 1000) }) });
  } catch (e) {
    if (!(e instanceof PayFail)) throw e;
    return answer({ return_msg: e.des, result_code: 'FAIL', err_code: e.code, err_code_des: e.des, ...echo(f) });
  }
}

/** The workwx_sign of a paying call, with the corp's 企业支付 app secret (doc path/90281). */
function checkWorkwxSign(c: Call, which: 'redpack' | 'transfer'): void {
  const secret = c.corp.areas.get('mchpay')?.secret ?? '';
  const fields = { ...c.f, mch_id: c.f['mch_id'] || c.f['mchid'] || '' };
  if (!sameSign(c.f['workwx_sign'] ?? '', workwxSign(fields, which, secret))) throw new PayFail('SIGN_ERROR', '企业微信签名（workwx_sign）错误');
}

function checkAgent(c: Call): void {
  const a = c.f['agentid'];
  if (a !== undefined && a !== '' && !c.corp.apps.has(Number(a))) throw new PayFail('PARAM_ERROR', '参数错误：agentid不是企业的应用');
}

/** A red packet left unopened for 24 h goes back to the merchant (queryworkwxredpack's REFUND). */
export function settleRedpack(m: Merchant, r: Redpack, nowSec: number): void {
  if (r.status === 'SENT' && nowSec - r.sentAtSec >= 86_400) {
    r.status = 'REFUND';
    r.refundAtSec = r.sentAtSec + 86_400;
    m.balance += r.total_amount;
  }
}

function redpackAnswer(c: Call, r: Redpack): Answer {
  return {
    mch_billno: r.mch_billno, mch_id: c.m.mch_id, wxappid: c.corp.corpid, re_openid: r.re_openid, total_amount: r.total_amount, send_listid: r.detail_id,
    sender_name: r.sender_name, sender_header_media_id: r.sender_header_media_id || undefined,
  };
}

function send(c: Call): Answer {
  checkWorkwxSign(c, 'redpack');
  checkAgent(c);
  const { f, m } = c;
  const amount = fen(f, 'total_amount');
  const fp = fingerprintOf(f);
  const old = m.redpacks.get(f['mch_billno']!);
  // The order number makes a retry safe: the same order answers again; another one under it is refused.
  if (old) {
    if (old.fingerprint !== fp) throw new PayFail('PARAM_ERROR', '商户订单号重复，且请求参数与原单不一致');
    return { err_code: 'SUCCESS', err_code_des: '发放成功', ...redpackAnswer(c, old) };
  }
  if (!/^[0-9A-Za-z]{1,28}$/.test(f['mch_billno']!)) throw new PayFail('PARAM_ERROR', '参数错误：mch_billno只能是28位以内的数字和字母');
  const bound = f['scene_id'] ? LIMITS.bound.mchpay_redpack_scene_amount : LIMITS.bound.mchpay_redpack_amount;
  if (f['scene_id'] && !/^PRODUCT_[1-8]$/.test(f['scene_id'])) throw new PayFail('PARAM_ERROR', '参数错误：scene_id取值PRODUCT_1至PRODUCT_8');
  if (amount < bound.min || amount > bound.max) throw new PayFail('MONEY_LIMIT', `红包金额须在${bound.min / 100}元到${bound.max / 100}元之间（超出1-200元需传scene_id）`);
  memberOfOpenid(c.corp, f['re_openid']!);
  if (m.balance < amount) throw new PayFail('NOTENOUGH', '帐号余额不足，请到商户平台充值后再重试');
  m.balance -= amount;
  const r: Redpack = {
    mch_billno: f['mch_billno']!, fingerprint: fp, detail_id: `1000041701${c.corp.rng.digits(20)}`, re_openid: f['re_openid']!, total_amount: amount,
    wishing: f['wishing']!, remark: f['remark']!, act_name: f['act_name']!, sender_name: f['sender_name']!, sender_header_media_id: f['sender_header_media_id'] ?? '',
    sentAtSec: c.nowSec, status: 'SENT',
  };
  m.redpacks.set(r.mch_billno, r);
  return { err_code: 'SUCCESS', err_code_des: '发放成功', ...redpackAnswer(c, r) };
}

function queryRedpack(c: Call): Answer {
  const r = c.m.redpacks.get(c.f['mch_billno']!);
  if (!r) throw new PayFail('NOT_FOUND', '指定单号数据不存在');
  settleRedpack(c.m, r, c.nowSec);
  return {
    mch_billno: r.mch_billno, mch_id: c.m.mch_id, detail_id: r.detail_id, status: r.status, send_type: 'API', total_amount: r.total_amount,
    send_time: chinaTime(r.sentAtSec), refund_time: r.refundAtSec !== undefined ? chinaTime(r.refundAtSec) : undefined,
    refund_amount: r.status === 'REFUND' ? r.total_amount : undefined, wishing: r.wishing, remark: r.remark, act_name: r.act_name,
    openid: r.re_openid, amount: r.total_amount, rcv_time: r.rcvAtSec !== undefined ? chinaTime(r.rcvAtSec) : undefined,
    sender_name: r.sender_name, sender_header_media_id: r.sender_header_media_id || undefined,
  };
}

function transferAnswer(c: Call, t: Transfer): Answer {
  return {
    appid: c.corp.corpid, mchid: c.m.mch_id, device_info: t.device_info || undefined, nonce_str: c.f['nonce_str'], partner_trade_no: t.partner_trade_no,
    payment_no: t.payment_no, payment_time: chinaTime(t.paidAtSec),
  };
}

function pay(c: Call): Answer {
  checkWorkwxSign(c, 'transfer');
  checkAgent(c);
  const { f, m } = c;
  const amount = fen(f, 'amount');
  const fp = fingerprintOf({ ...f, mch_id: m.mch_id, mchid: m.mch_id });
  const old = m.transfers.get(f['partner_trade_no']!);
  if (old) {
    if (old.fingerprint !== fp) throw new PayFail('PARAM_ERROR', '商户订单号重复，且请求参数与原单不一致');
    return transferAnswer(c, old);
  }
  if (!/^[0-9A-Za-z_-]{1,32}$/.test(f['partner_trade_no']!)) throw new PayFail('PARAM_ERROR', '参数错误：partner_trade_no只能是32位以内的数字、字母、_和-');
  if (f['check_name'] !== 'NO_CHECK' && f['check_name'] !== 'FORCE_CHECK') throw new PayFail('PARAM_ERROR', '参数错误：check_name取值NO_CHECK或FORCE_CHECK');
  if (f['ww_msg_type'] !== 'NORMAL_MSG' && f['ww_msg_type'] !== 'APPROVAL_MSG') throw new PayFail('PARAM_ERROR', '参数错误：ww_msg_type取值NORMAL_MSG或APPROVAL_MSG');
  if (f['ww_msg_type'] === 'APPROVAL_MSG' && (!f['approval_number'] || f['approval_type'] !== '1')) throw new PayFail('PARAM_ERROR', '参数错误：审批付款需要approval_number和approval_type');
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(f['spbill_create_ip']!)) throw new PayFail('PARAM_ERROR', '参数错误：spbill_create_ip不是IP地址');
  const one = LIMITS.bound.mchpay_transfer_amount;
  if (amount < one.min || amount > one.max) throw new PayFail('AMOUNT_LIMIT', `付款金额须在${one.min / 100}元到${one.max / 100}元之间`);
  const member = memberOfOpenid(c.corp, f['openid']!);
  if (f['check_name'] === 'FORCE_CHECK' && f['re_user_name'] !== member.name) throw new PayFail('NAME_MISMATCH', '真实姓名不一致');
  const day = chinaDayStart(c.nowSec);
  const paid = m.paidPerDay.get(day) ?? { total: 0, perOpenid: new Map<string, number>() };
  if ((paid.perOpenid.get(f['openid']!) ?? 0) + amount > LIMITS.bound.mchpay_transfer_per_member_day.max) throw new PayFail('MONEY_LIMIT', '已达到今日付款给此用户额度上限');
  if (paid.total + amount > LIMITS.bound.mchpay_transfer_per_merchant_day.max) throw new PayFail('MONEY_LIMIT', '已经达到今日付款总额上限');
  if (m.balance < amount) throw new PayFail('NOTENOUGH', '余额不足');
  m.balance -= amount;
  paid.total += amount;
  paid.perOpenid.set(f['openid']!, (paid.perOpenid.get(f['openid']!) ?? 0) + amount);
  m.paidPerDay.set(day, paid);
  const t: Transfer = {
    partner_trade_no: f['partner_trade_no']!, fingerprint: fp, payment_no: `10000183012${c.corp.rng.digits(17)}`, openid: f['openid']!,
    transfer_name: f['re_user_name'] ?? '', amount, desc: f['desc']!, device_info: f['device_info'] ?? '', paidAtSec: c.nowSec,
  };
  m.transfers.set(t.partner_trade_no, t);
  return transferAnswer(c, t);
}

function queryPay(c: Call): Answer {
  const t = c.m.transfers.get(c.f['partner_trade_no']!);
  if (!t) throw new PayFail('NOT_FOUND', '指定单号数据不存在');
  return {
    partner_trade_no: t.partner_trade_no, mch_id: c.m.mch_id, detail_id: t.payment_no, status: 'SUCCESS', reason: '', openid: t.openid,
    transfer_name: t.transfer_name || undefined, payment_amount: t.amount, transfer_time: chinaTime(t.paidAtSec), desc: t.desc,
  };
}

export const mchpayRoutes = defineRoutes({
  mmpaymkttransfers_sendworkwxredpack: publicRoute((ctx) =>
    serve(ctx, 'send', send, (f) => ({ mch_billno: f['mch_billno'], mch_id: f['mch_id'], wxappid: f['wxappid'], re_openid: f['re_openid'] }), true),
  ),
  mmpaymkttransfers_queryworkwxredpack: publicRoute((ctx) => serve(ctx, 'queryRedpack', queryRedpack, (f) => ({ mch_billno: f['mch_billno'], mch_id: f['mch_id'] }), true)),
  mmpaymkttransfers_promotion_paywwsptrans2pocket: publicRoute((ctx) =>
    serve(ctx, 'pay', pay, (f) => ({ appid: f['appid'], mchid: f['mchid'] || f['mch_id'], partner_trade_no: f['partner_trade_no'] }), false),
  ),
  mmpaymkttransfers_promotion_querywwsptrans2pocket: publicRoute((ctx) =>
    serve(ctx, 'queryPay', queryPay, (f) => ({ partner_trade_no: f['partner_trade_no'], mch_id: f['mch_id'] }), false),
  ),
});
