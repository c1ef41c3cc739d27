import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blocks, encryptBlock, md5Hex } from './rules.js';

const KEY = 'IJUiXNpvGbODwKEBSEsAeOAPAhkqHqNCF6g19t9wfg2';

/** An independent decryption, written from the documented rule (not the mock's helpers). */
function decrypt(cipher: Buffer, encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(cipher), d.final()]);
  const pad = plain[plain.length - 1]!;
  expect(pad).toBeGreaterThanOrEqual(1);
  expect(pad).toBeLessThanOrEqual(32);
  return plain.subarray(0, plain.length - pad);
}

describe('export blocks', () => {
  it('splits rows into blocks of at most the block size, one empty block for none', () => {
    expect(blocks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(blocks([1, 2], 2)).toEqual([[1, 2]]);
    expect(blocks([], 10)).toEqual([[]]);
  });
});

describe('encryptBlock', () => {
  it('pads to a multiple of 32 bytes and decrypts back with key = base64(aeskey+"="), IV = key[0..16]', () => {
    for (const len of [0, 1, 15, 16, 31, 32, 33, 1000]) {
      const plain = Buffer.from('x'.repeat(len));
      const c = encryptBlock(plain, KEY);
      expect(c.length % 32).toBe(0);
      expect(c.length).toBeGreaterThan(len);
      expect(decrypt(c, KEY).equals(plain)).toBe(true);
    }
  });

  it('is deterministic for the same key and plaintext (the IV is fixed), so md5 identifies a block', () => {
    const a = encryptBlock(Buffer.from('{"userlist":[]}'), KEY);
    const b = encryptBlock(Buffer.from('{"userlist":[]}'), KEY);
    expect(md5Hex(a)).toBe(md5Hex(b));
    expect(md5Hex(a)).toMatch(/^[0-9a-f]{32}$/);
  });
});
