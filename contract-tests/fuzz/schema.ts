/**
 * JSON Schema → fast-check arbitraries, driven by the bundled spec (spec/generated/openapi.json).
 *
 * `validArb` draws values the schema accepts (with known-good ids mixed in by field name, so calls reach
 * the handlers' state); `invalidArb` draws values it refuses in one way (type, bound, length, pattern,
 * enum). Only the keywords the spec uses are understood; anything else falls back to "any JSON".
 */
import fc from 'fast-check';

export type Schema = Record<string, unknown>;
export type Doc = Record<string, unknown>;

/** Known-good values by field name (userid → real members, agentid → the app…). */
export type Hints = Readonly<Record<string, readonly unknown[]>>;

/** Follows a local `$ref` (`#/components/...`) of the document. */
export function deref<T = Schema>(doc: Doc, node: unknown): T {
  let cur = node as Record<string, unknown> | undefined;
  for (let i = 0; i < 20 && cur && typeof cur['$ref'] === 'string'; i++) {
    const ref = cur['$ref'] as string;
    if (!ref.startsWith('#/')) throw new Error(`only local $ref are supported, got ${ref}`);
    let target: unknown = doc;
    for (const raw of ref.slice(2).split('/')) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      target = (target as Record<string, unknown> | undefined)?.[key];
    }
    cur = target as Record<string, unknown> | undefined;
  }
  return (cur ?? {}) as T;
}

/** allOf merged into one object schema (properties and required united), $refs followed. */
export function flatten(doc: Doc, node: unknown): Schema {
  const s = deref(doc, node);
  const all = s['allOf'];
  if (!Array.isArray(all)) return s;
  const out: Schema = { ...s };
  delete out['allOf'];
  const props: Record<string, unknown> = { ...((s['properties'] as Record<string, unknown> | undefined) ?? {}) };
  const req = new Set<string>((s['required'] as string[] | undefined) ?? []);
  for (const part of all) {
    const p = flatten(doc, part);
    Object.assign(props, (p['properties'] as Record<string, unknown> | undefined) ?? {});
    for (const r of (p['required'] as string[] | undefined) ?? []) req.add(r);
    if (p['type'] !== undefined && out['type'] === undefined) out['type'] = p['type'];
  }
  out['properties'] = props;
  if (req.size > 0) out['required'] = [...req];
  if (out['type'] === undefined) out['type'] = 'object';
  return out;
}

function types(s: Schema): string[] {
  const t = s['type'];
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  if (s['properties'] !== undefined) return ['object'];
  if (s['items'] !== undefined) return ['array'];
  return [];
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Plain text of every flavour: ASCII, CJK, emoji, control characters. */
export function textArb(minLength = 0, maxLength = 40): fc.Arbitrary<string> {
  const max = Math.max(minLength, maxLength);
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength, maxLength: max }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength: max }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength, maxLength: max }) },
  );
}

/** The schema's `pattern` as a unicode RegExp; undefined when there is none or JavaScript cannot read it. */
function patternOf(s: Schema): RegExp | undefined {
  if (typeof s['pattern'] !== 'string') return undefined;
  try {
    return new RegExp(s['pattern'], 'u');
  } catch {
    return undefined;
  }
}

function stringArb(s: Schema): fc.Arbitrary<string> {
  const min = num(s['minLength']) ?? 0;
  const declaredMax = num(s['maxLength']);
  const max = declaredMax ?? Math.max(min, 40);
  const cap = Math.min(max, Math.max(min, 64));
  const fits = (v: string): boolean => [...v].length >= min && [...v].length <= max;
  const re = patternOf(s);
  if (re) {
    // Only a declared maxLength cuts a pattern's strings (no filter: a filter that rarely passes spins forever).
    const matching = fc.stringMatching(re);
    return declaredMax === undefined ? matching : matching.map((v) => ([...v].length > declaredMax ? [...v].slice(0, declaredMax).join('') : v));
  }
  switch (s['format']) {
    case 'uri':
    case 'url':
      return fc.constantFrom('https://example.com/cb', 'http://127.0.0.1:9/x?y=1', 'https://a.example.org/');
    case 'date-time':
      return fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress().map((v) => (fits(v) ? v : v.slice(-max)));
    default:
      // Boundary lengths too: exactly minLength and exactly a declared maxLength.
      return declaredMax === undefined
        ? textArb(min, cap)
        : fc.oneof({ weight: 8, arbitrary: textArb(min, cap) }, { weight: 1, arbitrary: fc.constantFrom('m'.repeat(min), 'M'.repeat(declaredMax)) });
  }
}

function intBounds(s: Schema): { min: number; max: number } {
  let min = num(s['minimum']) ?? -(2 ** 31);
  let max = num(s['maximum']) ?? 2 ** 31 - 1;
  const emin = num(s['exclusiveMinimum']);
  const emax = num(s['exclusiveMaximum']);
  if (emin !== undefined) min = Math.max(min, Math.floor(emin) + 1);
  if (emax !== undefined) max = Math.min(max, Math.ceil(emax) - 1);
  return { min: Math.ceil(min), max: Math.floor(max) };
}

/** Values the schema accepts. `name` is the field's name, looked up in `hints`. */
export function validArb(doc: Doc, node: unknown, hints: Hints = {}, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const s = flatten(doc, node);
  const base = schemaValid(doc, s, hints, depth);
  const hinted = name !== undefined ? hints[name] : undefined;
  if (!hinted || hinted.length === 0) return base;
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hinted) }, { weight: 1, arbitrary: base });
}

