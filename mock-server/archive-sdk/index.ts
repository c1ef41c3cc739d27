/**
 * A stand-in for WeCom's native message-archive SDK (WeWorkFinanceSdk: doc path/91774; header WeWorkFinanceSdk_C.h, copied in wenerme/go-wecom WeWorkFinanceSDK/libs/) that talks to
 * wecom-mock: the same calls, inputs, outputs and return codes, in TypeScript. It is a client: it only
 * speaks HTTP to the mock (message/getchatdata, message/getchatmediadata) and never imports the server.
 * The symmetric cipher is wecom-mock's documented scheme (see message_getchatdata in the spec).
 */
import { constants, createDecipheriv, createPrivateKey, privateDecrypt } from 'node:crypto';
import { ERRCODES } from '../../spec/generated/errcodes.js';
import { OPERATIONS } from '../../spec/generated/operations.js';

/** The path of an operation of the spec (no URL literal in the SDK either). */
function pathOf(operationId: string): string {
  const op = OPERATIONS.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no operation ${operationId} in the spec`);
  return op.path;
}

/** The native SDK's return codes (doc path/91774; wenerme/go-wecom WeWorkFinanceSDK/error.go). */
export const SdkError = {
  OK: 0,
  /** 参数错误 — bad parameters (e.g. limit > 1000). */
  PARAM: 10000,
  /** 网络错误 — retryable. */
  NETWORK: 10001,
  /** 数据解析失败 — retryable. */
  PARSE: 10002,
  /** 系统失败 — retryable. */
  SYSTEM: 10003,
  /** 密钥错误导致加密失败 */
  ENCRYPT: 10004,
  /** fileid错误 */
  FILEID: 10005,
  /** 解密失败 */
  DECRYPT: 10006,
  /** 找不到消息加密版本的私钥 */
  NO_PRIVATE_KEY: 10007,
  /** 解析encrypt_key出错 */
  ENCRYPT_KEY: 10008,
  /** ip非法 */
  IP: 10009,
  /** 数据过期 */
  EXPIRED: 10010,
  /** 证书错误 */
  CERT: 10011,
} as const;

export interface ChatData {
  seq: number;
  msgid: string;
  publickey_ver: number;
  encrypt_random_key: string;
  encrypt_chat_msg: string;
}

/** A call's outcome: `ret` 0 on success, else a return code of SdkError; `errcode` when the server refused. */
export interface SdkResult {
  ret: number;
  errcode?: number | undefined;
  errmsg?: string | undefined;
}

export interface ArchiveSdkOptions {
  /** The mock's base URL (instead of https://qyapi.weixin.qq.com). */
  baseUrl: string;
  corpid: string;
  /** The archive (会话存档) secret. */
  secret: string;
}

const PULL_LIMIT_MAX = 1000;

/**
 * Removes RSA PKCS#1 v1.5 encryption padding (00 02 PS 00 M, PS ≥ 8 non-zero bytes). Node 20.11+ refuses
 * RSA_PKCS1_PADDING in privateDecrypt (CVE-2023-46809), so the stand-in decrypts raw and unpads itself.
 */
function unpadPkcs1v15(block: Buffer): Buffer {
  if (block[0] !== 0 || block[1] !== 2) throw new Error('bad padding');
  const sep = block.indexOf(0, 2);
  if (sep < 10) throw new Error('bad padding');
  return block.subarray(sep + 1);
}

/** Server errcodes the SDK reports as something else than a parse/system failure. */
function retOfErrcode(errcode: number): number {
  if (errcode === ERRCODES.INVALID_MEDIA_ID) return SdkError.FILEID;
  if (errcode === ERRCODES.INVALID_PARAMETER || errcode === ERRCODES.MSGAUDIT_REQUEST_TOO_LARGE) return SdkError.PARAM;
  if (errcode === ERRCODES.IP_NOT_ALLOWED) return SdkError.IP;
  const credential: number[] = [ERRCODES.INVALID_CREDENTIAL, ERRCODES.INVALID_CORPID, ERRCODES.INVALID_ACCESS_TOKEN, ERRCODES.ACCESS_TOKEN_EXPIRED, ERRCODES.ACCESS_TOKEN_MISSING];
  // A refused credential is the SDK's certificate error (mock choice: the native mapping is unpublished).
  if (credential.includes(errcode)) return SdkError.CERT;
  return SdkError.SYSTEM;
}

export class ArchiveSdk {
  private token: { value: string; expiresAt: number } | undefined;
  private readonly base: string;

  constructor(private readonly options: ArchiveSdkOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  private async accessToken(timeoutMs: number, force = false): Promise<string | SdkResult> {
    if (!force && this.token && this.token.expiresAt > Date.now()) return this.token.value;
    const q = new URLSearchParams({ corpid: this.options.corpid, corpsecret: this.options.secret });
    const r = await this.request(`${pathOf('gettoken')}?${q}`, undefined, timeoutMs);
    if (!('json' in r)) return r;
    const j = r.json;
    if (j['errcode'] !== 0 || typeof j['access_token'] !== 'string') {
      return { ret: SdkError.CERT, errcode: Number(j['errcode']), errmsg: String(j['errmsg']) };
    }
    // Refresh a minute early.
    this.token = { value: j['access_token'], expiresAt: Date.now() + (Number(j['expires_in']) - 60) * 1000 };
    return this.token.value;
  }

  private async request(path: string, body: unknown, timeoutMs: number): Promise<{ json: Record<string, unknown> } | SdkResult> {
    let text: string;
    try {
      const r = await fetch(`${this.base}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(Math.max(1, timeoutMs)),
      });
      text = await r.text();
    } catch (e) {
      return { ret: SdkError.NETWORK, errmsg: e instanceof Error ? e.message : String(e) };
    }
    try {
      const json: unknown = JSON.parse(text);
      if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error('not an object');
      return { json: json as Record<string, unknown> };
    } catch {
      return { ret: SdkError.PARSE, errmsg: 'the answer is not JSON' };
    }
  }

  /** POSTs to an archive endpoint with the cached token; a token refused as expired is renewed once. */
  private async post(path: string, body: Record<string, unknown>, timeoutSec: number): Promise<{ json: Record<string, unknown> } | SdkResult> {
    const timeoutMs = timeoutSec > 0 ? timeoutSec * 1000 : 30_000;
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.accessToken(timeoutMs, attempt > 0);
      if (typeof token !== 'string') return token;
      const r = await this.request(`${path}?access_token=${encodeURIComponent(token)}`, body, timeoutMs);
      if (!('json' in r)) return r;
      const errcode = r.json['errcode'];
      if ((errcode === ERRCODES.ACCESS_TOKEN_EXPIRED || errcode === ERRCODES.INVALID_ACCESS_TOKEN) && attempt === 0) continue;
      if (errcode !== 0) return { ret: retOfErrcode(Number(errcode)), errcode: Number(errcode), errmsg: String(r.json['errmsg']) };
      return r;
    }
    return { ret: SdkError.SYSTEM };
  }

  /** GetChatData: records after `seq`, at most `limit` (≤ 1,000). */
  async getChatData(seq: number, limit: number, timeout = 0, proxy = '', passwd = ''): Promise<SdkResult & { chatdata: ChatData[] }> {
    if (!Number.isSafeInteger(seq) || seq < 0 || !Number.isInteger(limit) || limit < 1 || limit > PULL_LIMIT_MAX || !(timeout >= 0)) {
      return { ret: SdkError.PARAM, errmsg: 'seq must be a non-negative integer and limit 1–1000', chatdata: [] };
    }
    const r = await this.post(pathOf('message_getchatdata'), { seq, limit, proxy, passwd, timeout }, timeout);
    if (!('json' in r)) return { ...r, chatdata: [] };
    const list = r.json['chatdata'];
    if (!Array.isArray(list)) return { ret: SdkError.PARSE, chatdata: [] };
    return { ret: 0, chatdata: list as ChatData[] };
  }

  /**
   * DecryptData for a record: picks the private key of `record.publickey_ver` from `privateKeys`
   * (version → PEM, PKCS#1 or PKCS#8), RSA-decrypts the random key, then decrypts the message.
   */
  decryptData(privateKeys: ReadonlyMap<number, string> | Record<number, string>, record: ChatData): SdkResult & { message?: Record<string, unknown>; text?: string } {
    const pem = privateKeys instanceof Map ? privateKeys.get(record.publickey_ver) : (privateKeys as Record<number, string>)[record.publickey_ver];
    if (pem === undefined) return { ret: SdkError.NO_PRIVATE_KEY, errmsg: `no private key for publickey_ver ${record.publickey_ver}` };
    let encryptKey: string;
    try {
      if (!record.encrypt_random_key) throw new Error('empty');
      const key = createPrivateKey(pem);
      encryptKey = unpadPkcs1v15(privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.from(record.encrypt_random_key, 'base64'))).toString('latin1');
    } catch {
      return { ret: SdkError.ENCRYPT_KEY, errmsg: 'encrypt_random_key does not decrypt with this private key' };
    }
    return this.decryptWithKey(encryptKey, record.encrypt_chat_msg);
  }

  /** The native DecryptData(encrypt_key, encrypt_msg): encrypt_key is the RSA-decrypted random key. */
  decryptWithKey(encryptKey: string, encryptMsg: string): SdkResult & { message?: Record<string, unknown>; text?: string } {
    const key = Buffer.from(encryptKey, 'latin1');
    if (key.length !== 32) return { ret: SdkError.ENCRYPT_KEY, errmsg: 'encrypt_key must be 32 bytes' };
    let text: string;
    try {
      const raw = Buffer.from(encryptMsg, 'base64');
      if (raw.length < 32 || raw.length % 16 !== 0) throw new Error('length');
      const d = createDecipheriv('aes-256-cbc', key, raw.subarray(0, 16));
      text = Buffer.concat([d.update(raw.subarray(16)), d.final()]).toString('utf8');
    } catch {
      return { ret: SdkError.DECRYPT, errmsg: 'encrypt_chat_msg does not decrypt' };
    }
    try {
      // Control characters may appear in decrypted text; strip them before parsing (wenerme/go-wecom WeWorkFinanceSDK/client_linux.go does the same).
      // eslint-disable-next-line no-control-regex
      const message = JSON.parse(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')) as Record<string, unknown>;
      return { ret: 0, message, text };
    } catch {
      return { ret: SdkError.PARSE, errmsg: 'the decrypted message is not JSON', text };
    }
  }

  /** GetMediaData: one chunk (≤ 512 KB) of a file; pass `outindexbuf` back until `is_finish`. */
  async getMediaData(sdkfileid: string, indexbuf = '', timeout = 0, proxy = '', passwd = ''): Promise<SdkResult & { data: Buffer; outindexbuf: string; is_finish: boolean }> {
    const empty = { data: Buffer.alloc(0), outindexbuf: '', is_finish: false };
    if (typeof sdkfileid !== 'string' || sdkfileid === '') return { ret: SdkError.FILEID, ...empty };
    const r = await this.post(pathOf('message_getchatmediadata'), { sdkfileid, indexbuf, proxy, passwd, timeout }, timeout);
    if (!('json' in r)) return { ...r, ...empty };
    const j = r.json;
    if (typeof j['data'] !== 'string') return { ret: SdkError.PARSE, ...empty };
    return { ret: 0, data: Buffer.from(j['data'], 'base64'), outindexbuf: String(j['outindexbuf'] ?? ''), is_finish: j['is_finish'] === 1 };
  }

  /** Downloads a whole file chunk by chunk (a convenience over getMediaData). */
  async downloadMedia(sdkfileid: string, timeout = 0): Promise<SdkResult & { data: Buffer }> {
    const parts: Buffer[] = [];
    let indexbuf = '';
    for (;;) {
      const r = await this.getMediaData(sdkfileid, indexbuf, timeout);
      if (r.ret !== 0) return { ret: r.ret, errcode: r.errcode, errmsg: r.errmsg, data: Buffer.concat(parts) };
      parts.push(r.data);
      if (r.is_finish) return { ret: 0, data: Buffer.concat(parts) };
      indexbuf = r.outindexbuf;
    }
  }
}
