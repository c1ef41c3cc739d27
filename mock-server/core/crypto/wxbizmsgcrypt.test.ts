import { createCipheriv, createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  PKCS7_BLOCK_SIZE,
  WeComCryptoError,
  WeComCryptoErrorCode,
  aesKeyFromEncodingAesKey,
  buildEncryptedReply,
  constantTimeEqual,
  decrypt,
  decryptEnvelope,
  encrypt,
  encryptEnvelope,
  parseEncryptedReply,
  parseSimpleXml,
  randomPrefix16,
  signature,
  verifyUrl,
} from './wxbizmsgcrypt.js';

interface CallbackVectors {
  token: string;
  encodingAesKey: string;
  receiveId: string;
  urlVerification: {
    published: { msgSignature: string; timestamp: string; nonce: string; echostr: string; requestLine: string };
    derived: { plaintext: string; randomAscii: string; msgLen: number; receiveId: string; paddedLength: number; padByte: number };
  };
  postMessage: {
    published: { msgSignature: string; timestamp: string; nonce: string; toUserName: string; agentId: string; encrypt: string; body: string };
    derived: {
      plaintext: string;
      randomAscii: string;
      msgLen: number;
      receiveId: string;
      paddedLength: number;
      padByte: number;
      fields: Record<string, string>;
    };
  };
}

const V = JSON.parse(
  readFileSync(new URL('../../../fixtures/vectors/callback-crypto.json', import.meta.url), 'utf8'),
) as CallbackVectors;
const GET = V.urlVerification;
const POST = V.postMessage;
const KEY = V.encodingAesKey;
const OTHER_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
/** verifyUrl's input for the published GET vector. */
const PUBLISHED_GET = {
  token: V.token,
  encodingAesKey: KEY,
  receiveId: V.receiveId,
  msgSignature: GET.published.msgSignature,
  timestamp: GET.published.timestamp,
  nonce: GET.published.nonce,
  echostr: GET.published.echostr,
};
/** decryptEnvelope's input for the published POST vector, as a receiver reads it off the wire. */
const PUBLISHED_POST = {
  token: V.token,
  encodingAesKey: KEY,
  receiveId: V.receiveId,
  msgSignature: POST.published.msgSignature,
  timestamp: POST.published.timestamp,
  nonce: POST.published.nonce,
  body: POST.published.body,
};

/** Expect `fn` to throw a WeComCryptoError with the given official code. */
function expectCode(fn: () => unknown, code: number): void {
  expect(fn).toThrow(WeComCryptoError);
  expect(fn).toThrow(expect.objectContaining({ code }));
}

/** Raw AES-256-CBC decrypt without any unpadding (test helper, independent of decrypt()). */
function rawDecrypt(b64: string, encodingAesKey = KEY): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  d.setAutoPadding(false);
  return Buffer.concat([d.update(Buffer.from(b64, 'base64')), d.final()]);
}

/** Raw AES-256-CBC encrypt of an already padded plaintext (to craft malformed payloads). */
function rawEncrypt(plain: Buffer, encodingAesKey = KEY): string {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}

/** A PKCS#7 unpadder for 16-byte blocks, i.e. the common mistake (what plain AES tooling does). */
function unpad16(buf: Buffer): Buffer {
  const pad = buf.readUInt8(buf.length - 1);
  if (pad < 1 || pad > 16) throw new Error('Invalid padding bytes');
  for (let i = buf.length - pad; i < buf.length; i += 1) {
    if (buf.readUInt8(i) !== pad) throw new Error('Invalid padding bytes');
  }
  return buf.subarray(0, buf.length - pad);
}

function flipByte(b64: string, index: number): string {
  const buf = Buffer.from(b64, 'base64');
  const at = index < 0 ? buf.length + index : index;
  buf.writeUInt8(buf.readUInt8(at) ^ 0x01, at);
  return buf.toString('base64');
}

const R16 = Buffer.from('0123456789abcdef', 'latin1');

