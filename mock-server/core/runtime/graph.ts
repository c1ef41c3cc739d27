/**
 * The object-graph codec behind snapshots: turns a graph of state (plain objects, arrays, Map, Set, Date,
 * Buffer and typed arrays, bigint, class instances of registered classes) into JSON and back, keeping object
 * identity (an object reached twice, or in a cycle, is one object again after decoding). A function, a symbol
 * key or an instance of a class nobody registered fails loudly with the path where it was met, so a new
 * domain cannot silently lose state. Objects owned by the running mock (a corp's clock, the corp itself,
 * listener sets) are written as named externals and bound to the loading mock's own objects.
 *
 * Encoded form: `{ root, objects }`. Every object is one entry of `objects` (a flat table, so a long chain
 * never recurses); a value is a JSON primitive, or one of the tagged objects `{"@":id}` (an object of the
 * table), `{"u":1}` (undefined), `{"n":"NaN"|"Infinity"|"-Infinity"|"-0"}` or `{"i":"123"}` (bigint).
 */

import { createPrivateKey, createPublicKey, createSecretKey, KeyObject } from 'node:crypto';

type Ctor = abstract new (...args: never[]) => unknown;

export interface SnapshotClassOptions {
  /** The name written in snapshots (default the class name; must be unique). */
  name?: string;
  /** Own fields that are caches or runtime plumbing: not saved, set from the factory on load. */
  transient?: Record<string, () => unknown>;
  /** Called on an instance before it is saved (e.g. to bring bytes kept on disk into the state). */
  prepare?: (instance: never) => void;
}

const classesByName = new Map<string, Ctor>();
const namesByProto = new Map<object, string>();
const transientByProto = new Map<object, Record<string, () => unknown>>();
const prepareByProto = new Map<object, (instance: never) => void>();

/**
 * Registers a class whose instances may be snapshotted: restored with its prototype and own fields, without
 * calling the constructor. Call it beside the class.
 */
export function snapshotClass(cls: Ctor, options: SnapshotClassOptions = {}): void {
  const name = options.name ?? cls.name;
  const known = classesByName.get(name);
  if (known && known !== cls) throw new Error(`snapshot class name ${name} is registered twice (two different classes)`);
  classesByName.set(name, cls);
  namesByProto.set(cls.prototype as object, name);
  if (options.transient) transientByProto.set(cls.prototype as object, options.transient);
  if (options.prepare) prepareByProto.set(cls.prototype as object, options.prepare);
}

/** Transient fields of an instance's class and its registered ancestors. */
function transientOf(o: object): Record<string, () => unknown> | undefined {
  let out: Record<string, () => unknown> | undefined;
  for (let p = Object.getPrototypeOf(o) as object | null; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const t = transientByProto.get(p);
    if (t) out = { ...t, ...out };
  }
  return out;
}

/** Registered class names (tests and error messages). */
export function snapshotClassNames(): string[] {
  return [...classesByName.keys()].sort();
}

export type Encoded = null | boolean | number | string | EncodedRef | EncodedTag;
type EncodedRef = { '@': number };
type EncodedTag = { u: 1 } | { n: string } | { i: string };

/** One object of the table: k = kind, c = registered class name, v = contents, p = own properties (Map/Set/Array subclasses). */
export interface EncodedObject {
  k: 'O' | 'N' | 'A' | 'M' | 'S' | 'D' | 'B' | 'T' | 'X' | 'AB' | 'K';
  c?: string;
  v?: unknown;
  p?: Record<string, Encoded>;
}

export interface EncodedGraph {
  root: Encoded;
  objects: EncodedObject[];
}

export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

const TYPED: Record<string, new (b: ArrayBuffer, o: number, l: number) => ArrayBufferView> = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
};

/**
 * Encodes `root`. `externals` names objects that belong to the running mock rather than to the state: they
 * are written as their name and must be supplied again to decode.
 */
