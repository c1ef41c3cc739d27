import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeGraph, encodeGraph, snapshotClass } from './graph.js';

class Box {
  items = new Map<string, { n: number }>();
  cache = new Map<string, number>();
  constructor(readonly label: string) {}
  total(): number {
    let t = 0;
    for (const v of this.items.values()) t += v.n;
    return t;
  }
}
snapshotClass(Box, { name: 'GraphTestBox', transient: { cache: () => new Map([['rebuilt', 1]]) } });

class Stranger {
  x = 1;
}

const roundTrip = <T>(v: T, ext?: Map<object, string>, back?: Map<string, object>): T => decodeGraph(JSON.parse(JSON.stringify(encodeGraph(v, ext))), back) as T;

describe('graph codec', () => {
  it('When shared and cyclic objects are saved, then they come back as one object each, Maps and Sets keyed by objects included', () => {
    const shared = { n: 1 };
    const root: Record<string, unknown> = { a: shared, b: [shared], m: new Map<unknown, unknown>([[shared, 'v'], ['k', shared]]), s: new Set([shared]) };
    root['self'] = root;
    const out = roundTrip(root);
    expect(out['self']).toBe(out);
    expect((out['b'] as unknown[])[0]).toBe(out['a']);
    const m = out['m'] as Map<unknown, unknown>;
    expect([...m.keys()][0]).toBe(out['a']);
    expect(m.get('k')).toBe(out['a']);
    expect([...(out['s'] as Set<unknown>)][0]).toBe(out['a']);
  });

  it('When odd values are saved, then undefined, -0, NaN, Infinity, bigint, Date, Buffer, typed arrays and keys survive', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const v = { u: undefined, z: -0, nan: NaN, inf: -Infinity, big: 2n ** 70n, d: new Date(5), buf: Buffer.from('字节'), f: new Float64Array([1.5, -2]), key: publicKey, sparse: [1, undefined] };
    const out = roundTrip(v);
    expect('u' in out && out.u === undefined).toBe(true);
    expect(Object.is(out.z, -0)).toBe(true);
    expect(out.nan).toBeNaN();
    expect(out.inf).toBe(-Infinity);
    expect(out.big).toBe(2n ** 70n);
    expect(out.d.getTime()).toBe(5);
    expect(Buffer.isBuffer(out.buf) && out.buf.toString()).toBe('字节');
    expect([...out.f]).toEqual([1.5, -2]);
    expect(out.key.export({ type: 'spki', format: 'pem' })).toBe(publicKey.export({ type: 'spki', format: 'pem' }));
    expect(out.sparse).toEqual([1, undefined]);
  });

  it('When a registered class is saved, then it comes back with its prototype and fields, transient fields rebuilt', () => {
    const b = new Box('b');
    b.items.set('x', { n: 2 }).set('y', { n: 3 });
    b.cache.set('stale', 9);
    const out = roundTrip(b);
    expect(out).toBeInstanceOf(Box);
    expect(out.label).toBe('b');
    expect(out.total()).toBe(5);
    expect([...out.cache]).toEqual([['rebuilt', 1]]);
    expect(JSON.stringify(encodeGraph(out))).toBe(JSON.stringify(encodeGraph(b)));
  });

  it('When a function or an unregistered class is met, then saving fails naming it and where', () => {
    expect(() => encodeGraph({ state: { jobs: [{ run: () => 1 }] } })).toThrow(/function \(run\) at \.state\.jobs\[0\]\.run/);
    expect(() => encodeGraph({ deep: new Map([['k', new Stranger()]]) })).toThrow(/class Stranger at \.deep\.get\(k\) is not registered; call snapshotClass\(Stranger\)/);
  });

  it('When an object is named external, then it is written by name and bound to the loading side’s object', () => {
    const clock = { now: 1 };
    const theirs = { now: 2 };
    const out = roundTrip({ c: clock, again: clock }, new Map([[clock, 'clock']]), new Map([['clock', theirs]]));
    expect(out.c).toBe(theirs);
    expect(out.again).toBe(theirs);
    expect(() => decodeGraph(encodeGraph({ c: clock }, new Map([[clock, 'clock']])), new Map())).toThrow(/no clock to bind/);
  });
});
