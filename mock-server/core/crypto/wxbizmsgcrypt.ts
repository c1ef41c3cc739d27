/**
 * WXBizMsgCrypt: the callback encryption WeCom uses for URL verification, POSTed events/messages and
 * encrypted passive replies. Pure functions over node:crypto, no state, no clock: callers pass the
 * timestamp and nonce (from ctx.clock / ctx.rng). Facts: doc path/90968 (crypto) and 90930 (URL check, POST); the known-answer
 * vectors in fixtures/vectors/callback-crypto.json come from the official sample sbzhu/weworkapi_golang.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Error codes of the official WXBizMsgCrypt sample (library codes, never server errcodes); sbzhu/weworkapi_golang wxbizmsgcrypt/wxbizmsgcrypt.go. */
export const WeComCryptoErrorCode = {
  ValidateSignatureError: -40001,
  ParseXmlError: -40002,
  ComputeSignatureError: -40003,
  IllegalAesKey: -40004,
  ValidateCorpidError: -40005,
  EncryptAESError: -40006,
  DecryptAESError: -40007,
  IllegalBuffer: -40008,
  EncodeBase64Error: -40009,
  DecodeBase64Error: -40010,
  // The Go sample declares GenXmlError as -40010 by mistake; the other official samples use -40011.
  GenXmlError: -40011,
  ParseJsonError: -40012,
  GenJsonError: -40013,
  IllegalProtocolType: -40014,
} as const;

/** Name of a WXBizMsgCrypt error code, e.g. 'IllegalAesKey'. */
export type WeComCryptoErrorName = keyof typeof WeComCryptoErrorCode;

/** Thrown by every function here; `code` is the official sample's numeric code (e.g. -40004). */
export class WeComCryptoError extends Error {
  readonly code: number;
  readonly codeName: WeComCryptoErrorName;

  constructor(codeName: WeComCryptoErrorName, detail: string) {
    super(`${codeName} (${WeComCryptoErrorCode[codeName]}): ${detail}`);
    this.name = 'WeComCryptoError';
    this.codeName = codeName;
    this.code = WeComCryptoErrorCode[codeName];
  }
}

/** PKCS#7 block size used by WXBizMsgCrypt: 32, not AES's 16 (sbzhu/weworkapi_golang `block_size = 32`). */
export const PKCS7_BLOCK_SIZE = 32;

/** Largest XML document the envelope/reply parsers accept, in UTF-8 bytes. */
export const MAX_XML_BYTES = 1024 * 1024;

const ENCODING_AES_KEY_RE = /^[A-Za-z0-9+/]{43}$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const RANDOM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** 43-char EncodingAESKey → 32-byte AES key (base64 of key + "="); throws -40004 IllegalAesKey. */
export function aesKeyFromEncodingAesKey(encodingAesKey: string): Buffer {
  if (typeof encodingAesKey !== 'string' || !ENCODING_AES_KEY_RE.test(encodingAesKey)) {
    throw new WeComCryptoError('IllegalAesKey', 'EncodingAESKey must be 43 characters of [A-Za-z0-9+/]');
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) {
    throw new WeComCryptoError('IllegalAesKey', `EncodingAESKey decodes to ${key.length} bytes, expected 32`);
  }
  return key;
}

/** 16 random ASCII alphanumerics, as real WeCom and the official samples put in front of the message. */
export function randomPrefix16(): Buffer {
  // Both published ciphertexts carry ASCII text here ("c41b64491c2468d0", "0960688932c47ef1"), and the
  // official samples draw from [0-9a-zA-Z]; receivers that stringify the whole plaintext rely on it.
  const out = Buffer.alloc(16);
  let filled = 0;
  while (filled < 16) {
    for (const byte of randomBytes(32)) {
      // Rejection sampling keeps the 62-letter alphabet unbiased (248 = 4 * 62).
      if (byte >= 248) continue;
      out[filled] = RANDOM_ALPHABET.charCodeAt(byte % 62);
      filled += 1;
      if (filled === 16) break;
    }
  }
  return out;
}

