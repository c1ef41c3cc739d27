/** Schema helpers for the generator: inline $refs, drop OpenAPI-only keywords, collect field errcodes. */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

export type FieldCodes = Record<string, { missing?: number; invalid?: number }>;

/** Keywords OpenAPI allows in a schema that JSON Schema validators (ajv strict) do not know. */
const OPENAPI_ONLY = new Set(['example', 'discriminator', 'xml', 'externalDocs']);

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Replaces every `#/components/...` $ref with a copy of its target (the spec has no recursive schemas). */
export function derefSchema(node: Json, components: JsonObject, seen: string[] = []): Json {
  if (Array.isArray(node)) return node.map((n) => derefSchema(n, components, seen));
  if (!isObject(node)) return node;
  const ref = node['$ref'];
  if (typeof ref === 'string') {
    if (!ref.startsWith('#/components/')) throw new Error(`cannot inline $ref ${ref}`);
    if (seen.includes(ref)) throw new Error(`recursive schema through ${ref}`);
    let cur: Json = components;
    for (const part of ref.slice('#/components/'.length).split('/')) cur = (cur as JsonObject)[part] as Json;
    if (cur === undefined) throw new Error(`dangling $ref ${ref}`);
    const { $ref: _drop, ...siblings } = node;
    const target = derefSchema(cur, components, [...seen, ref]) as JsonObject;
    return Object.keys(siblings).length ? { ...target, ...(derefSchema(siblings, components, seen) as JsonObject) } : target;
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) out[k] = derefSchema(v, components, seen);
  return out;
}

/** Drops `x-*` extensions and OpenAPI-only keywords so ajv (strict) compiles the schema. */
export function stripExtensions(node: Json): Json {
  if (Array.isArray(node)) return node.map(stripExtensions);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('x-') || OPENAPI_ONLY.has(k)) continue;
    // `properties` maps names to schemas: keep every name, even one that looks like a keyword.
    if (k === 'properties' && isObject(v)) {
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(v)) props[name] = stripExtensions(sub);
      out[k] = props;
      continue;
    }
    out[k] = stripExtensions(v);
  }
  return out;
}

/**
 * Records `x-wecom-missing` / `x-wecom-invalid` of every property below `schema`, keyed by dotted path
 * (`text.content`, arrays as `articles[].title`).
 */
export function collectFieldCodes(
  schema: Json,
  prefix: string,
  fields: FieldCodes,
  codeOf: (name: Json | undefined, ctx: string) => number | undefined,
): void {
  if (!isObject(schema)) return;
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) for (const s of list) collectFieldCodes(s, prefix, fields, codeOf);
  }
  if (isObject(schema['items'])) collectFieldCodes(schema['items'], `${prefix}[]`, fields, codeOf);
  const props = schema['properties'];
  if (!isObject(props)) return;
  for (const [name, sub] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (isObject(sub)) {
      const missing = codeOf(sub['x-wecom-missing'], `property ${path}`);
      const invalid = codeOf(sub['x-wecom-invalid'], `property ${path}`);
      if (missing !== undefined || invalid !== undefined) {
        fields[path] = { ...(missing !== undefined && { missing }), ...(invalid !== undefined && { invalid }) };
      }
    }
    collectFieldCodes(sub, path, fields, codeOf);
  }
}
