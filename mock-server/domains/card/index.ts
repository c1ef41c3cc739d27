/**
 * 电子发票 reimbursement: invoices a member put into the corp's card bag, read by
 * card_id + encrypt_code, and their reimburse state: INIT → LOCK (reimbursing), LOCK → INIT (released),
 * LOCK → CLOSURE (reimbursed, final); any other move answers 72024. A typical corp starts with a few
 * invoices of two WeChat users (listed under `invoices` in its credentials).
 */
import { err, found } from '../../core/errors/index.js';
import { Rng } from '../../core/runtime/rng.js';
import { areaState } from '../../core/tenancy/access.js';
import { defineRoutes, type Ctx, type Domain } from '../types.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export type ReimburseStatus = 'INVOICE_REIMBURSE_INIT' | 'INVOICE_REIMBURSE_LOCK' | 'INVOICE_REIMBURSE_CLOSURE';

export interface Invoice {
  card_id: string;
  encrypt_code: string;
  openid: string;
  begin_time: number;
  end_time: number;
  type: string;
  payee: string;
  detail: string;
  user_info: {
    fee: number; title: string; billing_time: number; billing_no: string; billing_code: string; tax: number; fee_without_tax: number;
    pdf_url: string; check_code: string; order_id: string; buyer_number: string; detail: string;
    info: Array<{ name: string; num: number; unit: string; fee: number; price: number }>;
  };
  status: ReimburseStatus;
}

/** The moves the reimburse state machine allows. */
const MOVES: Record<ReimburseStatus, ReimburseStatus[]> = {
  INVOICE_REIMBURSE_INIT: ['INVOICE_REIMBURSE_LOCK'],
  INVOICE_REIMBURSE_LOCK: ['INVOICE_REIMBURSE_INIT', 'INVOICE_REIMBURSE_CLOSURE'],
  INVOICE_REIMBURSE_CLOSURE: [],
};

export class CardState {
  readonly invoices = new Map<string, Invoice>();
  add(inv: Invoice): void {
    this.invoices.set(`${inv.card_id}\u0000${inv.encrypt_code}`, inv);
  }
  get(card_id: string, encrypt_code: string): Invoice | undefined {
    return this.invoices.get(`${card_id}\u0000${encrypt_code}`);
  }
}

/** 电子发票 answers its system secret and its 可调用接口的应用 (area `invoice`); others → 48002. */
function bag(ctx: Ctx): CardState {
  return areaState(ctx, 'card', 'invoice');
}

function invoiceOf(s: CardState, card_id: string, encrypt_code: string): Invoice {
  // WeCom documents no dedicated code for an unknown invoice; 40058 names the pair (README, codes we chose).
  return found(s.get(card_id, encrypt_code), 'INVALID_PARAMETER', { message: 'no invoice with this card_id and encrypt_code' });
}

function view(inv: Invoice) {
  return {
    card_id: inv.card_id, begin_time: inv.begin_time, end_time: inv.end_time, openid: inv.openid, type: inv.type, payee: inv.payee, detail: inv.detail,
    user_info: { ...inv.user_info, info: inv.user_info.info.map((x) => ({ ...x })), reimburse_status: inv.status },
  };
}

function checkMove(inv: Invoice, to: ReimburseStatus): void {
  if (!MOVES[inv.status].includes(to)) throw err('INVOICE_INVALID_STATUS', { message: `${inv.status} cannot move to ${to}` });
}

export const cardRoutes = defineRoutes({
  card_invoice_reimburse_getinvoiceinfo: (ctx) => view(invoiceOf(bag(ctx), ctx.body.card_id, ctx.body.encrypt_code)),
  card_invoice_reimburse_getinvoiceinfobatch: (ctx) => {
    const s = bag(ctx);
    const items = ctx.body.item_list;
    if (!items.length || items.length > 100) throw err('INVALID_PARAMETER', { message: 'item_list must hold 1 to 100 invoices' });
    return { item_list: items.map((i) => view(invoiceOf(s, i.card_id ?? '', i.encrypt_code ?? ''))) };
  },
  card_invoice_reimburse_updateinvoicestatus: (ctx) => {
    const inv = invoiceOf(bag(ctx), ctx.body.card_id, ctx.body.encrypt_code);
    const to = ctx.body.reimburse_status as ReimburseStatus;
    checkMove(inv, to);
    inv.status = to;
    return {};
  },
  card_invoice_reimburse_updatestatusbatch: (ctx) => {
    const s = bag(ctx);
    const to = ctx.body.reimburse_status as ReimburseStatus;
    const list = ctx.body.invoice_list.map((i) => invoiceOf(s, i.card_id ?? '', i.encrypt_code ?? ''));
    // All or nothing: every invoice must be the user's (72037) and allow the move (72024).
    if (list.some((inv) => inv.openid !== ctx.body.openid)) throw err('INVOICE_NOT_OWNED_BY_USER');
    for (const inv of list) checkMove(inv, to);
    for (const inv of list) inv.status = to;
    return {};
  },
});

function seedCard(rng: Rng, nowSec: number, demo: boolean): CardState {
  const s = new CardState();
  if (!demo) return s;
  const openids = [`o${rng.string(27)}`, `o${rng.string(27)}`];
  const payees = ['深圳市某某餐饮有限公司', '北京某某出行科技有限公司', '上海某某酒店管理有限公司'];
  for (let i = 0; i < 5; i++) {
    const fee = rng.range(1_000, 90_000);
    const tax = Math.round(fee * 0.06);
    const billing = nowSec - rng.range(86_400, 60 * 86_400);
    s.add({
      card_id: `p${rng.string(27)}`, encrypt_code: rng.string(32), openid: openids[i % 2]!, begin_time: billing, end_time: billing + 5 * 365 * 86_400,
      type: '增值税电子普通发票', payee: rng.pick(payees), detail: '可在公司企业微信内报销使用',
      user_info: {
        fee, title: '某某科技有限公司', billing_time: billing, billing_no: rng.digits(8), billing_code: rng.digits(12), tax, fee_without_tax: fee - tax,
        pdf_url: `https://invoice.example.invalid/${rng.hex(16)}.pdf`, check_code: rng.digits(20), order_id: rng.digits(10), buyer_number: rng.digits(18), detail: '项目',
        info: [{ name: rng.pick(['餐饮服务', '客运服务', '住宿服务']), num: 1, unit: '次', fee, price: fee }],
      },
      status: 'INVOICE_REIMBURSE_INIT',
    });
  }
  return s;
}

/** 电子发票 — invoices and their reimburse state. */
export const cardDomain: Domain<'card', CardState> = {
  name: 'card',
  areas: ['invoice'],
  state: (seed, corp) => seedCard(new Rng(`${corp.seed}:${seed.corpid}:card`), Math.floor(corp.clock.nowMs() / 1000), corp.scenario !== 'empty'),
  routes: cardRoutes,
  credentials: (corp) => ({ invoices: [...corp.domains.card.invoices.values()].map((i) => ({ card_id: i.card_id, encrypt_code: i.encrypt_code, openid: i.openid })) }),
};

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(CardState);
