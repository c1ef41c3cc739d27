/**
 * Every field of WeCom's official request/response samples is declared by the spec, with a compatible type.
 *
 * The facts come from spec/reference/example-fields.json (field paths and JSON types per WeCom path, derived
 * from the samples of developer.work.weixin.qq.com/document by scripts/example-fields.ts). For each operation
 * of spec/generated/openapi.json whose path has sample data: each request field path must exist in the
 * operation's JSON body schema (or, for an operation without a body, be a query parameter), and each response
 * field path in its 200 JSON schema, $refs and allOf/anyOf/oneOf members resolved. The data file is part of
 * the project: when it is missing the test fails, it never skips.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'object' | 'array';
interface EndpointFields {
  request?: Record<string, JsonType | JsonType[]>;
  response?: Record<string, JsonType | JsonType[]>;
}
type Schema = Record<string, unknown>;

const DATA = new URL('./reference/example-fields.json', import.meta.url);
const SPEC = new URL('./generated/openapi.json', import.meta.url);

const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as {
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema> };
};

function deref(s: Schema): Schema {
  let cur = s;
  for (let i = 0; i < 10 && typeof cur['$ref'] === 'string'; i++) {
    const ref = cur['$ref'] as string;
    const next = spec.components.schemas[ref.replace('#/components/schemas/', '')];
    if (!next) throw new Error(`dangling $ref ${ref}`);
    cur = next;
  }
  return cur;
}

/** The schema and the members it combines (allOf / anyOf / oneOf, recursively), dereferenced. */
function branches(s: Schema): Schema[] {
  const d = deref(s);
  const out = [d];
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) for (const sub of (d[key] as Schema[] | undefined) ?? []) out.push(...branches(sub));
  return out;
}

/** JSON types a schema admits (undefined: no type information, anything goes). */
function typesOf(s: Schema): Set<string> | undefined {
  const out = new Set<string>();
  for (const b of branches(s)) {
    const t = b['type'];
    if (Array.isArray(t)) for (const x of t as string[]) out.add(x);
    else if (typeof t === 'string') out.add(t);
    else if ('const' in b) out.add(jsonTypeOf(b['const']));
    else if (Array.isArray(b['enum'])) for (const v of b['enum'] as unknown[]) out.add(jsonTypeOf(v));
  }
  return out.size ? out : undefined;
}

function jsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Does a schema admitting `types` accept a sample value of JSON type `t`? (integer ⊂ number) */
function compatible(types: Set<string> | undefined, t: JsonType): boolean {
  if (!types || t === 'null') return true;
  if (types.has(t)) return true;
  return t === 'integer' && types.has('number');
}

/** The sub-schemas a path step leads to (`name` or `[]`); empty when the step is not declared. */
function step(s: Schema, seg: string): Schema[] {
  const out: Schema[] = [];
  for (const b of branches(s)) {
    if (seg === '[]') {
      if (b['items'] && typeof b['items'] === 'object') out.push(b['items'] as Schema);
      continue;
    }
    const props = b['properties'] as Record<string, Schema> | undefined;
    if (props?.[seg]) out.push(props[seg]);
    const ap = b['additionalProperties'];
    if (ap && typeof ap === 'object') out.push(ap as Schema);
  }
  return out;
}

function segments(path: string): string[] {
  return path.split(/\.|(?=\[\])/).flatMap((p) => (p.startsWith('[]') ? ['[]', ...(p.length > 2 ? [p.slice(2)] : [])] : [p])).filter(Boolean);
}

/** Problems of one sample against a root schema: undeclared paths and incompatible types. */
function checkFields(root: Schema, fields: Record<string, JsonType | JsonType[]>, side: string): string[] {
  const problems: string[] = [];
  const missingPrefixes: string[] = [];
  for (const [path, typeOrTypes] of Object.entries(fields)) {
    // Report an undeclared object once, not each of its fields.
    if (missingPrefixes.some((p) => path.startsWith(`${p}.`) || path.startsWith(`${p}[]`))) continue;
    let at: Schema[] = [root];
    for (const seg of segments(path)) at = at.flatMap((s) => step(s, seg));
    if (at.length === 0) {
      problems.push(`${side} ${path}: not declared`);
      missingPrefixes.push(path);
      continue;
    }
    const types = ([] as JsonType[]).concat(typeOrTypes);
    for (const t of types) {
      if (!at.some((s) => compatible(typesOf(s), t))) {
        problems.push(`${side} ${path}: the sample has ${t}, the spec ${[...new Set(at.flatMap((s) => [...(typesOf(s) ?? [])]))].join('|')}`);
      }
    }
  }
  return problems;
}

function jsonSchemaOf(node: Schema | undefined): Schema | undefined {
  const content = node?.['content'] as Record<string, { schema?: Schema }> | undefined;
  return content?.['application/json']?.schema;
}

describe('official samples vs the spec', () => {
  it('spec/reference/example-fields.json exists and covers the sample endpoints', () => {
    expect(existsSync(DATA), 'spec/reference/example-fields.json is missing: run `npx tsx scripts/example-fields.ts <examples-dir>`').toBe(true);
    const data = JSON.parse(readFileSync(DATA, 'utf8')) as { endpoints: Record<string, EndpointFields> };
    expect(Object.keys(data.endpoints).length).toBeGreaterThan(500);
  });

  it('every request and response field of a sample is declared by its operation, with a compatible type', () => {
    expect(existsSync(DATA), 'spec/reference/example-fields.json is missing').toBe(true);
    const data = JSON.parse(readFileSync(DATA, 'utf8')) as { endpoints: Record<string, EndpointFields> };
    const problems: string[] = [];
    let checked = 0;
    for (const [path, item] of Object.entries(spec.paths)) {
      const sample = data.endpoints[path];
      if (!sample) continue;
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        checked++;
        const where = `${method.toUpperCase()} ${path}`;
        if (sample.request) {
          const body = jsonSchemaOf(op['requestBody'] as Schema | undefined);
          if (body) problems.push(...checkFields(body, sample.request, 'request').map((p) => `${where} ${p}`));
          else {
            // No JSON body (e.g. GET): the sample's top-level fields must be query parameters.
            const params = new Set(((op['parameters'] as Array<{ name: string; in: string }> | undefined) ?? []).filter((p) => p.in === 'query').map((p) => p.name));
            for (const f of Object.keys(sample.request)) if (!/[.[]/.test(f) && !params.has(f)) problems.push(`${where} request ${f}: not a body field nor a query parameter`);
          }
        }
        if (sample.response) {
          const ok = jsonSchemaOf((op['responses'] as Record<string, Schema> | undefined)?.['200']);
          if (ok) problems.push(...checkFields(ok, sample.response, 'response').map((p) => `${where} ${p}`));
          else problems.push(`${where} response: the sample is JSON, the spec declares no JSON 200 answer`);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });
});
