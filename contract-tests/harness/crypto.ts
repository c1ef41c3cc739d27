/**
 * The contract harness's OWN WeCom callback crypto, used by the callback receiver to open what the mock
 * sends and to seal passive replies. Deliberately written apart from mock-server/core/crypto (nothing is
 * imported from it) and along different code paths, so a bug cannot hide by being on both sides:
 *   - CBC is done by hand on top of AES-256-ECB (block-wise XOR chaining), not by Node's CBC mode;
 *   - padding is checked by comparing against a freshly built pad block;
 *   - the length field is read byte by byte; UTF-8 is validated by re-encoding;
 *   - base64 is validated by a decode/re-encode round trip; the signature sort is a hand-written byte sort;
 *   - XML fields are pulled out by anchored patterns instead of a tree parser.
 * Facts used (doc path/90930, 90968, 90241): key = base64(EncodingAESKey + "="), IV = key[0..16),
 * body = random16 ‖ uint32be(len) ‖ msg ‖ receiveId, PKCS#7 with 32-byte blocks, msg_signature = sha1 of the
 * sorted concatenation of token/timestamp/nonce/encrypt.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A failure while opening or checking a callback; `code` uses the official sample's numbers (-40001 …). */
export class HarnessCryptoError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`[${code}] ${message}`);
    this.name = 'HarnessCryptoError';
  }
}

const BAD_SIGNATURE = -40001;
const BAD_XML = -40002;
const BAD_KEY = -40004;
const BAD_RECEIVE_ID = -40005;
const BAD_AES = -40007;
const BAD_BUFFER = -40008;
const BAD_BASE64 = -40010;

const AES_BLOCK = 16;
const WECOM_PAD_BLOCK = 32;
const XML_LIMIT = 1 << 20;
const B64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decode an EncodingAESKey into the 32-byte AES key, validating each character. */
export function harnessKey(encodingAesKey: string): Buffer {
  if (encodingAesKey.length !== 43) throw new HarnessCryptoError(BAD_KEY, 'EncodingAESKey must have 43 characters');
  for (const ch of encodingAesKey) {
    if (!B64_CHARS.includes(ch)) throw new HarnessCryptoError(BAD_KEY, `character "${ch}" is not base64`);
  }
  // Node decodes unpadded base64; 43 chars = 258 bits → 32 whole bytes.
  const key = Buffer.from(encodingAesKey, 'base64');
  if (key.byteLength !== 32) throw new HarnessCryptoError(BAD_KEY, 'EncodingAESKey does not give 32 bytes');
  return key;
}

function xorInto(target: Buffer, mask: Buffer): void {
  for (let i = 0; i < target.length; i += 1) target[i] = (target[i] ?? 0) ^ (mask[i] ?? 0);
}

/** AES-256-CBC encryption built from single-block ECB calls. */
function cbcEncrypt(key: Buffer, plain: Buffer): Buffer {
  const ecb = createCipheriv('aes-256-ecb', key, null);
  ecb.setAutoPadding(false);
  const out = Buffer.alloc(plain.length);
  let chain = Buffer.from(key.subarray(0, AES_BLOCK));
  for (let off = 0; off < plain.length; off += AES_BLOCK) {
    const block = Buffer.from(plain.subarray(off, off + AES_BLOCK));
    xorInto(block, chain);
    chain = ecb.update(block);
    chain.copy(out, off);
  }
  ecb.final();
  return out;
}

/** AES-256-CBC decryption: ECB-decrypt everything, then XOR each block with the previous ciphertext block. */
function cbcDecrypt(key: Buffer, cipherBytes: Buffer): Buffer {
  const ecb = createDecipheriv('aes-256-ecb', key, null);
  ecb.setAutoPadding(false);
  const raw = Buffer.concat([ecb.update(cipherBytes), ecb.final()]);
  const previous = Buffer.concat([key.subarray(0, AES_BLOCK), cipherBytes.subarray(0, cipherBytes.length - AES_BLOCK)]);
  xorInto(raw, previous);
  return raw;
}

function byteAt(buf: Buffer, index: number): number {
  const value = buf[index];
  if (value === undefined) throw new HarnessCryptoError(BAD_BUFFER, `read past the end at ${index}`);
  return value;
}

function strictUtf8(bytes: Buffer, what: string): string {
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) throw new HarnessCryptoError(BAD_BUFFER, `${what} is not valid UTF-8`);
  return text;
}