/** Encrypt `message` for `receiveId`: base64(AES-256-CBC(random16 ‖ uint32be(len) ‖ msg ‖ receiveId ‖ pkcs7/32)). */
export function encrypt(message: string, receiveId: string, encodingAesKey: string, random16?: Buffer): string {
  const key = aesKeyFromEncodingAesKey(encodingAesKey);
  const prefix = random16 ?? randomPrefix16();
  if (prefix.length !== 16) {
    throw new WeComCryptoError('EncryptAESError', `random prefix must be 16 bytes, got ${prefix.length}`);
  }
  const msg = Buffer.from(message, 'utf8');
  const lengthField = Buffer.alloc(4);
  lengthField.writeUInt32BE(msg.length, 0);
  const body = Buffer.concat([prefix, lengthField, msg, Buffer.from(receiveId, 'utf8')]);
  // PKCS#7 over 32-byte blocks: always 1..32 pad bytes, a full 32-byte block when already aligned.
  const padLength = PKCS7_BLOCK_SIZE - (body.length % PKCS7_BLOCK_SIZE);
  const plain = Buffer.concat([body, Buffer.alloc(padLength, padLength)]);
  try {
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  } catch (e) {
    throw new WeComCryptoError('EncryptAESError', (e as Error).message);
  }
}

/** Decrypt a base64 ciphertext, strictly: bad base64 -40010, bad cipher/padding -40007, bad length field -40008. */
export function decrypt(encrypted: string, encodingAesKey: string): { message: string; receiveId: string; random: Buffer } {
  const key = aesKeyFromEncodingAesKey(encodingAesKey);
  if (typeof encrypted !== 'string' || encrypted.length === 0 || !BASE64_RE.test(encrypted)) {
    throw new WeComCryptoError('DecodeBase64Error', 'ciphertext is not canonical base64');
  }
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) {
    throw new WeComCryptoError('DecryptAESError', `ciphertext length ${data.length} is not a positive multiple of 16`);
  }
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch (e) {
    throw new WeComCryptoError('DecryptAESError', (e as Error).message);
  }
  const content = stripPkcs7(plain);
  // random(16) + length(4) is the smallest well-formed body.
  if (content.length < 20) {
    throw new WeComCryptoError('IllegalBuffer', `decrypted body is ${content.length} bytes, shorter than 20`);
  }
  const msgLength = content.readUInt32BE(16);
  if (msgLength > content.length - 20) {
    throw new WeComCryptoError('IllegalBuffer', `length field ${msgLength} exceeds the ${content.length - 20} bytes available`);
  }
  const message = utf8OrThrow(content.subarray(20, 20 + msgLength), 'message');
  const receiveId = utf8OrThrow(content.subarray(20 + msgLength), 'receiveId');
  return { message, receiveId, random: Buffer.from(content.subarray(0, 16)) };
}

function stripPkcs7(plain: Buffer): Buffer {
  if (plain.length === 0 || plain.length % PKCS7_BLOCK_SIZE !== 0) {
    throw new WeComCryptoError('DecryptAESError', `plaintext length ${plain.length} is not a multiple of ${PKCS7_BLOCK_SIZE}`);
  }
  const padLength = plain.readUInt8(plain.length - 1);
  if (padLength < 1 || padLength > PKCS7_BLOCK_SIZE) {
    throw new WeComCryptoError('DecryptAESError', `invalid padding length ${padLength}`);
  }
  for (let i = plain.length - padLength; i < plain.length; i += 1) {
    if (plain.readUInt8(i) !== padLength) {
      throw new WeComCryptoError('DecryptAESError', 'invalid padding bytes');
    }
  }
  return plain.subarray(0, plain.length - padLength);
}

function utf8OrThrow(bytes: Buffer, what: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new WeComCryptoError('IllegalBuffer', `${what} is not valid UTF-8`);
  }
}

/** msg_signature: lower-case hex sha1 of token, timestamp, nonce and encrypt sorted bytewise and concatenated. */
export function signature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  // The official samples sort with a plain byte-wise string sort (Go sort.Strings); compare UTF-8 bytes so
  // non-ASCII input sorts the same way (JS's default sort compares UTF-16 units).
  const parts = [token, timestamp, nonce, encrypt].map((s) => Buffer.from(String(s), 'utf8'));
  parts.sort(Buffer.compare);
  return createHash('sha1').update(Buffer.concat(parts)).digest('hex');
}

/** Constant-time string equality (crypto.timingSafeEqual on equal-length buffers; unequal lengths → false). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) {
    // Still spend a comparison so length mismatch costs about the same as content mismatch.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

function assertSignature(token: string, timestamp: string, nonce: string, encrypted: string, msgSignature: string): void {
  const expected = signature(token, timestamp, nonce, encrypted);
  // Signatures are hex; accept upper-case hex from lenient senders by normalising case before comparing.
  if (typeof msgSignature !== 'string' || !constantTimeEqual(expected, msgSignature.toLowerCase())) {
    throw new WeComCryptoError('ValidateSignatureError', 'msg_signature does not match');
  }
}

function assertReceiveId(expected: string | undefined, actual: string): void {
  if (expected !== undefined && !constantTimeEqual(expected, actual)) {
    throw new WeComCryptoError('ValidateCorpidError', 'receiveId in the ciphertext does not match');
  }
}

/** What a receiver opens a ciphertext with: the common input of verifyUrl, decryptEnvelope and parseEncryptedReply. */
export interface OpenParams {
  token: string;
  encodingAesKey: string;
  /** When given, the decrypted receiveId must equal it (corpid, suite_id, or '' for individual apps). */
  receiveId?: string;
}