describe('aesKeyFromEncodingAesKey', () => {
  it('turns the published 43-char key into 32 bytes', () => {
    const key = aesKeyFromEncodingAesKey(KEY);
    expect(key.length).toBe(32);
    expect(key.equals(Buffer.from(`${KEY}=`, 'base64'))).toBe(true);
  });

  it.each([
    ['42 chars', KEY.slice(0, 42)],
    ['44 chars', `${KEY}A`],
    ['padded with =', `${KEY.slice(0, 42)}=`],
    ['url-safe alphabet', `${KEY.slice(0, 41)}-_`],
    ['non-base64 character', `${KEY.slice(0, 42)}!`],
    ['empty', ''],
  ])('rejects %s with -40004 IllegalAesKey', (_label, bad) => {
    expectCode(() => aesKeyFromEncodingAesKey(bad), WeComCryptoErrorCode.IllegalAesKey);
  });
});

describe('known answers: official sample (sbzhu/weworkapi_golang sample.go)', () => {
  it('GET verification: signature over the echostr is the published msg_signature', () => {
    expect(signature(V.token, GET.published.timestamp, GET.published.nonce, GET.published.echostr)).toBe(
      GET.published.msgSignature,
    );
  });

  it('GET verification: the URL-encoded echostr in the request line is the same value', () => {
    const query = GET.published.requestLine.split('?')[1] ?? '';
    expect(new URLSearchParams(query).get('echostr')).toBe(GET.published.echostr);
  });

  it('GET verification: verifyUrl returns the plaintext echostr', () => {
    const echo = verifyUrl(PUBLISHED_GET);
    expect(echo).toBe('1616140317555161061');
    expect(echo).toBe(GET.derived.plaintext);
  });

  it('GET verification: decrypt exposes random prefix and receiveId', () => {
    const out = decrypt(GET.published.echostr, KEY);
    expect(out.random.toString('latin1')).toBe(GET.derived.randomAscii);
    expect(out.receiveId).toBe(V.receiveId);
  });

  it('POST: signature over the Encrypt value is the published msg_signature', () => {
    expect(signature(V.token, POST.published.timestamp, POST.published.nonce, POST.published.encrypt)).toBe(
      POST.published.msgSignature,
    );
  });

  it('POST: decryptEnvelope opens the published body', () => {
    const out = decryptEnvelope(PUBLISHED_POST);
    expect(out.message).toBe(POST.derived.plaintext);
    expect(out.receiveId).toBe(V.receiveId);
    expect(out.toUserName).toBe(POST.published.toUserName);
    expect(out.agentId).toBe(POST.published.agentId);
    expect(out.encrypt).toBe(POST.published.encrypt);
    expect(out.random.toString('latin1')).toBe(POST.derived.randomAscii);
    expect(Buffer.byteLength(out.message, 'utf8')).toBe(POST.derived.msgLen);
  });

  it('POST: the decrypted message is a text message "hello", MsgId 4561255354251345929, AgentID 218', () => {
    const msg = parseSimpleXml(decrypt(POST.published.encrypt, KEY).message);
    const fields = Object.fromEntries(msg.children.map((c) => [c.name, c.text]));
    expect(fields).toEqual(POST.derived.fields);
    expect(fields['Content']).toBe('hello');
    expect(fields['MsgId']).toBe('4561255354251345929');
    expect(fields['AgentID']).toBe('218');
  });

  it('POST: encrypt(plaintext, same random) reproduces the published ciphertext byte for byte', () => {
    const random = Buffer.from(POST.derived.randomAscii, 'latin1');
    expect(encrypt(POST.derived.plaintext, V.receiveId, KEY, random)).toBe(POST.published.encrypt);
    const env = encryptEnvelope({
      token: V.token,
      encodingAesKey: KEY,
      receiveId: V.receiveId,
      message: POST.derived.plaintext,
      timestamp: Number(POST.published.timestamp),
      nonce: POST.published.nonce,
      agentId: 218,
      random16: random,
    });
    expect(env.body).toBe(POST.published.body);
    expect(env.query).toEqual({
      msg_signature: POST.published.msgSignature,
      timestamp: POST.published.timestamp,
      nonce: POST.published.nonce,
    });
  });

  it('GET: encrypt(plaintext, same random) reproduces the published echostr', () => {
    const random = Buffer.from(GET.derived.randomAscii, 'latin1');
    expect(encrypt(GET.derived.plaintext, V.receiveId, KEY, random)).toBe(GET.published.echostr);
  });
});

