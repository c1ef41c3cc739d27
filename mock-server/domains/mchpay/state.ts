/**
 * 企业支付 of one corp: the WeChat Pay merchants that pay on its behalf (api.mch.weixin.qq.com), each with its
 * API key, balance, API certificate once issued, and the red packets and payments it made (by the merchant's
 * order numbers, which make retries idempotent). A typical corp starts with one merchant and a balance.
 */
import type { Rng } from '../../core/runtime/rng.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export interface Redpack {
  mch_billno: string;
  /** The request's business fields (no nonce or signatures): a retry with other ones is another order. */
  fingerprint: string;
  detail_id: string;
  re_openid: string;
  total_amount: number;
  wishing: string;
  remark: string;
  act_name: string;
  sender_name: string;
  sender_header_media_id: string;
  sentAtSec: number;
  status: 'SENT' | 'RECEIVED' | 'REFUND';
  rcvAtSec?: number;
  refundAtSec?: number;
}

export interface Transfer {
  partner_trade_no: string;
  fingerprint: string;
  payment_no: string;
  openid: string;
  transfer_name: string;
  amount: number;
  desc: string;
  device_info: string;
  paidAtSec: number;
}

export interface Merchant {
  mch_id: string;
  /** The API key (API密钥): signs requests and answers. */
  key: string;
  /** The paying app. */
  agentid: number;
  /** Fen left to pay with. */
  balance: number;
  /** SHA-256 fingerprint (as node:crypto prints it) of the API certificate, once issued. */
  certFingerprint?: string;
  certPem?: string;
  keyPem?: string;
  p12Base64?: string;
  caPem?: string;
  readonly redpacks: Map<string, Redpack>;
  readonly transfers: Map<string, Transfer>;
  /** Fen paid to members per China day (start second): in total and per openid. */
  readonly paidPerDay: Map<number, { total: number; perOpenid: Map<string, number> }>;
  /** Call times (ms) of the last minute, for FREQ_LIMIT. */
  recentCalls: number[];
}

export class MchpayState {
  readonly merchants = new Map<string, Merchant>();

  add(m: Omit<Merchant, 'redpacks' | 'transfers' | 'paidPerDay' | 'recentCalls'>): Merchant {
    const full: Merchant = { ...m, redpacks: new Map(), transfers: new Map(), paidPerDay: new Map(), recentCalls: [] };
    this.merchants.set(m.mch_id, full);
    return full;
  }
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A new merchant's made-up number and key. */
export function newMerchantIds(rng: Rng): { mch_id: string; key: string } {
  return { mch_id: rng.digits(10), key: rng.string(32, KEY_ALPHABET) };
}

/** Demo balance: 10,000 yuan. */
export const DEMO_BALANCE = 1_000_000;

export function seedMchpay(rng: Rng, agentid: number | undefined): MchpayState {
  const s = new MchpayState();
  if (agentid === undefined) return s;
  s.add({ ...newMerchantIds(rng), agentid, balance: DEMO_BALANCE });
  return s;
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(MchpayState);