/** The signature, timestamp and nonce that come with a ciphertext (URL-decoded query values, doc path/90930). */
export interface SignedQueryParams extends OpenParams {
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

/** Checks the signature over the ciphertext (-40001), decrypts it, checks the receiveId (-40005). */
function open(params: OpenParams, signed: { msgSignature: string; timestamp: string; nonce: string }, encrypted: string): ReturnType<typeof decrypt> {
  assertSignature(params.token, signed.timestamp, signed.nonce, encrypted, signed.msgSignature);
  const opened = decrypt(encrypted, params.encodingAesKey);
  assertReceiveId(params.receiveId, opened.receiveId);
  return opened;
}

/** Parameters of the GET URL-verification request (already URL-decoded), doc path/90930. */
export interface VerifyUrlParams extends SignedQueryParams {
  echostr: string;
}

/** Check the GET verification signature and return the plaintext echostr to answer with (-40001, -40005). */
export function verifyUrl(params: VerifyUrlParams): string {
  return open(params, params, params.echostr).message;
}

// ---------------------------------------------------------------------------------------------------
// Minimal, safe XML for the envelopes. Only what the envelopes need: one root, child elements holding
// text and/or CDATA. No DTDs, no entities beyond the five predefined and numeric references.

/** An element read by {@link parseSimpleXml}: its text (CDATA and text concatenated) and child elements. */
export interface SimpleXmlElement {
  name: string;
  text: string;
  children: SimpleXmlElement[];
}

const MAX_XML_DEPTH = 32;
const NAME_RE = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function xmlError(detail: string): WeComCryptoError {
  return new WeComCryptoError('ParseXmlError', detail);
}

/** Parse a small XML document safely: refuses DOCTYPE/ENTITY and inputs over 1 MB (-40002 ParseXmlError). */
export function parseSimpleXml(input: string | Uint8Array): SimpleXmlElement {
  const byteLength = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (byteLength > MAX_XML_BYTES) {
    throw xmlError(`XML is ${byteLength} bytes, over the ${MAX_XML_BYTES}-byte limit`);
  }
  const xml = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  // No DTD processing at all: this is what rules out XXE and entity-expansion ("billion laughs") bombs.
  if (/<!\s*(?:DOCTYPE|ENTITY)/i.test(xml)) {
    throw xmlError('DOCTYPE/ENTITY declarations are not allowed');
  }
  const parser = new SimpleXmlParser(xml);
  return parser.document();
}

class SimpleXmlParser {
  private pos = 0;

  constructor(private readonly src: string) {}