describe('padding block is 32, not 16', () => {
  it('the POST vector ends with 30 bytes of 0x1e (pad > 16 proves the 32-byte block)', () => {
    const raw = rawDecrypt(POST.published.encrypt);
    expect(raw.length).toBe(POST.derived.paddedLength);
    expect(raw.readUInt8(raw.length - 1)).toBe(30);
    expect(POST.derived.padByte).toBe(30);
    expect(raw.subarray(raw.length - 30).every((b) => b === 30)).toBe(true);
    expect(raw.readUInt8(raw.length - 31)).not.toBe(30);
  });

  it('a 16-byte-block PKCS#7 unpadder fails on the published POST ciphertext', () => {
    expect(() => unpad16(rawDecrypt(POST.published.encrypt))).toThrow('Invalid padding bytes');
  });

  it('every ciphertext we produce is a multiple of 32 bytes', () => {
    for (let n = 0; n < 70; n += 1) {
      const out = Buffer.from(encrypt('x'.repeat(n), V.receiveId, KEY, R16), 'base64');
      expect(out.length % PKCS7_BLOCK_SIZE).toBe(0);
    }
  });

  it('a plaintext whose length is 16 mod 32 is rejected (a 16-block encoder is not accepted)', () => {
    // 16 + 4 + 5 + 18 = 43 bytes, PKCS#7/16 pads to 48: valid for AES tooling, invalid for WeCom.
    const body = Buffer.concat([R16, Buffer.from([0, 0, 0, 5]), Buffer.from('hello'), Buffer.from(V.receiveId)]);
    const pad = 48 - body.length;
    const padded16 = Buffer.concat([body, Buffer.alloc(pad, pad)]);
    expectCode(() => decrypt(rawEncrypt(padded16), KEY), WeComCryptoErrorCode.DecryptAESError);
  });
});