export function encodeGraph(root: unknown, externals: ReadonlyMap<object, string> = new Map(), problems?: string[]): EncodedGraph {
  const ids = new Map<object, number>();
  const objects: EncodedObject[] = [];
  const queue: object[] = [];
  /** Where each object was first met (parent id and key), to name a path in errors. */
  const via: Array<[number, string]> = [];

  const pathOf = (id: number, key: string): string => {
    const parts = [key];
    for (let cur = id; cur >= 0; ) {
      const [parent, k] = via[cur]!;
      if (parent < 0) break;
      parts.push(k);
      cur = parent;
    }
    return parts.reverse().join('');
  };

  const fail = (message: string): null => {
    if (!problems) throw new SnapshotError(message);
    problems.push(message);
    return null;
  };
  const value = (v: unknown, parent: number, key: string): Encoded => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        if (Number.isFinite(v)) return Object.is(v, -0) ? { n: '-0' } : v;
        return { n: String(v) };
      case 'undefined':
        return { u: 1 };
      case 'bigint':
        return { i: v.toString() };
      case 'function':
        return fail(`snapshot: a function (${(v as { name?: string }).name || 'anonymous'}) at ${pathOf(parent, key)} cannot be saved; keep data in state and behaviour in handlers`);
      case 'symbol':
        return fail(`snapshot: a symbol at ${pathOf(parent, key)} cannot be saved`);
      case 'object': {
        if (v === null) return null;
        let id = ids.get(v);
        if (id === undefined) {
          id = objects.length;
          ids.set(v, id);
          objects.push({ k: 'O' });
          via.push([parent, key]);
          queue.push(v);
        }
        return { '@': id };
      }
    }
    throw new SnapshotError(`snapshot: unexpected value at ${pathOf(parent, key)}`);
  };

  const props = (o: object, id: number, skip?: (k: string) => boolean): Record<string, Encoded> => {
    if (Object.getOwnPropertySymbols(o).length > 0) throw new SnapshotError(`snapshot: symbol-keyed property at ${pathOf(id, '')}`);
    const out: Record<string, Encoded> = {};
    for (const k of Object.keys(o)) {
      if (skip?.(k)) continue;
      out[k] = value((o as Record<string, unknown>)[k], id, `.${k}`);
    }
    return out;
  };

  const className = (o: object, builtin: object, id: number): string | undefined => {
    const proto = Object.getPrototypeOf(o) as object | null;
    if (proto === builtin) return undefined;
    const name = proto ? namesByProto.get(proto) : undefined;
    if (name === undefined) {
      const ctor = proto && (proto as { constructor?: { name?: string } }).constructor;
      fail(
        `snapshot: an instance of class ${ctor?.name || '(anonymous)'} at ${pathOf(id, '') || '(root)'} is not registered; call snapshotClass(${ctor?.name || 'TheClass'}) beside the class`,
      );
    }
    return name;
  };

  const rootValue = value(root, -1, '');
  for (let id = 0; id < queue.length; id++) {
    const o = queue[id]!;
    const ext = externals.get(o);
    let e: EncodedObject;
    if (ext !== undefined) e = { k: 'X', v: ext };
    else if (Array.isArray(o)) {
      const c = className(o, Array.prototype, id);
      const v: Encoded[] = [];
      for (let i = 0; i < o.length; i++) v.push(value(o[i], id, `[${i}]`));
      e = { k: 'A', v };
      if (c) {
        e.c = c;
        e.p = props(o, id, (k) => isIndex(k));
      }
    } else if (o instanceof Map) {
      const c = className(o, Map.prototype, id);
      const v: Encoded[][] = [];
      let i = 0;
      for (const [mk, mv] of o as Map<unknown, unknown>) {
        const label = typeof mk === 'string' || typeof mk === 'number' ? String(mk) : `#${i}`;
        v.push([value(mk, id, `.keys()[${i}]`), value(mv, id, `.get(${label})`)]);
        i++;
      }
      e = { k: 'M', v };
      if (c) {
        e.c = c;
        e.p = props(o, id);
      }
    } else if (o instanceof Set) {
      const c = className(o, Set.prototype, id);
      const v: Encoded[] = [];
      let i = 0;
      for (const sv of o) v.push(value(sv, id, `.values()[${i++}]`));
      e = { k: 'S', v };
      if (c) {
        e.c = c;
        e.p = props(o, id);
      }
    } else if (o instanceof Date) e = { k: 'D', v: o.getTime() };
    else if (o instanceof KeyObject) e = { k: 'K', c: o.type, v: keyText(o) };
    else if (Buffer.isBuffer(o)) e = { k: 'B', v: o.toString('base64') };
    else if (ArrayBuffer.isView(o)) {
      const name = Object.getPrototypeOf(o)?.constructor?.name as string;
      if (!TYPED[name] || o instanceof DataView) throw new SnapshotError(`snapshot: a ${name} at ${pathOf(id, '')} cannot be saved`);
      e = { k: 'T', c: name, v: Buffer.from(o.buffer, o.byteOffset, o.byteLength).toString('base64') };
    } else if (o instanceof ArrayBuffer) e = { k: 'AB', v: Buffer.from(o).toString('base64') };
    else {
      const proto = Object.getPrototypeOf(o) as object | null;
      if (proto === null) e = { k: 'N', v: props(o, id) };
      else {
        const c = className(o, Object.prototype, id);
        if (c) prepareByProto.get(Object.getPrototypeOf(o) as object)?.(o as never);
        const transient = c ? transientOf(o) : undefined;
        e = { k: 'O', v: props(o, id, transient && ((k) => k in transient)) };
        if (c) e.c = c;
      }
    }
    objects[id] = e;
  }
  return { root: rootValue, objects };
}