  document(): SimpleXmlElement {
    if (this.src.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skipMisc();
    if (!this.src.startsWith('<', this.pos)) throw xmlError('expected a root element');
    const root = this.element(1);
    this.skipMisc();
    if (this.pos !== this.src.length) throw xmlError('unexpected content after the root element');
    return root;
  }

  /** Skip whitespace, comments and processing instructions (incl. the XML declaration) outside the root. */
  private skipMisc(): void {
    for (;;) {
      this.skipWhitespace();
      if (this.src.startsWith('<?', this.pos)) {
        this.pos = this.indexOrThrow('?>', this.pos + 2) + 2;
      } else if (this.src.startsWith('<!--', this.pos)) {
        this.pos = this.indexOrThrow('-->', this.pos + 4) + 3;
      } else {
        return;
      }
    }
  }

  private skipWhitespace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src.charAt(this.pos))) this.pos += 1;
  }

  private indexOrThrow(needle: string, from: number): number {
    const at = this.src.indexOf(needle, from);
    if (at < 0) throw xmlError(`unterminated construct, missing "${needle}"`);
    return at;
  }

  private name(): string {
    NAME_RE.lastIndex = this.pos;
    const m = NAME_RE.exec(this.src);
    if (!m) throw xmlError(`expected a name at offset ${this.pos}`);
    this.pos += m[0].length;
    return m[0];
  }

  private element(depth: number): SimpleXmlElement {
    if (depth > MAX_XML_DEPTH) throw xmlError('XML nested too deeply');
    this.pos += 1; // '<'
    const name = this.name();
    // Attributes are tolerated and ignored (WeCom envelopes have none); quoted values may hold '>'.
    for (;;) {
      const ch = this.src.charAt(this.pos);
      if (ch === '') throw xmlError(`unterminated start tag <${name}>`);
      if (ch === '"' || ch === "'") {
        this.pos = this.indexOrThrow(ch, this.pos + 1) + 1;
      } else if (ch === '<') {
        throw xmlError(`malformed start tag <${name}>`);
      } else if (this.src.startsWith('/>', this.pos)) {
        this.pos += 2;
        return { name, text: '', children: [] };
      } else if (ch === '>') {
        this.pos += 1;
        break;
      } else {
        this.pos += 1;
      }
    }
    let text = '';
    const children: SimpleXmlElement[] = [];
    for (;;) {
      if (this.pos >= this.src.length) throw xmlError(`element <${name}> is not closed`);
      if (this.src.startsWith('<![CDATA[', this.pos)) {
        const end = this.indexOrThrow(']]>', this.pos + 9);
        text += this.src.slice(this.pos + 9, end);
        this.pos = end + 3;
      } else if (this.src.startsWith('<!--', this.pos)) {
        this.pos = this.indexOrThrow('-->', this.pos + 4) + 3;
      } else if (this.src.startsWith('<?', this.pos)) {
        this.pos = this.indexOrThrow('?>', this.pos + 2) + 2;
      } else if (this.src.startsWith('</', this.pos)) {
        this.pos += 2;
        const closing = this.name();
        if (closing !== name) throw xmlError(`</${closing}> closes <${name}>`);
        this.skipWhitespace();
        if (this.src.charAt(this.pos) !== '>') throw xmlError(`malformed end tag </${closing}>`);
        this.pos += 1;
        return { name, text, children };
      } else if (this.src.startsWith('<!', this.pos)) {
        throw xmlError('markup declarations are not allowed');
      } else if (this.src.charAt(this.pos) === '<') {
        children.push(this.element(depth + 1));
      } else {
        const next = this.src.indexOf('<', this.pos);
        const end = next < 0 ? this.src.length : next;
        text += decodeEntities(this.src.slice(this.pos, end));
        this.pos = end;
      }
    }
  }
}

function decodeEntities(raw: string): string {
  return raw.replace(/&([^;&\s]{0,32});?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw xmlError(`bare "&" in text near "${whole}"`);
    const named = PREDEFINED_ENTITIES[body];
    if (named !== undefined) return named;
    const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(body);
    if (numeric) {
      const codePoint = numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number(numeric[2]);
      if (codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff) && codePoint !== 0) {
        return String.fromCodePoint(codePoint);
      }
    }
    throw xmlError(`unknown entity reference "${whole}"`);
  });
}