describe('round trips', () => {
  const cases: Array<[string, string, string]> = [
    ['empty message', '', V.receiveId],
    ['ASCII', 'hello world', V.receiveId],
    ['Chinese', '你好，企业微信！这是一条测试消息。', V.receiveId],
    ['emoji + CJK + newlines', '😀 表情\n第二行\r\n<xml>&amp;]]></xml>', V.receiveId],
    ['empty receiveId (individual third-party apps)', '<xml><Content>hi</Content></xml>', ''],
    ['suite_id receiveId', 'x', 'ww4asffe99e54c0fxxxx'],
    ['long message', '长'.repeat(20000), V.receiveId],
  ];
  it.each(cases)('%s', (_label, message, receiveId) => {
    const out = decrypt(encrypt(message, receiveId, KEY), KEY);
    expect(out.message).toBe(message);
    expect(out.receiveId).toBe(receiveId);
    expect(out.random.length).toBe(16);
  });

  it('length field counts UTF-8 bytes, not characters', () => {
    const message = '中文';
    const raw = rawDecrypt(encrypt(message, V.receiveId, KEY, R16));
    expect(raw.readUInt32BE(16)).toBe(6);
  });

  it('pads with a full block of 32 when the body is already aligned (ASCII)', () => {
    // 16 + 4 + 26 + 18 = 64 → aligned → one full block of 32 × 0x20.
    const message = 'a'.repeat(26);
    const enc = encrypt(message, V.receiveId, KEY, R16);
    const raw = rawDecrypt(enc);
    expect(raw.length).toBe(96);
    expect(raw.subarray(64).every((b) => b === 32)).toBe(true);
    expect(decrypt(enc, KEY).message).toBe(message);
  });

  it('pads with a full block of 32 when the body is already aligned (Chinese, 3 bytes per char)', () => {
    // 16 + 4 + 90 (30 CJK chars) + 18 = 128 → aligned.
    const message = '企'.repeat(30);
    const enc = encrypt(message, V.receiveId, KEY, R16);
    const raw = rawDecrypt(enc);
    expect(raw.length).toBe(160);
    expect(raw.readUInt8(raw.length - 1)).toBe(32);
    expect(decrypt(enc, KEY)).toMatchObject({ message, receiveId: V.receiveId });
  });

  it('random16 is injectable and deterministic; default prefix is 16 ASCII alphanumerics', () => {
    expect(encrypt('m', 'r', KEY, R16)).toBe(encrypt('m', 'r', KEY, R16));
    expect(decrypt(encrypt('m', 'r', KEY, R16), KEY).random.equals(R16)).toBe(true);
    for (let i = 0; i < 20; i += 1) {
      expect(randomPrefix16().toString('latin1')).toMatch(/^[0-9A-Za-z]{16}$/);
    }
    expect(encrypt('m', 'r', KEY)).not.toBe(encrypt('m', 'r', KEY));
  });

  it('rejects a random prefix that is not 16 bytes with -40006', () => {
    expectCode(() => encrypt('m', 'r', KEY, Buffer.alloc(15)), WeComCryptoErrorCode.EncryptAESError);
  });

  it('envelope round trip with an empty AgentID and with AgentID omitted', () => {
    const base = { token: 'tok', encodingAesKey: KEY, receiveId: 'wwcorp', message: '<xml>事件</xml>', timestamp: 1, nonce: 'n' };
    const withEmpty = encryptEnvelope(base);
    expect(withEmpty.body).toContain('<AgentID><![CDATA[]]></AgentID>');
    const opened = decryptEnvelope({
      token: 'tok',
      encodingAesKey: KEY,
      receiveId: 'wwcorp',
      msgSignature: withEmpty.query.msg_signature,
      timestamp: withEmpty.query.timestamp,
      nonce: withEmpty.query.nonce,
      body: withEmpty.body,
    });
    expect(opened).toMatchObject({ message: '<xml>事件</xml>', agentId: '', toUserName: 'wwcorp' });
    const omitted = encryptEnvelope({ ...base, agentId: null, toUserName: 'suite' });
    expect(omitted.body).not.toContain('AgentID');
    const opened2 = decryptEnvelope({
      token: 'tok',
      encodingAesKey: KEY,
      msgSignature: omitted.query.msg_signature,
      timestamp: omitted.query.timestamp,
      nonce: omitted.query.nonce,
      body: Buffer.from(omitted.body, 'utf8'),
    });
    expect(opened2).toMatchObject({ agentId: undefined, toUserName: 'suite', receiveId: 'wwcorp' });
  });

  it('passive reply round trip; its signature covers its own Encrypt/TimeStamp/Nonce', () => {
    const reply = buildEncryptedReply({
      token: V.token,
      encodingAesKey: KEY,
      receiveId: V.receiveId,
      message: '<xml><Content><![CDATA[收到]]></Content></xml>',
      timestamp: 1409659813,
      nonce: '1372623149',
      random16: R16,
    });
    expect(reply).toMatch(
      /^<xml><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><MsgSignature><!\[CDATA\[[0-9a-f]{40}\]\]><\/MsgSignature><TimeStamp>1409659813<\/TimeStamp><Nonce><!\[CDATA\[1372623149\]\]><\/Nonce><\/xml>$/,
    );
    const opened = parseEncryptedReply({ token: V.token, encodingAesKey: KEY, receiveId: V.receiveId, body: reply });
    expect(opened.message).toBe('<xml><Content><![CDATA[收到]]></Content></xml>');
    expect(opened.timestamp).toBe('1409659813');
    expect(opened.nonce).toBe('1372623149');
    expect(opened.msgSignature).toBe(signature(V.token, '1409659813', '1372623149', opened.encrypt));
  });

  it('the XML reader accepts plain text, CDATA split around "]]>", entities, declaration and whitespace', () => {
    const doc = parseSimpleXml(
      '\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><xml>\n  <A>plain &amp; &lt;x&gt; &#20013;&#x6587;</A>\n  <B><![CDATA[x]]]]><![CDATA[>y]]></B>\n  <C/>\n  <D attr="v>w"> pad </D>\n</xml>\n',
    );
    const f = Object.fromEntries(doc.children.map((c) => [c.name, c.text]));
    expect(f).toEqual({ A: 'plain & <x> 中文', B: 'x]]>y', C: '', D: ' pad ' });
  });
});

