/**
 * The harness's own WeChat Pay v2 client for the pay host's operations (tag mchpay): builds the `<xml>` body,
 * signs it with the merchant key (MD5 or HMAC-SHA256, pay.weixin.qq.com "安全规范") and WeCom's `workwx_sign`
 * (developer.work.weixin.qq.com/document/path/90281) — written from those documents, sharing no code with the
 * mock — and reads the flat XML answer. Calls go to the plain listener, or through a CONNECT proxy to
 * api.mch.weixin.qq.com over TLS with a client certificate (mutual TLS).
 */
import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect as tlsConnect } from 'node:tls';
import { operation, type OperationId } from './client.js';

export type PayFields = Record<string, string | number>;

function md5Upper(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
}

/** Name-sorted `k=v` pairs of the non-empty fields, `sign` left out. */
function pairs(fields: Readonly<PayFields>): string {
  return Object.entries(fields)
    .filter(([k, v]) => k !== 'sign' && String(v) !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** The merchant-key signature of a request or an answer. */
export function signWithKey(fields: Readonly<PayFields>, key: string, type: 'MD5' | 'HMAC-SHA256' = 'MD5'): string {
  const text = `${pairs(fields)}&key=${key}`;
  return type === 'MD5' ? md5Upper(text) : createHmac('sha256', key).update(text, 'utf8').digest('hex').toUpperCase();
}

const WORKWX_FIELDS = {
  redpack: ['act_name', 'mch_billno', 'mch_id', 'nonce_str', 're_openid', 'total_amount', 'wxappid'],
  transfer: ['amount', 'appid', 'desc', 'mch_id', 'nonce_str', 'openid', 'partner_trade_no', 'ww_msg_type'],
};

/** WeCom's workwx_sign: the fixed fields of the API, then `&secret=` the 企业支付 app secret, MD5 upper-case. */
export function workwxSignOf(fields: Readonly<PayFields>, which: keyof typeof WORKWX_FIELDS, secret: string): string {
  const picked: PayFields = {};
  for (const k of WORKWX_FIELDS[which]) if (fields[k] !== undefined) picked[k] = fields[k]!;
  return md5Upper(`${pairs(picked)}&secret=${secret}`);
}

export function toXml(fields: Readonly<PayFields>): string {
  return `<xml>${Object.entries(fields)
    .map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
    .join('')}</xml>`;
}

/** The fields of a flat `<xml>` answer. */
export function fromXml(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const inner = /^\s*<xml>([\s\S]*)<\/xml>\s*$/.exec(text)?.[1];
  if (inner === undefined) throw new Error(`not a WeChat Pay answer: ${text.slice(0, 200)}`);
  for (const m of inner.matchAll(/<([A-Za-z_][\w]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g)) out[m[1]!] = m[2] ?? m[3] ?? '';
  return out;
}

let nonceCounter = 0;
export function nonce(): string {
  nonceCounter += 1;
  return `n${Date.now().toString(36)}${nonceCounter.toString(36)}`.slice(0, 32);
}

/** Signs the request fields (sign_type as given, MD5 by default) and adds `sign`. */
export function signed(fields: Readonly<PayFields>, key: string): PayFields {
  const type = fields['sign_type'] === 'HMAC-SHA256' ? 'HMAC-SHA256' : 'MD5';
  return { ...fields, sign: signWithKey(fields, key, type) };
}

/** How to reach the pay host: the plain listener, or TLS through a CONNECT proxy with a client certificate. */
export type PayRoute = { baseUrl: string } | { proxyUrl: string; ca: string; cert?: string; key?: string };

export const PAY_HOST = 'api.mch.weixin.qq.com';

/** POSTs the XML of `fields` to the operation's path and answers the status and the parsed answer. */
export async function payCall(route: PayRoute, id: OperationId, body: string): Promise<{ status: number; contentType: string; fields: Record<string, string> }> {
  const path = operation(id).path;
  if ('baseUrl' in route) {
    const r = await fetch(`${route.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body });
    const text = await r.text();
    return { status: r.status, contentType: r.headers.get('content-type') ?? '', fields: fromXml(text) };
  }
  const proxy = new URL(route.proxyUrl);
  const tunnel = await new Promise<import('node:net').Socket>((resolve, reject) => {
    const req = httpRequest({ hostname: proxy.hostname, port: proxy.port, method: 'CONNECT', path: `${PAY_HOST}:443` });
    req.once('connect', (res, socket) => (res.statusCode === 200 ? resolve(socket) : reject(new Error(`CONNECT answered ${res.statusCode}`))));
    req.once('error', reject);
    req.end();
  });
  const tls = tlsConnect({ socket: tunnel, servername: PAY_HOST, ca: route.ca, ...(route.cert && { cert: route.cert, key: route.key }) });
  await new Promise<void>((resolve, reject) => {
    tls.once('secureConnect', () => resolve());
    tls.once('error', reject);
  });
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    tls.on('data', (c: Buffer) => chunks.push(c));
    tls.once('end', () => resolve(Buffer.concat(chunks)));
    tls.once('error', reject);
    tls.write(
      `POST ${path} HTTP/1.1\r\nHost: ${PAY_HOST}\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, split).toString('latin1');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
  const contentType = /\r\ncontent-type: *([^\r\n]*)/i.exec(head)?.[1] ?? '';
  let payload = raw.subarray(split + 4);
  // A chunked answer: join the chunks (sizes count bytes).
  if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const eol = payload.indexOf('\r\n', at);
      const size = parseInt(payload.subarray(at, eol).toString('latin1'), 16);
      if (!size) break;
      parts.push(payload.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    payload = Buffer.concat(parts);
  }
  return { status, contentType, fields: fromXml(payload.toString('utf8')) };
}