/** Wrap text in CDATA, splitting any "]]>" so the value survives a round trip. */
export function cdata(value: string): string {
  return `<![CDATA[${value.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

function requireRoot(doc: SimpleXmlElement): SimpleXmlElement {
  if (doc.name !== 'xml') throw xmlError(`root element is <${doc.name}>, expected <xml>`);
  return doc;
}

/** The text of the single direct child `name`; throws -40002 when missing (if required) or repeated. */
function childText(root: SimpleXmlElement, name: string, required: true): string;
function childText(root: SimpleXmlElement, name: string, required: false): string | undefined;
function childText(root: SimpleXmlElement, name: string, required: boolean): string | undefined {
  const found = root.children.filter((c) => c.name === name);
  // A repeated element would let a sender sign one value and smuggle another: refuse it.
  if (found.length > 1) throw xmlError(`<${name}> appears ${found.length} times`);
  const only = found[0];
  if (only === undefined) {
    if (required) throw xmlError(`<${name}> is missing`);
    return undefined;
  }
  return only.text;
}

/** Query parameters that accompany an encrypted POST (doc path/90930). */
export interface EnvelopeQuery {
  msg_signature: string;
  timestamp: string;
  nonce: string;
}

/** What is sealed into a ciphertext and signed: the common input of {@link encryptEnvelope} and {@link buildEncryptedReply}. */
export interface SealParams {
  token: string;
  encodingAesKey: string;
  /** corpid (self-built app / data callbacks) or suite_id (third-party instruction callbacks); doc path/90968. */
  receiveId: string;
  /** The plaintext XML: the event or message of a callback, or the passive reply. */
  message: string;
  timestamp: string | number;
  nonce: string;
  random16?: Buffer;
}

/** Encrypts the message and signs the ciphertext with the timestamp and nonce (doc path/90968). */
function seal(params: SealParams): { timestamp: string; encrypted: string; msgSignature: string } {
  const timestamp = String(params.timestamp);
  const encrypted = encrypt(params.message, params.receiveId, params.encodingAesKey, params.random16);
  return { timestamp, encrypted, msgSignature: signature(params.token, timestamp, params.nonce, encrypted) };
}

/** Input of {@link encryptEnvelope}. */
export interface EncryptEnvelopeParams extends SealParams {
  /** ToUserName; defaults to receiveId. */
  toUserName?: string;
  /** AgentID; undefined or '' gives an empty element (contact/suite callbacks), null omits it. */
  agentId?: string | number | null;
}

/** Result of {@link encryptEnvelope}: the POST body, its query, and the bare ciphertext. */
export interface EncryptedEnvelope {
  body: string;
  query: EnvelopeQuery;
  encrypt: string;
}

/** Build the encrypted callback POST (doc path/90930): `<xml><ToUserName/><Encrypt/><AgentID/></xml>` + signed query. */
export function encryptEnvelope(params: EncryptEnvelopeParams): EncryptedEnvelope {
  const { timestamp, encrypted, msgSignature } = seal(params);
  const toUserName = params.toUserName ?? params.receiveId;
  const agent = params.agentId === null ? '' : `<AgentID>${cdata(params.agentId === undefined ? '' : String(params.agentId))}</AgentID>`;
  const body = `<xml><ToUserName>${cdata(toUserName)}</ToUserName><Encrypt>${cdata(encrypted)}</Encrypt>${agent}</xml>`;
  return { body, query: { msg_signature: msgSignature, timestamp, nonce: params.nonce }, encrypt: encrypted };
}

/** Input of {@link decryptEnvelope}: the POST body and its (URL-decoded) query values. */
export interface DecryptEnvelopeParams extends SignedQueryParams {
  body: string | Uint8Array;
}

/** What {@link decryptEnvelope} found. */
export interface OpenedEnvelope {
  message: string;
  receiveId: string;
  random: Buffer;
  encrypt: string;
  toUserName: string | undefined;
  agentId: string | undefined;
}

/** Verify and open an encrypted callback POST: parse Encrypt, check signature (-40001), decrypt, check receiveId (-40005). */
export function decryptEnvelope(params: DecryptEnvelopeParams): OpenedEnvelope {
  const root = requireRoot(parseSimpleXml(params.body));
  const encrypted = childText(root, 'Encrypt', true).trim();
  const opened = open(params, params, encrypted);
  return {
    ...opened,
    encrypt: encrypted,
    toUserName: childText(root, 'ToUserName', false),
    agentId: childText(root, 'AgentID', false),
  };
}

/** Input of {@link buildEncryptedReply}: the plaintext reply XML as `message`. */
export type BuildEncryptedReplyParams = SealParams;

/** Build the encrypted passive reply (doc path/90241, 90968): `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`. */
export function buildEncryptedReply(params: BuildEncryptedReplyParams): string {
  const { timestamp, encrypted, msgSignature } = seal(params);
  return (
    `<xml><Encrypt>${cdata(encrypted)}</Encrypt><MsgSignature>${cdata(msgSignature)}</MsgSignature>` +
    `<TimeStamp>${timestamp}</TimeStamp><Nonce>${cdata(params.nonce)}</Nonce></xml>`
  );
}

/** Input of {@link parseEncryptedReply}. */
export interface ParseEncryptedReplyParams extends OpenParams {
  body: string | Uint8Array;
}

/** What {@link parseEncryptedReply} found. */
export interface OpenedReply {
  message: string;
  receiveId: string;
  random: Buffer;
  encrypt: string;
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

/** Verify and open an encrypted passive reply: signature over its own Encrypt/TimeStamp/Nonce (-40001), receiveId (-40005). */
export function parseEncryptedReply(params: ParseEncryptedReplyParams): OpenedReply {
  const root = requireRoot(parseSimpleXml(params.body));
  const encrypted = childText(root, 'Encrypt', true).trim();
  const msgSignature = childText(root, 'MsgSignature', true).trim();
  const timestamp = childText(root, 'TimeStamp', true).trim();
  const nonce = childText(root, 'Nonce', true).trim();
  const opened = open(params, { msgSignature, timestamp, nonce }, encrypted);
  return { ...opened, encrypt: encrypted, msgSignature, timestamp, nonce };
}
