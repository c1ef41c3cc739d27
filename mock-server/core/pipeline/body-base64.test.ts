import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Base64BodyReader } from './body-base64.js';

/** The rule the handlers applied to the parsed string (domains/wedrive decodeBase64). */
function reference(text: string): Buffer | undefined {
  let t = text;
  const strict = /^[A-Za-z0-9+/]*={0,2}$/;
  if (!strict.test(t)) {
    t = t.replace(/\s+/g, '');
    if (!strict.test(t)) return undefined;
  }
  if (t.length === 0 || t.length % 4 === 1) return undefined;
  return Buffer.from(t, 'base64');
}

/** Feeds `body` in chunks cut at the given sizes (cycled), as a socket would. */
function read(body: Buffer, cuts: number[], keepBelow = 64, names = ['file_base64_content'], sizeHint = 0) {
  const r = new Base64BodyReader(new Set(names), keepBelow, sizeHint);
  for (let i = 0, k = 0; i < body.length; k++) {
    const n = cuts[k % cuts.length]!;
    r.push(body.subarray(i, i + n));
    i += n;
  }
  return r.finish();
}

let seed = 7;
const rand = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => rand(256)));
const CUTS = [[1], [3, 7], [64], [1000, 1, 5], [1 << 20]];

/** What the pipeline did before: JSON.parse of the whole body, the field decoded from its string. */
function expectSame(body: Buffer, field = 'file_base64_content', keepBelow = 64): void {
  let before: Record<string, unknown> | undefined;
  try {
    before = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    before = undefined;
  }
  for (const [k, cuts] of CUTS.entries()) {
    // Every other chunking with the body's Content-Length as the size hint (one output buffer), the rest without.
    const { json, streamed } = read(body, cuts, keepBelow, undefined, k % 2 ? body.length : 0);
    expect(streamed.bytes).toBe(body.length);
    expect(streamed.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    let after: Record<string, unknown> | undefined;
    try {
      after = JSON.parse(json.toString('utf8')) as Record<string, unknown>;
    } catch {
      after = undefined;
    }
    // Broken JSON stays broken (→ 47001 before any field is looked at).
    expect(after === undefined, `${cuts}: ${json.toString().slice(0, 80)}`).toBe(before === undefined);
    if (!before || !after) continue;
    const text = before[field];
    if (streamed.fields.has(field)) {
      expect(after[field]).toBe('');
      const got = streamed.fields.get(field);
      const want = typeof text === 'string' ? reference(text) : undefined;
      expect(got === undefined ? undefined : got.toString('hex')).toBe(want === undefined ? undefined : want.toString('hex'));
      expect({ ...after, [field]: text }).toEqual(before);
    } else expect(after).toEqual(before);
  }
}

describe('base64 fields read as a stream', () => {
  it('When blocks of many sizes are sent in any chunking, then the decoded bytes, the other fields, the size and the hash are those of the whole body', () => {
    for (const n of [0, 1, 2, 3, 47, 48, 49, 3000, 49_152, 49_153, 200_000]) {
      const b64 = bytes(n).toString('base64');
      expectSame(Buffer.from(JSON.stringify({ upload_key: 'k', index: 3, file_base64_content: b64, tail: [1, { a: 'x' }] })));
      // Padding dropped, as some clients send it.
      expectSame(Buffer.from(JSON.stringify({ file_base64_content: b64.replace(/=+$/, ''), upload_key: 'k' })));
    }
  });

  it('When the base64 carries line breaks, escaped slashes or \\u escapes, then it decodes as the parsed string did', () => {
    const b64 = bytes(5000).toString('base64');
    const mime = b64.replace(/.{76}/g, '$&\r\n');
    expectSame(Buffer.from(JSON.stringify({ file_base64_content: mime })));
    expectSame(Buffer.from(`{"file_base64_content":"${b64.replace(/\//g, '\\/')}","index":1}`));
    expectSame(Buffer.from(`{"file_base64_content":"${b64.slice(0, 400)}\\u0041\\u0042\\u0043\\u0044${b64.slice(400)}"}`));
    // Unicode whitespace is whitespace to \s: a no-break space raw and escaped.
    expectSame(Buffer.from(`{"file_base64_content":"${b64.slice(0, 400)}\u00a0\\u00a0${b64.slice(400)}"}`));
  });

  it('When the text is not strict base64, then the field decodes to undefined where the old rule refused it', () => {
    const b64 = bytes(3000).toString('base64');
    for (const bad of [`${b64}-_`, `${b64.slice(0, 200)}==${b64.slice(200)}`, `${b64}===`, `${b64}A`, `${b64.slice(0, 300)}é${b64.slice(300)}`, `${b64.slice(0, 300)}\\ud83d\\ude00${b64.slice(300)}`]) {
      const body = Buffer.from(`{"file_base64_content":"${bad}"}`);
      const { streamed } = read(body, [100]);
      expect(streamed.fields.has('file_base64_content')).toBe(true);
      expect(streamed.fields.get('file_base64_content')).toBeUndefined();
      expectSame(body);
    }
  });

  it('When the JSON is broken inside or around the long string, then the kept JSON is broken too', () => {
    const b64 = bytes(3000).toString('base64');
    for (const body of [
      `{"file_base64_content":"${b64.slice(0, 100)}\n${b64.slice(100)}"}`, // a raw control character
      `{"file_base64_content":"${b64.slice(0, 100)}\\x${b64.slice(100)}"}`, // an unknown escape
      `{"file_base64_content":"${b64.slice(0, 100)}\\u00zz${b64.slice(100)}"}`,
      `{"file_base64_content":"${b64}`, // cut off
      `{"file_base64_content":"${b64}" "index": 1}`,
    ]) {
      expectSame(Buffer.from(body));
      expect(() => JSON.parse(read(Buffer.from(body), [33]).json.toString())).toThrow();
    }
  });

  it('When the field is short, nested, under an escaped key, not a string, or given twice, then it is left to JSON.parse or the last one wins', () => {
    expectSame(Buffer.from('{"file_base64_content":"QUJD"}'));
    expect(read(Buffer.from('{"file_base64_content":"QUJD"}'), [2]).streamed.fields.size).toBe(0);
    const b64 = bytes(3000).toString('base64');
    for (const body of [
      `{"x":{"file_base64_content":"${b64}"}}`,
      `[{"file_base64_content":"${b64}"}]`,
      `{"file_base64\\u005fcontent":"${b64}"}`,
      `{"file_base64_content":12,"other":"${b64}"}`,
      `{"note":"file_base64_content","file_base64_content":"${b64}"}`,
    ]) expectSame(Buffer.from(body));
    expect(read(Buffer.from(`{"x":{"file_base64_content":"${b64}"}}`), [50]).streamed.fields.size).toBe(0);
    const twice = Buffer.from(`{"file_base64_content":"${b64}","file_base64_content":"${b64.slice(0, 400)}"}`);
    expect(read(twice, [50]).streamed.fields.get('file_base64_content')).toEqual(Buffer.from(b64.slice(0, 400), 'base64'));
    expectSame(twice);
  });

  it('When a block of 2.8 MB of base64 is read, then what is kept of the body is a few bytes', () => {
    const b64 = bytes(2 * 1024 * 1024).toString('base64');
    const { json, streamed } = read(Buffer.from(JSON.stringify({ upload_key: 'k', index: 1, file_base64_content: b64 })), [65_536], 16_384);
    expect(json.toString()).toBe('{"upload_key":"k","index":1,"file_base64_content":""}');
    expect(streamed.fields.get('file_base64_content')!.length).toBe(2 * 1024 * 1024);
  });
});
