/**
 * 对外收款: the corp's bound merchants, the bills members collected
 * (payments with their refunds), each merchant's fund flow and the payments' out_trade_no lists. A typical
 * corp starts with one merchant and a day of bills drawn from the domain's own rng.
 */
import { err, invalidParameter } from '../../core/errors/index.js';
import { offsetPage } from '../../core/pipeline/cursor.js';
import { Rng } from '../../core/runtime/rng.js';
import { mayCallArea } from '../../core/tenancy/access.js';
import { defineRoutes, type Ctx, type Domain } from '../types.js';
import { areaDomain } from '../demo.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export interface Merchant { mch_id: string; merchant_name: string; bind_status: number; users: string[] }
export interface Bill {
  transaction_id: string; bill_type: number; trade_state: number; pay_time: number; out_trade_no: string; external_userid: string; total_fee: number;
  payee_userid: string; payment_type: number; mch_id: string; remark: string; commodity_list: Array<{ description: string; amount: number }>;
  refund_list: Array<{ out_refund_no: string; refund_userid: string; refund_comment: string; refund_reqtime: number; refund_status: number; refund_fee: number }>;
}
export interface FundFlow { timestamp: number; request_no: string; transaction_type: number; fund_flow_type: number; transaction_amount: number; account_balance: number; out_trade_no: string; mch_id: string; operator_userid: string; remark: string }

export class ExternalpayState {
  readonly merchants: Merchant[] = [];
  /** Bills by pay_time, oldest first. */
  readonly bills: Bill[] = [];
  readonly flows: FundFlow[] = [];
  /** payment_id → its orders' out_trade_no. */
  readonly payments = new Map<string, string[]>();
}

const MAX_SPAN = 86_400;

/** 对外收款 answers its system secret and its 可调用接口的应用; others → 48002. */
function pay(ctx: Ctx): ExternalpayState {
  if (!mayCallArea(ctx.corp, ctx.token, 'externalpay')) throw err('API_FORBIDDEN');
  return ctx.corp.domains.externalpay;
}

function span(begin: number, end: number): void {
  if (end < begin) throw invalidParameter('end_time is earlier than begin_time');
  if (end - begin > MAX_SPAN) throw invalidParameter('time range exceeds 1 day');
}

export const externalpayRoutes = defineRoutes({
  externalpay_getmerchant: (ctx) => {
    const m = pay(ctx).merchants.find((x) => x.mch_id === ctx.body.mch_id);
    if (!m) throw err('MERCHANT_MCH_ID_NOT_FOUND');
    return { bind_status: m.bind_status, mch_id: m.mch_id, merchant_name: m.merchant_name, allow_use_scope: { user: [...m.users], partyid: [], tagid: [] } };
  },
  externalpay_get_bill_list: (ctx) => {
    const b = ctx.body;
    span(b.begin_time, b.end_time);
    const hits = pay(ctx).bills.filter((x) => x.pay_time >= b.begin_time && x.pay_time <= b.end_time && (!b.payee_userid || x.payee_userid === b.payee_userid));
    const { page, next_cursor } = offsetPage(ctx, b.cursor || undefined, hits, b.limit ?? 1000);
    return {
      next_cursor,
      bill_list: page.map((x) => ({
        ...x, out_refund_no: x.refund_list[0]?.out_refund_no ?? '', commodity_list: x.commodity_list.map((c) => ({ ...c })), total_refund_fee: x.refund_list.reduce((n, r) => n + r.refund_fee, 0),
        refund_list: x.refund_list.map((r) => ({ ...r })),
      })),
    };
  },
  externalpay_get_fund_flow: (ctx) => {
    const s = pay(ctx);
    const b = ctx.body;
    if (!s.merchants.some((m) => m.mch_id === b.mch_id)) throw err('MERCHANT_MCH_ID_NOT_FOUND');
    span(b.begin_time, b.end_time);
    const hits = s.flows.filter((f) => f.mch_id === b.mch_id && f.timestamp >= b.begin_time && f.timestamp <= b.end_time);
    const { page, next_cursor } = offsetPage(ctx, b.cursor || undefined, hits, b.limit ?? 100);
    return { next_cursor, fund_flow_list: page.map((f) => ({ ...f, group_list: [] })) };
  },
  externalpay_get_payment_info: (ctx) => {
    const list = pay(ctx).payments.get(ctx.body.payment_id);
    if (!list) throw err('PAY_ORDER_NOT_FOUND');
    return { out_trade_no_list: list.map((out_trade_no) => ({ out_trade_no })) };
  },
});

function seed(rng: Rng, userids: string[], nowSec: number, demo: boolean): ExternalpayState {
  const s = new ExternalpayState();
  if (!demo || !userids.length) return s;
  const m: Merchant = { mch_id: rng.digits(10), merchant_name: '示例门店', bind_status: 0, users: userids.slice(0, 3) };
  s.merchants.push(m);
  let balance = 0;
  for (let i = 0; i < 12; i++) {
    const fee = rng.range(100, 50_000);
    const at = nowSec - rng.range(600, 20 * 3600);
    const out_trade_no = `T${rng.digits(16)}`;
    const refunded = rng.chance(0.25);
    const refund_fee = refunded ? rng.range(1, fee) : 0;
    s.bills.push({
      transaction_id: `4200${rng.digits(24)}`, bill_type: refunded ? 1 : 0, trade_state: refunded ? 3 : 1, pay_time: at, out_trade_no, external_userid: `wm${rng.string(30)}`, total_fee: fee,
      payee_userid: rng.pick(m.users), payment_type: rng.range(1, 2), mch_id: m.mch_id, remark: '', commodity_list: [{ description: '商品', amount: 1 }],
      refund_list: refunded ? [{ out_refund_no: `R${rng.digits(16)}`, refund_userid: m.users[0]!, refund_comment: '退款', refund_reqtime: at + 600, refund_status: 1, refund_fee }] : [],
    });
    balance += fee;
    s.flows.push({ timestamp: at, request_no: rng.digits(20), transaction_type: 1, fund_flow_type: 1, transaction_amount: fee, account_balance: balance, out_trade_no, mch_id: m.mch_id, operator_userid: '', remark: '' });
    s.payments.set(`P${rng.digits(12)}`, [out_trade_no]);
  }
  s.bills.sort((a, b) => a.pay_time - b.pay_time);
  s.flows.sort((a, b) => a.timestamp - b.timestamp);
  return s;
}

/** 对外收款 — merchants, bills, fund flow, payments. */
export const externalpayDomain: Domain<'externalpay', ExternalpayState> = {
  ...areaDomain('externalpay', (b) => seed(b.rng, b.userids(), b.nowSec, b.demo)),
  routes: externalpayRoutes,
  // One credentials entry for both payment areas (the miniapppay domain comes before this one in the registry).
  credentials: (corp) => ({
    merchants: {
      externalpay: corp.domains.externalpay.merchants.map((m) => m.mch_id),
      miniapppay: corp.domains.miniapppay.merchants.map((m) => ({ ...m })),
    },
  }),
};

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(ExternalpayState);