/** Byte-wise less-than on UTF-8 encodings (what Go's sort.Strings does). */
function bytesBefore(a: Buffer, b: Buffer): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = byteAt(a, i);
    const y = byteAt(b, i);
    if (x !== y) return x < y;
  }
  return a.length < b.length;
}

/** msg_signature computed the harness's way: insertion-sort the UTF-8 pieces, feed them to sha1 one by one. */
export function harnessSignature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  const sorted: Buffer[] = [];
  for (const piece of [token, timestamp, nonce, encrypted]) {
    const b = Buffer.from(piece, 'utf8');
    let at = sorted.length;
    while (at > 0 && bytesBefore(b, sorted[at - 1] as Buffer)) at -= 1;
    sorted.splice(at, 0, b);
  }
  const h = createHash('sha1');
  for (const b of sorted) h.update(b);
  return h.digest('hex');
}

/** Equality whose running time does not depend on where the first difference is. */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** The contents of a callback ciphertext once opened. */
export interface HarnessOpened {
  plaintext: string;
  receiveId: string;
  prefix: Buffer;
}

/** Seal `plaintext` for `receiveId` (optionally with a fixed 16-byte prefix) → base64. */
export function harnessSeal(plaintext: string, receiveId: string, encodingAesKey: string, prefix?: Buffer): string {
  const key = harnessKey(encodingAesKey);
  const head = prefix ?? Buffer.from(randomBytes(12).toString('base64url').slice(0, 16), 'latin1');
  if (head.length !== AES_BLOCK) throw new HarnessCryptoError(-40006, 'prefix must be 16 bytes');
  const msg = Buffer.from(plaintext, 'utf8');
  const n = msg.length;
  const lengthBytes = Buffer.from([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
  const rid = Buffer.from(receiveId, 'utf8');
  const used = head.length + 4 + n + rid.length;
  const padCount = WECOM_PAD_BLOCK - (used % WECOM_PAD_BLOCK); // 1..32, a whole block when aligned
  const padded = Buffer.concat([head, lengthBytes, msg, rid, Buffer.alloc(padCount, padCount)], used + padCount);
  return cbcEncrypt(key, padded).toString('base64');
}

/** Open a base64 callback ciphertext strictly (-40010 base64, -40007 cipher/padding, -40008 structure). */
export function harnessOpen(encrypted: string, encodingAesKey: string): HarnessOpened {
  const key = harnessKey(encodingAesKey);
  const bytes = Buffer.from(encrypted, 'base64');
  if (bytes.length === 0 || bytes.toString('base64') !== encrypted) {
    throw new HarnessCryptoError(BAD_BASE64, 'ciphertext is not canonical base64');
  }
  if (bytes.length % WECOM_PAD_BLOCK !== 0) {
    throw new HarnessCryptoError(BAD_AES, `ciphertext of ${bytes.length} bytes is not whole 32-byte blocks`);
  }
  const plain = cbcDecrypt(key, bytes);
  const padCount = byteAt(plain, plain.length - 1);
  if (padCount === 0 || padCount > WECOM_PAD_BLOCK || !plain.subarray(plain.length - padCount).equals(Buffer.alloc(padCount, padCount))) {
    throw new HarnessCryptoError(BAD_AES, 'bad PKCS#7/32 padding');
  }
  const end = plain.length - padCount;
  if (end < 20) throw new HarnessCryptoError(BAD_BUFFER, 'too short for prefix and length');
  let n = 0;
  for (let i = 16; i < 20; i += 1) n = n * 256 + byteAt(plain, i);
  if (20 + n > end) throw new HarnessCryptoError(BAD_BUFFER, `length ${n} runs past the data`);
  return {
    prefix: Buffer.from(plain.subarray(0, 16)),
    plaintext: strictUtf8(plain.subarray(20, 20 + n), 'message'),
    receiveId: strictUtf8(plain.subarray(20 + n, end), 'receiveId'),
  };
}

function guardXml(xml: string): void {
  if (Buffer.byteLength(xml, 'utf8') > XML_LIMIT) throw new HarnessCryptoError(BAD_XML, 'XML larger than 1 MB');
  const upper = xml.toUpperCase();
  if (upper.includes('<!DOCTYPE') || upper.includes('<!ENTITY')) throw new HarnessCryptoError(BAD_XML, 'DTD not allowed');
  if (!/^\s*(?:<\?xml[^>]*\?>\s*)?<xml>[\s\S]*<\/xml>\s*$/.test(xml)) throw new HarnessCryptoError(BAD_XML, 'not an <xml> document');
}

/** Text of the one `<tag>` in `xml` (CDATA or plain text); throws -40002 if it is missing (when required) or repeated. */
function field(xml: string, tag: string, required: boolean): string | undefined {
  const pattern = new RegExp(`<${tag}>\\s*(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))\\s*</${tag}>`, 'g');
  const hits = [...xml.matchAll(pattern)];
  if (hits.length > 1) throw new HarnessCryptoError(BAD_XML, `<${tag}> repeated`);
  const hit = hits[0];
  if (hit === undefined) {
    if (required) throw new HarnessCryptoError(BAD_XML, `<${tag}> missing`);
    return undefined;
  }
  if (hit[1] !== undefined) return hit[1];
  const text = (hit[2] ?? '').trim();
  if (/&(?!(?:lt|gt|amp|quot|apos);)/.test(text)) throw new HarnessCryptoError(BAD_XML, 'unexpected entity');
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Query of a callback request as the receiver gets it (already URL-decoded). */
export interface CallbackQuery {
  msg_signature: string;
  timestamp: string;
  nonce: string;
  echostr?: string;
}

/** What the receiver learned from an encrypted POST. */
export interface OpenedCallback {
  plaintext: string;
  receiveId: string;
  toUserName: string | undefined;
  agentId: string | undefined;
  encrypt: string;
}

/** A callback receiver's crypto for one app (token, EncodingAESKey, expected receiveId). */
export class ReceiverCrypto {
  constructor(
    readonly token: string,
    readonly encodingAesKey: string,
    readonly receiveId: string,
  ) {
    harnessKey(encodingAesKey);
  }

  /** Check a signature the harness's way (-40001 on mismatch). */
  private checkSignature(timestamp: string, nonce: string, encrypted: string, given: string): void {
    if (!sameText(harnessSignature(this.token, timestamp, nonce, encrypted), given.toLowerCase())) {
      throw new HarnessCryptoError(BAD_SIGNATURE, 'signature mismatch');
    }
  }

  private checkReceiver(opened: HarnessOpened): void {
    if (!sameText(opened.receiveId, this.receiveId)) throw new HarnessCryptoError(BAD_RECEIVE_ID, 'receiveId mismatch');
  }

  /** Answer the GET URL check: verify, decrypt echostr, return the text to send back. */
  answerUrlCheck(query: CallbackQuery): string {
    const echostr = query.echostr ?? '';
    this.checkSignature(query.timestamp, query.nonce, echostr, query.msg_signature);
    const opened = harnessOpen(echostr, this.encodingAesKey);
    this.checkReceiver(opened);
    return opened.plaintext;
  }

  /** Open an encrypted POST body. */
  openPost(query: CallbackQuery, body: string): OpenedCallback {
    guardXml(body);
    const encrypted = (field(body, 'Encrypt', true) ?? '').trim();
    this.checkSignature(query.timestamp, query.nonce, encrypted, query.msg_signature);
    const opened = harnessOpen(encrypted, this.encodingAesKey);
    this.checkReceiver(opened);
    return {
      plaintext: opened.plaintext,
      receiveId: opened.receiveId,
      toUserName: field(body, 'ToUserName', false),
      agentId: field(body, 'AgentID', false),
      encrypt: encrypted,
    };
  }

  /** Seal a passive reply: `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`. */
  sealReply(plaintext: string, timestamp: string, nonce: string, prefix?: Buffer): string {
    const encrypted = harnessSeal(plaintext, this.receiveId, this.encodingAesKey, prefix);
    const sig = harnessSignature(this.token, timestamp, nonce, encrypted);
    return [
      '<xml>',
      `<Encrypt><![CDATA[${encrypted}]]></Encrypt>`,
      `<MsgSignature><![CDATA[${sig}]]></MsgSignature>`,
      `<TimeStamp>${timestamp}</TimeStamp>`,
      `<Nonce><![CDATA[${nonce}]]></Nonce>`,
      '</xml>',
    ].join('');
  }

  /** Open a passive reply (used to check replies the mock would accept look right). */
  openReply(body: string): HarnessOpened {
    guardXml(body);
    const encrypted = (field(body, 'Encrypt', true) ?? '').trim();
    const sig = (field(body, 'MsgSignature', true) ?? '').trim();
    const timestamp = (field(body, 'TimeStamp', true) ?? '').trim();
    const nonce = (field(body, 'Nonce', true) ?? '').trim();
    this.checkSignature(timestamp, nonce, encrypted, sig);
    const opened = harnessOpen(encrypted, this.encodingAesKey);
    this.checkReceiver(opened);
    return opened;
  }
}
