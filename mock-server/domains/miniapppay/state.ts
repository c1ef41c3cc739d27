/**
 * 小程序支付 state of a corp: its merchants (mchid, appid, signing key), JSAPI orders and their refunds,
 * sub-merchant applyments and registered images. A typical corp has one merchant with three paid demo
 * orders `demo-0001` … `demo-0003` (100, 200 and 300 fen), so refunds can be tried at once.
 */
import { Rng } from '../../core/runtime/rng.js';
import { chinaDateTime } from '../../core/runtime/china-day.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export interface PayMerchant { mchid: string; appid: string; key: string }
export type TradeState = 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED';
export interface Order {
  mchid: string; appid: string; out_trade_no: string; prepay_id: string; description: string; attach: string;
  total: number; currency: string; openid: string; state: TradeState; transaction_id: string; success_time: string; refunded: number; device_id: string;
}
export interface Refund { mchid: string; out_refund_no: string; out_trade_no: string; refund: number; currency: string; create_time: string; success_time: string; status: 'PROCESSING' | 'SUCCESS' }
export interface Applyment { out_request_no: string; state: 'CHECKING' | 'AUDITING' | 'NEED_SIGN'; sub_mchid: string }

/** RFC 3339 in UTC+8, the form WeChat Pay answers times in. */
export function iso(ms: number): string {
  return `${chinaDateTime(Math.floor(ms / 1000))}+08:00`;
}

export class MiniapppayState {
  readonly merchants: PayMerchant[] = [];
  /** Orders by `mchid/out_trade_no`. */
  readonly orders = new Map<string, Order>();
  readonly refunds = new Map<string, Refund>();
  readonly applyments = new Map<string, Applyment>();
  readonly images = new Set<string>();
  readonly nonces = new Set<string>();
  constructor(readonly rng: Rng) {}
  order(mchid: string, out_trade_no: string): Order | undefined {
    return this.orders.get(`${mchid}/${out_trade_no}`);
  }
  byPrepay(prepay_id: string): Order | undefined {
    for (const o of this.orders.values()) if (o.prepay_id === prepay_id) return o;
    return undefined;
  }
}

export function seedMiniapppay(s: MiniapppayState, nowMs: number, demo: boolean): MiniapppayState {
  if (!demo) return s;
  const r = s.rng;
  const m: PayMerchant = { mchid: r.digits(10), appid: `wx${r.hex(16)}`, key: r.string(32) };
  s.merchants.push(m);
  for (let i = 1; i <= 3; i++) {
    const out_trade_no = `demo-000${i}`;
    s.orders.set(`${m.mchid}/${out_trade_no}`, {
      mchid: m.mchid, appid: m.appid, out_trade_no, prepay_id: `wx${r.hex(32)}`, description: `示例商品 ${i}`, attach: '', total: 100 * i, currency: 'CNY',
      openid: `o${r.string(27)}`, state: 'SUCCESS', transaction_id: `4200${r.digits(24)}`, success_time: iso(nowMs - i * 3600_000), refunded: 0, device_id: '',
    });
  }
  return s;
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(MiniapppayState);