/** A crypto key as text: PEM for RSA/EC keys (archive keys, the pay host's certificates), base64 for secret keys. */
function keyText(k: KeyObject): string {
  if (k.type === 'secret') return k.export().toString('base64');
  return k.type === 'public' ? (k.export({ type: 'spki', format: 'pem' }) as string) : (k.export({ type: 'pkcs8', format: 'pem' }) as string);
}

function isIndex(k: string): boolean {
  return /^(0|[1-9]\d*)$/.test(k);
}

/** Decodes what encodeGraph wrote; `externals` supplies the named objects of the loading mock. */
export function decodeGraph(graph: EncodedGraph, externals: ReadonlyMap<string, object> = new Map()): unknown {
  if (!graph || !Array.isArray(graph.objects)) throw new SnapshotError('snapshot: the graph has no object table');
  const table = graph.objects;
  const made: object[] = new Array(table.length);
  const proto = (e: EncodedObject, fallback: object): object => {
    if (e.c === undefined) return fallback;
    const cls = classesByName.get(e.c);
    if (!cls) throw new SnapshotError(`snapshot: class ${e.c} is not known to this mock (a snapshot of another version?)`);
    return cls.prototype as object;
  };
  // First every object exists (so references resolve in any order), then contents are filled in.
  for (let id = 0; id < table.length; id++) {
    const e = table[id]!;
    switch (e.k) {
      case 'O':
        made[id] = Object.create(proto(e, Object.prototype)) as object;
        break;
      case 'N':
        made[id] = Object.create(null) as object;
        break;
      case 'A':
        made[id] = Object.setPrototypeOf([], proto(e, Array.prototype)) as object;
        break;
      case 'M':
        made[id] = Object.setPrototypeOf(new Map(), proto(e, Map.prototype)) as object;
        break;
      case 'S':
        made[id] = Object.setPrototypeOf(new Set(), proto(e, Set.prototype)) as object;
        break;
      case 'D':
        made[id] = new Date(e.v as number);
        break;
      case 'B':
        made[id] = Buffer.from(e.v as string, 'base64');
        break;
      case 'T': {
        const T = TYPED[e.c ?? ''];
        if (!T) throw new SnapshotError(`snapshot: unknown typed array ${e.c}`);
        const bytes = Buffer.from(e.v as string, 'base64');
        const copy = new ArrayBuffer(bytes.length);
        new Uint8Array(copy).set(bytes);
        made[id] = new T(copy, 0, bytes.length / ((T as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT));
        break;
      }
      case 'AB': {
        const bytes = Buffer.from(e.v as string, 'base64');
        const copy = new ArrayBuffer(bytes.length);
        new Uint8Array(copy).set(bytes);
        made[id] = copy;
        break;
      }
      case 'K': {
        const text = e.v as string;
        made[id] = e.c === 'secret' ? createSecretKey(Buffer.from(text, 'base64')) : e.c === 'public' ? createPublicKey(text) : createPrivateKey(text);
        break;
      }
      case 'X': {
        const x = externals.get(e.v as string);
        if (!x) throw new SnapshotError(`snapshot: the loading mock has no ${String(e.v)} to bind`);
        made[id] = x;
        break;
      }
      default:
        throw new SnapshotError(`snapshot: unknown object kind ${String((e as { k: unknown }).k)}`);
    }
  }
  const value = (v: Encoded): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if ('@' in v) {
      const o = made[v['@']];
      if (o === undefined) throw new SnapshotError(`snapshot: reference to missing object ${v['@']}`);
      return o;
    }
    if ('u' in v) return undefined;
    if ('n' in v) return v.n === '-0' ? -0 : Number(v.n);
    if ('i' in v) return BigInt(v.i);
    throw new SnapshotError('snapshot: unknown tagged value');
  };
  const assign = (o: object, p: Record<string, Encoded> | undefined): void => {
    if (!p) return;
    for (const k of Object.keys(p)) (o as Record<string, unknown>)[k] = value(p[k]!);
  };
  for (let id = 0; id < table.length; id++) {
    const e = table[id]!;
    const o = made[id]!;
    switch (e.k) {
      case 'O': {
        assign(o, e.v as Record<string, Encoded>);
        const transient = e.c !== undefined ? transientOf(o) : undefined;
        for (const [k, make] of Object.entries(transient ?? {})) (o as Record<string, unknown>)[k] = make();
        break;
      }
      case 'N':
        assign(o, e.v as Record<string, Encoded>);
        break;
      case 'A': {
        const a = o as unknown[];
        for (const x of e.v as Encoded[]) Array.prototype.push.call(a, value(x));
        assign(o, e.p);
        break;
      }
      case 'M':
        for (const [k, x] of e.v as Encoded[][]) Map.prototype.set.call(o, value(k!), value(x!));
        assign(o, e.p);
        break;
      case 'S':
        for (const x of e.v as Encoded[]) Set.prototype.add.call(o, value(x));
        assign(o, e.p);
        break;
      default:
        break;
    }
  }
  return value(graph.root);
}