describe('tamper and hostile input', () => {
  const goodPost = PUBLISHED_POST;

  it('flipped byte in the last ciphertext block → -40007 (padding destroyed)', () => {
    expectCode(() => decrypt(flipByte(POST.published.encrypt, -1), KEY), WeComCryptoErrorCode.DecryptAESError);
    expectCode(() => decrypt(flipByte(POST.published.encrypt, -20), KEY), WeComCryptoErrorCode.DecryptAESError);
  });

  it('flipped byte in the next-to-last AES block lands in the pad bytes → -40007', () => {
    // CBC: flipping byte i of 16-byte block n-1 garbles that block and flips byte i of block n. With pad 30
    // in the POST vector, both of the last two AES blocks lie (almost) entirely in the padding.
    expectCode(() => decrypt(flipByte(POST.published.encrypt, -16 - 11), KEY), WeComCryptoErrorCode.DecryptAESError);
  });

  it('flipped byte at the start corrupts the length field → -40008', () => {
    // Flipping ciphertext byte 0 flips plaintext byte 16, the length field's high byte.
    expectCode(() => decrypt(flipByte(POST.published.encrypt, 0), KEY), WeComCryptoErrorCode.IllegalBuffer);
  });

  it('any flipped ciphertext byte in an envelope fails the signature check → -40001', () => {
    for (const index of [0, 5, 100, -40, -1]) {
      const tampered = POST.published.body.replace(POST.published.encrypt, flipByte(POST.published.encrypt, index));
      expectCode(() => decryptEnvelope({ ...goodPost, body: tampered }), WeComCryptoErrorCode.ValidateSignatureError);
    }
  });

  it('wrong key → -40007', () => {
    expectCode(() => decrypt(POST.published.encrypt, OTHER_KEY), WeComCryptoErrorCode.DecryptAESError);
    expectCode(() => decrypt(GET.published.echostr, OTHER_KEY), WeComCryptoErrorCode.DecryptAESError);
    expectCode(() => decryptEnvelope({ ...goodPost, encodingAesKey: OTHER_KEY }), WeComCryptoErrorCode.DecryptAESError);
  });

  it('wrong signature, wrong token, wrong timestamp or nonce → -40001', () => {
    expectCode(() => decryptEnvelope({ ...goodPost, msgSignature: '0'.repeat(40) }), WeComCryptoErrorCode.ValidateSignatureError);
    expectCode(() => decryptEnvelope({ ...goodPost, msgSignature: '' }), WeComCryptoErrorCode.ValidateSignatureError);
    expectCode(() => decryptEnvelope({ ...goodPost, token: 'QDG6eL' }), WeComCryptoErrorCode.ValidateSignatureError);
    expectCode(() => decryptEnvelope({ ...goodPost, timestamp: '1409659814' }), WeComCryptoErrorCode.ValidateSignatureError);
    expectCode(() => decryptEnvelope({ ...goodPost, nonce: '1372623148' }), WeComCryptoErrorCode.ValidateSignatureError);
    expectCode(
      () =>
        verifyUrl({ ...PUBLISHED_GET, msgSignature: POST.published.msgSignature }),
      WeComCryptoErrorCode.ValidateSignatureError,
    );
  });

  it('upper-case hex signature is accepted (case-insensitive hex)', () => {
    expect(decryptEnvelope({ ...goodPost, msgSignature: POST.published.msgSignature.toUpperCase() }).message).toBe(
      POST.derived.plaintext,
    );
  });

  it('wrong receiveId → -40005; receiveId omitted → not checked', () => {
    expectCode(() => decryptEnvelope({ ...goodPost, receiveId: 'wx5823bf96d3bd56c8' }), WeComCryptoErrorCode.ValidateCorpidError);
    expectCode(() => decryptEnvelope({ ...goodPost, receiveId: '' }), WeComCryptoErrorCode.ValidateCorpidError);
    expectCode(
      () =>
        verifyUrl({ ...PUBLISHED_GET, receiveId: 'ww0000000000000000' }),
      WeComCryptoErrorCode.ValidateCorpidError,
    );
    const { receiveId: _omit, ...noReceiveId } = goodPost;
    expect(decryptEnvelope(noReceiveId).receiveId).toBe(V.receiveId);
  });

  it('bad base64 → -40010', () => {
    for (const bad of ['', '@@@@', 'abc', 'ab==cd', `${POST.published.encrypt} `, POST.published.encrypt.replace(/\+/g, ' ')]) {
      expectCode(() => decrypt(bad, KEY), WeComCryptoErrorCode.DecodeBase64Error);
    }
  });

  it('ciphertext length not a multiple of 16 → -40007', () => {
    expectCode(() => decrypt(Buffer.alloc(33).toString('base64'), KEY), WeComCryptoErrorCode.DecryptAESError);
  });

  it('crafted plaintexts with bad structure → -40007 / -40008', () => {
    const body = (len: number, msg: string, rid: string): Buffer => {
      const lf = Buffer.alloc(4);
      lf.writeUInt32BE(len, 0);
      return Buffer.concat([R16, lf, Buffer.from(msg), Buffer.from(rid)]);
    };
    const pad32 = (b: Buffer): Buffer => {
      const p = 32 - (b.length % 32);
      return Buffer.concat([b, Buffer.alloc(p, p)]);
    };
    // length field larger than the data
    expectCode(() => decrypt(rawEncrypt(pad32(body(1000, 'hi', 'rid'))), KEY), WeComCryptoErrorCode.IllegalBuffer);
    expectCode(() => decrypt(rawEncrypt(pad32(body(0xffffffff, 'hi', 'rid'))), KEY), WeComCryptoErrorCode.IllegalBuffer);
    // body shorter than random + length
    expectCode(() => decrypt(rawEncrypt(pad32(Buffer.alloc(10, 0x41))), KEY), WeComCryptoErrorCode.IllegalBuffer);
    // pad byte 0, pad byte 33, inconsistent pad bytes
    const aligned = body(2, 'hi', 'x'.repeat(10)); // 32 bytes
    expectCode(() => decrypt(rawEncrypt(Buffer.concat([aligned, Buffer.alloc(32, 0)])), KEY), WeComCryptoErrorCode.DecryptAESError);
    expectCode(() => decrypt(rawEncrypt(Buffer.concat([aligned, Buffer.alloc(32, 33)])), KEY), WeComCryptoErrorCode.DecryptAESError);
    const uneven = Buffer.concat([aligned, Buffer.alloc(32, 4)]);
    uneven.writeUInt8(5, 62);
    expectCode(() => decrypt(rawEncrypt(uneven), KEY), WeComCryptoErrorCode.DecryptAESError);
    // invalid UTF-8 in the message
    const badUtf8 = Buffer.concat([R16, Buffer.from([0, 0, 0, 2, 0xc3, 0x28]), Buffer.from('rid')]);
    expectCode(() => decrypt(rawEncrypt(pad32(badUtf8)), KEY), WeComCryptoErrorCode.IllegalBuffer);
  });

  it('XML with DOCTYPE or ENTITY → -40002', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Encrypt>&xxe;</Encrypt></xml>';
    expectCode(() => decryptEnvelope({ ...goodPost, body: xxe }), WeComCryptoErrorCode.ParseXmlError);
    expectCode(() => parseSimpleXml('<xml><!ENTITY a "b"><A>x</A></xml>'), WeComCryptoErrorCode.ParseXmlError);
    expectCode(() => parseSimpleXml('<!doctype xml><xml/>'), WeComCryptoErrorCode.ParseXmlError);
  });

  it('billion-laughs payload → -40002, quickly', () => {
    const lines = ['<?xml version="1.0"?>', '<!DOCTYPE lolz [', ' <!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i += 1) {
      const prev = i === 1 ? 'lol' : `lol${i - 1}`;
      lines.push(` <!ENTITY lol${i} "${`&${prev};`.repeat(10)}">`);
    }
    lines.push(']>', `<xml><ToUserName>&lol9;</ToUserName><Encrypt><![CDATA[${POST.published.encrypt}]]></Encrypt></xml>`);
    const started = Date.now();
    expectCode(() => decryptEnvelope({ ...goodPost, body: lines.join('\n') }), WeComCryptoErrorCode.ParseXmlError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('undeclared entity references → -40002 (no entity expansion at all)', () => {
    expectCode(() => parseSimpleXml('<xml><A>&lol;</A></xml>'), WeComCryptoErrorCode.ParseXmlError);
    expectCode(() => parseSimpleXml('<xml><A>a & b</A></xml>'), WeComCryptoErrorCode.ParseXmlError);
  });

  it('oversized input (> 1 MB) → -40002', () => {
    const huge = `<xml><Encrypt><![CDATA[${POST.published.encrypt}]]></Encrypt><Pad>${'a'.repeat(1024 * 1024)}</Pad></xml>`;
    expectCode(() => decryptEnvelope({ ...goodPost, body: huge }), WeComCryptoErrorCode.ParseXmlError);
    expectCode(() => decryptEnvelope({ ...goodPost, body: Buffer.from(huge) }), WeComCryptoErrorCode.ParseXmlError);
    expectCode(
      () => parseEncryptedReply({ token: V.token, encodingAesKey: KEY, body: huge }),
      WeComCryptoErrorCode.ParseXmlError,
    );
  });

  it('malformed or ambiguous envelopes → -40002', () => {
    const enc = `<Encrypt><![CDATA[${POST.published.encrypt}]]></Encrypt>`;
    for (const body of [
      '',
      'not xml',
      `<xml>${enc}`,
      `<xml>${enc}</xmlx>`,
      `<root>${enc}</root>`,
      '<xml><ToUserName>x</ToUserName></xml>',
      `<xml>${enc}${enc}</xml>`,
      `<xml>${enc}</xml><xml/>`,
      `<xml><A><![CDATA[unterminated</A></xml>`,
      `${'<a>'.repeat(100)}${'</a>'.repeat(100)}`,
    ]) {
      expectCode(() => decryptEnvelope({ ...goodPost, body }), WeComCryptoErrorCode.ParseXmlError);
    }
  });

  it('passive reply: tampered signature, timestamp or receiveId is refused', () => {
    const reply = buildEncryptedReply({ token: 't', encodingAesKey: KEY, receiveId: 'corp', message: 'm', timestamp: 5, nonce: 'n' });
    expectCode(
      () => parseEncryptedReply({ token: 't', encodingAesKey: KEY, body: reply.replace('<TimeStamp>5<', '<TimeStamp>6<') }),
      WeComCryptoErrorCode.ValidateSignatureError,
    );
    expectCode(() => parseEncryptedReply({ token: 'u', encodingAesKey: KEY, body: reply }), WeComCryptoErrorCode.ValidateSignatureError);
    expectCode(
      () => parseEncryptedReply({ token: 't', encodingAesKey: KEY, receiveId: 'other', body: reply }),
      WeComCryptoErrorCode.ValidateCorpidError,
    );
    expectCode(
      () => parseEncryptedReply({ token: 't', encodingAesKey: KEY, body: reply.replace(/<Nonce>.*<\/Nonce>/, '') }),
      WeComCryptoErrorCode.ParseXmlError,
    );
  });
});

describe('signature and constant-time compare', () => {
  it('sorts the four strings before hashing (argument order does not matter)', () => {
    const a = signature('t', '1', 'n', 'e');
    expect(signature('e', 'n', '1', 't')).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{40}$/);
  });

  it('constantTimeEqual', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('WeComCryptoError carries code and name', () => {
    const e = new WeComCryptoError('IllegalAesKey', 'x');
    expect(e.code).toBe(-40004);
    expect(e.codeName).toBe('IllegalAesKey');
    expect(e).toBeInstanceOf(Error);
    expect(WeComCryptoErrorCode.GenXmlError).toBe(-40011);
  });
});
