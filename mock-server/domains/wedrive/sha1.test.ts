import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blockShas, Sha1State } from './sha1.js';

describe('Sha1State', () => {
  it('When bytes are hashed in uneven pieces, then the digest is the standard SHA-1', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 1000, 4097]) {
      const data = Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff));
      const s = new Sha1State();
      for (let off = 0; off < n; off += 13) s.update(data.subarray(off, off + 13));
      expect(s.digestHex()).toBe(createHash('sha1').update(data).digest('hex'));
    }
  });

  it('When a file spans blocks, then the middle entries are the little-endian running state and the last the digest', () => {
    const data = Buffer.from(Array.from({ length: 300 }, (_, i) => i & 0xff));
    const shas = blockShas(data, 128);
    expect(shas).toHaveLength(3);
    expect(shas[2]).toBe(createHash('sha1').update(data).digest('hex'));
    // After no data the state is SHA-1's initial words; 0x67452301 little-endian is 01234567.
    expect(new Sha1State().stateHex()).toBe('0123456789abcdeffedcba9876543210f0e1d2c3');
    expect(shas[0]).not.toBe(shas[1]);
  });
});
