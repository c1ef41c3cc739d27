import { Rng as Sfc32 } from '../../../fixtures/factories/rng.js';
import { snapshotClass } from './graph.js';

/**
 * The corps' seeded PRNG: the fixtures' sfc32 generator (one implementation for both), seeded from any
 * string or number, with the string helpers the runtime needs (tokens, ids, tickets). Not for
 * cryptography: the mock's secrets only need to be unique and repeatable.
 */
export class Rng extends Sfc32 {
  constructor(seed: string | number) {
    super(typeof seed === 'number' && Number.isInteger(seed) ? seed : hash32(String(seed)));
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    return this.u32();
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string = ALNUM): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  /** `length` lower-case hex digits. */
  hex(length: number): string {
    return this.string(length, '0123456789abcdef');
  }

  /** `length` decimal digits, the first one not 0. */
  digits(length: number): string {
    return String(1 + this.int(9)) + this.string(length - 1, '0123456789');
  }
}

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const TOKEN_ALPHABET = ALNUM + '-_';

/**
 * What `draw` makes, drawn again while one of `taken` holds it: a new id, token or code never collides with
 * a live one (two live tokens alike would resolve to one caller).
 */
export function drawUnused(draw: () => string, ...taken: { has(key: string): boolean }[]): string {
  let key: string;
  do key = draw();
  while (taken.some((t) => t.has(key)));
  return key;
}

/** FNV-1a over UTF-16 code units, then a final avalanche: a 32-bit seed from a string. */
function hash32(str: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(Rng);
snapshotClass(Sfc32, { name: 'SeedRng' });
