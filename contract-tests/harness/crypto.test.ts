import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import * as core from '../../mock-server/core/crypto/index.js';
import { HarnessCryptoError, ReceiverCrypto, harnessKey, harnessOpen, harnessSeal, harnessSignature } from './crypto.js';

interface CallbackVectors {
  token: string;
  encodingAesKey: string;
  receiveId: string;
  urlVerification: {
    published: { msgSignature: string; timestamp: string; nonce: string; echostr: string };
    derived: { plaintext: string; randomAscii: string };
  };
  postMessage: {
    published: { msgSignature: string; timestamp: string; nonce: string; toUserName: string; agentId: string; encrypt: string; body: string };
    derived: { plaintext: string; randomAscii: string; padByte: number };
  };
}

const V = JSON.parse(
  readFileSync(new URL('../../fixtures/vectors/callback-crypto.json', import.meta.url), 'utf8'),
) as CallbackVectors;
const GET = V.urlVerification;
const POST = V.postMessage;

/** Expect `fn` to throw a HarnessCryptoError with the given official code. */
function expectHarnessCode(fn: () => unknown, code: number): void {
  expect(fn).toThrow(HarnessCryptoError);
  expect(fn).toThrow(expect.objectContaining({ code }));
}

/** Small seeded PRNG (mulberry32) so the 200-message cross-check is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOLS: Array<[number, number]> = [
  [0x20, 0x7e], // printable ASCII (incl. < > & ] )
  [0x4e00, 0x9fff], // CJK
  [0x1f600, 0x1f64f], // emoji (astral: surrogate pairs in JS)
  [0x0a, 0x0d], // newlines / CR
  [0xa0, 0x24f], // Latin-1 supplement / extended
];

function randomText(rand: () => number, maxChars: number): string {
  const n = Math.floor(rand() * (maxChars + 1));
  let out = '';
  for (let i = 0; i < n; i += 1) {
    const pool = POOLS[Math.floor(rand() * POOLS.length)] ?? POOLS[0]!;
    out += String.fromCodePoint(pool[0] + Math.floor(rand() * (pool[1] - pool[0] + 1)));
  }
  return out;
}

function randomBuf(rand: () => number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i += 1) b[i] = Math.floor(rand() * 256);
  return b;
}

describe('harness crypto against the official vectors', () => {
  const receiver = new ReceiverCrypto(V.token, V.encodingAesKey, V.receiveId);

  it('key derivation gives the same 32 bytes as base64(key + "=")', () => {
    expect(harnessKey(V.encodingAesKey).equals(Buffer.from(`${V.encodingAesKey}=`, 'base64'))).toBe(true);
  });

  it('signatures match the published GET and POST msg_signature', () => {
    expect(harnessSignature(V.token, GET.published.timestamp, GET.published.nonce, GET.published.echostr)).toBe(GET.published.msgSignature);
    expect(harnessSignature(V.token, POST.published.timestamp, POST.published.nonce, POST.published.encrypt)).toBe(
      POST.published.msgSignature,
    );
  });

  it('answers the published GET URL check with 1616140317555161061', () => {
    const answer = receiver.answerUrlCheck({
      msg_signature: GET.published.msgSignature,
      timestamp: GET.published.timestamp,
      nonce: GET.published.nonce,
      echostr: GET.published.echostr,
    });
    expect(answer).toBe('1616140317555161061');
  });

  it('opens the published POST body', () => {
    const opened = receiver.openPost(
      { msg_signature: POST.published.msgSignature, timestamp: POST.published.timestamp, nonce: POST.published.nonce },
      POST.published.body,
    );
    expect(opened.plaintext).toBe(POST.derived.plaintext);
    expect(opened.plaintext).toContain('<Content><![CDATA[hello]]></Content>');
    expect(opened.plaintext).toContain('<MsgId>4561255354251345929</MsgId>');
    expect(opened.plaintext).toContain('<AgentID>218</AgentID>');
    expect(opened.toUserName).toBe(POST.published.toUserName);
    expect(opened.agentId).toBe('218');
  });

  it('reproduces both published ciphertexts from plaintext + the decrypted prefix', () => {
    const postPrefix = Buffer.from(POST.derived.randomAscii, 'latin1');
    const getPrefix = Buffer.from(GET.derived.randomAscii, 'latin1');
    expect(harnessSeal(POST.derived.plaintext, V.receiveId, V.encodingAesKey, postPrefix)).toBe(POST.published.encrypt);
    expect(harnessSeal(GET.derived.plaintext, V.receiveId, V.encodingAesKey, getPrefix)).toBe(GET.published.echostr);
    expect(harnessOpen(POST.published.encrypt, V.encodingAesKey).prefix.equals(postPrefix)).toBe(true);
  });

  it('refuses tampering with the same codes as the core', () => {
    const q = { msg_signature: POST.published.msgSignature, timestamp: POST.published.timestamp, nonce: POST.published.nonce };
    expectHarnessCode(() => receiver.openPost({ ...q, nonce: '1' }, POST.published.body), -40001);
    expectHarnessCode(() => new ReceiverCrypto(V.token, V.encodingAesKey, 'wrong').openPost(q, POST.published.body), -40005);
    const lastFlipped = Buffer.from(POST.published.encrypt, 'base64');
    lastFlipped.writeUInt8(lastFlipped.readUInt8(lastFlipped.length - 1) ^ 1, lastFlipped.length - 1);
    expectHarnessCode(() => harnessOpen(lastFlipped.toString('base64'), V.encodingAesKey), -40007);
    expectHarnessCode(() => harnessOpen(POST.published.encrypt, 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'), -40007);
    expectHarnessCode(() => harnessOpen('not base64!', V.encodingAesKey), -40010);
    expectHarnessCode(() => harnessKey('short'), -40004);
    expectHarnessCode(() => receiver.openPost(q, `<!DOCTYPE x [<!ENTITY a "b">]>${POST.published.body}`), -40002);
    expectHarnessCode(() => receiver.openPost(q, `<xml><Pad>${'a'.repeat(1 << 20)}</Pad></xml>`), -40002);
  });
});

describe('harness crypto cross-checked with the core on 200 random messages', () => {
  const rand = prng(0x5eed2024);
  const cases = Array.from({ length: 200 }, (_, i) => {
    const encodingAesKey = randomBuf(rand, 32).toString('base64').slice(0, 43);
    const receiveIdKind = i % 5;
    const receiveId = receiveIdKind === 0 ? '' : receiveIdKind === 1 ? `ww${randomBuf(rand, 8).toString('hex')}` : randomText(rand, 24);
    return {
      i,
      encodingAesKey,
      receiveId,
      token: randomBuf(rand, 12).toString('base64url').slice(0, 1 + Math.floor(rand() * 32)),
      timestamp: String(1_600_000_000 + Math.floor(rand() * 1e8)),
      nonce: String(Math.floor(rand() * 1e10)),
      message: i === 0 ? '' : randomText(rand, i < 100 ? 120 : 700),
      prefix: randomBuf(rand, 16),
    };
  });

  it.each(cases)('message #$i', (c) => {
    const receiver = new ReceiverCrypto(c.token, c.encodingAesKey, c.receiveId);

    // 1. Same inputs, same prefix → byte-identical ciphertext on both sides.
    const coreCipher = core.encrypt(c.message, c.receiveId, c.encodingAesKey, c.prefix);
    const harnessCipher = harnessSeal(c.message, c.receiveId, c.encodingAesKey, c.prefix);
    expect(harnessCipher).toBe(coreCipher);
    expect(Buffer.from(coreCipher, 'base64').length % 32).toBe(0);

    // 2. Each side opens the other's output (fresh random prefixes here).
    const fromCore = harnessOpen(core.encrypt(c.message, c.receiveId, c.encodingAesKey), c.encodingAesKey);
    expect(fromCore.plaintext).toBe(c.message);
    expect(fromCore.receiveId).toBe(c.receiveId);
    const fromHarness = core.decrypt(harnessSeal(c.message, c.receiveId, c.encodingAesKey), c.encodingAesKey);
    expect(fromHarness.message).toBe(c.message);
    expect(fromHarness.receiveId).toBe(c.receiveId);

    // 3. Signatures agree.
    expect(harnessSignature(c.token, c.timestamp, c.nonce, coreCipher)).toBe(core.signature(c.token, c.timestamp, c.nonce, coreCipher));

    // 4. What the mock would send (core envelope) is what the receiver opens.
    const sealed: core.SealParams = {
      token: c.token,
      encodingAesKey: c.encodingAesKey,
      receiveId: c.receiveId,
      message: c.message,
      timestamp: c.timestamp,
      nonce: c.nonce,
    };
    const env = core.encryptEnvelope({
      ...sealed,
      agentId: c.i % 3 === 0 ? undefined : 1000000 + c.i,
    });
    const opened = receiver.openPost(env.query, env.body);
    expect(opened.plaintext).toBe(c.message);
    expect(opened.agentId).toBe(c.i % 3 === 0 ? '' : String(1000000 + c.i));

    // 5. URL check: core-made echostr + signature is answered by the receiver.
    const echostr = core.encrypt(`echo${c.i}`, c.receiveId, c.encodingAesKey);
    expect(
      receiver.answerUrlCheck({
        msg_signature: core.signature(c.token, c.timestamp, c.nonce, echostr),
        timestamp: c.timestamp,
        nonce: c.nonce,
        echostr,
      }),
    ).toBe(`echo${c.i}`);

    // 6. Passive replies both ways.
    const harnessReply = receiver.sealReply(c.message, c.timestamp, c.nonce, c.prefix);
    expect(harnessReply).toBe(
      core.buildEncryptedReply({ ...sealed, random16: c.prefix }),
    );
    expect(core.parseEncryptedReply({ token: c.token, encodingAesKey: c.encodingAesKey, receiveId: c.receiveId, body: harnessReply }).message).toBe(
      c.message,
    );
    const coreReply = core.buildEncryptedReply(sealed);
    expect(receiver.openReply(coreReply).plaintext).toBe(c.message);
  });

  it('default prefixes differ between calls on both sides', () => {
    const key = randomBytes(32).toString('base64').slice(0, 43);
    expect(harnessSeal('x', 'r', key)).not.toBe(harnessSeal('x', 'r', key));
    expect(core.encrypt('x', 'r', key)).not.toBe(core.encrypt('x', 'r', key));
  });
});
