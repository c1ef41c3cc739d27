/**
 * WeChat Pay's v2 wire format as WeCom's enterprise payments use it: a flat `<xml>` of fields, signed with the
 * merchant's API key (MD5 or HMAC-SHA256 over the sorted non-empty fields, `&key=` appended; pay.weixin.qq.com
 * "安全规范", repeated in developer.work.weixin.qq.com/document/path/90281) and, on the two paying calls, WeCom's
 * `workwx_sign` (MD5 over a fixed field subset with `&secret=` the 企业支付 app secret, same page).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { cdata, parseSimpleXml } from '../../core/crypto/index.js';

export type Fields = Record<string, string>;

/** The fields of a flat `<xml>` document, or undefined when it is not one (XML_ERROR). */
export function parsePayXml(raw: Buffer): Fields | undefined {
  let root;
  try {
    root = parseSimpleXml(raw);
  } catch {
    return undefined;
  }
  if (root.name !== 'xml') return undefined;
  const out: Fields = {};
  for (const c of root.children) {
    // A nested element is no field of these APIs: the document is not one of theirs.
    if (c.children.length > 0) return undefined;
    out[c.name] = c.text;
  }
  return out;
}

/** A flat `<xml>` answer; numbers bare, text in CDATA, as WeChat Pay writes them. */
export function renderPayXml(fields: Readonly<Record<string, string | number | undefined>>): string {
  let out = '<xml>';
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    out += typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}>${cdata(v)}</${k}>`;
  }
  return `${out}</xml>`;
}

/** `a=1&b=2` of the non-empty fields but `sign`, sorted by name (ASCII). */
function signString(fields: Readonly<Record<string, string | number | undefined>>): string {
  return Object.keys(fields)
    .filter((k) => k !== 'sign' && fields[k] !== undefined && String(fields[k]) !== '')
    .sort()
    .map((k) => `${k}=${String(fields[k])}`)
    .join('&');
}

export type SignType = 'MD5' | 'HMAC-SHA256';

/** The merchant-key `sign` of a request or answer. */
export function paySign(fields: Readonly<Record<string, string | number | undefined>>, key: string, type: SignType): string {
  const text = `${signString(fields)}&key=${key}`;
  const hex = type === 'HMAC-SHA256' ? createHmac('sha256', key).update(text, 'utf8').digest('hex') : createHash('md5').update(text, 'utf8').digest('hex');
  return hex.toUpperCase();
}

/** The fields `workwx_sign` covers, per API (document path/90281). */
export const WORKWX_SIGN_FIELDS = {
  redpack: ['act_name', 'mch_billno', 'mch_id', 'nonce_str', 're_openid', 'total_amount', 'wxappid'],
  transfer: ['amount', 'appid', 'desc', 'mch_id', 'nonce_str', 'openid', 'partner_trade_no', 'ww_msg_type'],
} as const;

/** WeCom's `workwx_sign`: MD5 of the fixed fields (sorted, empty ones left out) and `&secret=` the 企业支付 secret. */
export function workwxSign(fields: Readonly<Record<string, string>>, which: keyof typeof WORKWX_SIGN_FIELDS, secret: string): string {
  const picked: Record<string, string> = {};
  for (const k of WORKWX_SIGN_FIELDS[which]) if (fields[k] !== undefined) picked[k] = fields[k];
  return createHash('md5').update(`${signString(picked)}&secret=${secret}`, 'utf8').digest('hex').toUpperCase();
}

/** Compares two signatures without leaking where they differ (case-insensitive hex). */
export function sameSign(a: string, b: string): boolean {
  const x = Buffer.from(a.toUpperCase());
  const y = Buffer.from(b.toUpperCase());
  return x.length === y.length && timingSafeEqual(x, y);
}