function schemaValid(doc: Doc, s: Schema, hints: Hints, depth: number): fc.Arbitrary<unknown> {
  if (Array.isArray(s['enum']) && s['enum'].length > 0) return fc.constantFrom(...(s['enum'] as unknown[]));
  if ('const' in s) return fc.constant(s['const']);
  const alts = (s['oneOf'] ?? s['anyOf']) as unknown[] | undefined;
  if (Array.isArray(alts) && alts.length > 0) return fc.oneof(...alts.map((a) => validArb(doc, a, hints, undefined, depth + 1)));
  const ts = types(s);
  if (ts.length > 1) return fc.oneof(...ts.map((t) => schemaValid(doc, { ...s, type: t }, hints, depth)));
  switch (ts[0]) {
    case 'string':
      return stringArb(s);
    case 'integer': {
      const { min, max } = intBounds(s);
      return min > max ? fc.constant(min) : fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
    }
    case 'number': {
      const min = num(s['minimum']) ?? -1e9;
      const max = num(s['maximum']) ?? 1e9;
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = num(s['minItems']) ?? 0;
      const maxItems = num(s['maxItems']);
      const maxLength = Math.min(maxItems ?? 5, Math.max(minLength, 5));
      if (depth > 4) return fc.constant([]);
      const item = validArb(doc, s['items'] ?? {}, hints, undefined, depth + 1);
      const usual = fc.array(item, { minLength, maxLength });
      // Boundary: exactly maxItems (when that is a sane number of items to send).
      if (maxItems === undefined || maxItems <= maxLength || maxItems > 1000) return usual;
      return fc.oneof({ weight: 12, arbitrary: usual }, { weight: 1, arbitrary: fc.array(item, { minLength: maxItems, maxLength: maxItems }) });
    }
    case 'object': {
      if (depth > 4) return fc.constant({});
      const props = (s['properties'] as Record<string, unknown> | undefined) ?? {};
      const required = new Set((s['required'] as string[] | undefined) ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) {
        if (deref<Schema>(doc, v)['readOnly'] === true) continue;
        model[k] = validArb(doc, v, hints, k, depth + 1);
      }
      return fc.record(model, { requiredKeys: Object.keys(model).filter((k) => required.has(k)) });
    }
    default:
      return depth > 3 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  }
}

const HUGE = 'x'.repeat(70_000);

/** Values the schema refuses, one defect each (wrong type, out of bounds, too long, bad pattern, not in enum). */
export function invalidArb(doc: Doc, node: unknown): fc.Arbitrary<unknown> | undefined {
  const s = flatten(doc, node);
  const out: fc.Arbitrary<unknown>[] = [];
  const ts = types(s);
  const t = ts.find((x) => x !== 'null');
  if (Array.isArray(s['enum'])) {
    const allowed = new Set((s['enum'] as unknown[]).map((v) => JSON.stringify(v)));
    const outside = ['not-in-enum', 987654, '', true].filter((v) => !allowed.has(JSON.stringify(v)));
    if (outside.length > 0) out.push(fc.constantFrom<unknown>(...outside));
  }
  const wrongTypes: Record<string, unknown[]> = {
    string: [12345, true, { a: 1 }, ['x']],
    integer: ['abc', 1.5, true, '1e3', [], {}],
    number: ['abc', true, [], {}],
    boolean: ['yes', 2, [], {}],
    array: ['x', 7, { a: 1 }],
    object: ['x', 7, [1, 2], true],
  };
  if (t && wrongTypes[t] && !ts.includes('null')) out.push(fc.constantFrom(...wrongTypes[t]!));
  if (t === 'string') {
    const min = num(s['minLength']);
    const max = num(s['maxLength']);
    if (max !== undefined) out.push(fc.constantFrom('y'.repeat(max + 1), HUGE));
    else out.push(fc.constant(HUGE));
    if (min !== undefined && min > 0) out.push(fc.constant('z'.repeat(min - 1)));
    if (typeof s['pattern'] === 'string') {
      const r = patternOf(s);
      const bad = r ? ['中文 名字', 'a b', '<script>', '../..', '%00', '\u0000x', 'é'.repeat(3)].filter((v) => !r.test(v)) : [];
      if (bad.length > 0) out.push(fc.constantFrom(...bad));
    }
  }
  if (t === 'integer' || t === 'number') {
    const min = num(s['minimum']) ?? num(s['exclusiveMinimum']);
    const max = num(s['maximum']) ?? num(s['exclusiveMaximum']);
    if (min !== undefined) out.push(fc.constantFrom(min - 1, min - 1e12));
    if (max !== undefined) out.push(fc.constantFrom(max + 1, max + 1e12));
    out.push(fc.constantFrom(1e20, -1e20, 2 ** 53 + 2));
  }
  if (t === 'array') {
    const max = num(s['maxItems']);
    const min = num(s['minItems']);
    if (max !== undefined) out.push(fc.constant(Array.from({ length: max + 1 }, () => 1)));
    if (min !== undefined && min > 0) out.push(fc.constant([]));
  }
  return out.length > 0 ? fc.oneof(...out) : undefined;
}

/** A query-string rendering of a value (objects and arrays as JSON, like a careless client would). */
export function queryText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? '';
}
