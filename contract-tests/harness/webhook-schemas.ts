/**
 * Checks a callback's plaintext XML against the spec's webhook schemas (spec/webhooks, bundled in
 * spec/generated/openapi.json): picks the schema by the XML's own discriminators (MsgType / Event / InfoType
 * and ChangeType), gives the XML's text leaves the JSON types the schema names (XML has only text: `<Id>2</Id>`
 * is the integer 2, one `<Item>` is an array of one), then validates strictly (unevaluatedProperties: false).
 */
import { existsSync, readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import { readCallbackXml, type XmlJson } from './xml.js';

type Schema = Record<string, unknown>;
type ValidateFn = ((data: unknown) => boolean) & { errors?: unknown };
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as unknown as new (o: object) => {
  addSchema(schema: object, key: string): unknown;
  compile(schema: object): ValidateFn;
};

// From the source tree, or compiled in dist/ (tsc does not copy the JSON there: it is the package's copy).
const specUrl = ['../../spec/generated/openapi.json', '../../../spec/generated/openapi.json']
  .map((rel) => new URL(rel, import.meta.url))
  .find((u) => existsSync(u));
if (!specUrl) throw new Error('spec/generated/openapi.json not found');
const spec = JSON.parse(readFileSync(specUrl, 'utf8')) as {
  webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> } } }>;
  components: { schemas: Record<string, Schema> };
};

function deref(s: Schema): Schema {
  let cur = s;
  for (let i = 0; i < 10 && typeof cur['$ref'] === 'string'; i++) {
    const name = (cur['$ref'] as string).replace('#/components/schemas/', '');
    const next = spec.components.schemas[name];
    if (!next) throw new Error(`dangling $ref ${String(cur['$ref'])}`);
    cur = next;
  }
  return cur;
}

/** Own properties and those of allOf / anyOf / oneOf members (the header components). */
function propertiesOf(s: Schema): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    for (const sub of (s[key] as Schema[] | undefined) ?? []) Object.assign(out, propertiesOf(deref(sub)));
  }
  return Object.assign(out, (s['properties'] as Record<string, Schema> | undefined) ?? {});
}

function typesOf(s: Schema): string[] {
  const t = s['type'];
  if (Array.isArray(t)) return t as string[];
  if (typeof t === 'string') return [t];
  if (typeof s['const'] === 'number') return ['integer'];
  if (Array.isArray(s['enum']) && (s['enum'] as unknown[]).every((v) => typeof v === 'number')) return ['integer'];
  return [];
}

/** The XML JSON with the types of `schema`: numeric text → number, a single repeated element → array. */
export function shapeForSchema(value: XmlJson | XmlJson[], schemaIn: Schema): unknown {
  const schema = deref(schemaIn);
  const types = typesOf(schema);
  if (types.includes('array')) {
    const items = deref((schema['items'] as Schema | undefined) ?? {});
    return (Array.isArray(value) ? value : [value]).map((v) => shapeForSchema(v, items));
  }
  if (Array.isArray(value)) return value.map((v) => shapeForSchema(v, schema));
  if (typeof value === 'string') {
    if ((types.includes('integer') || types.includes('number')) && /^-?[0-9]+(\.[0-9]+)?$/.test(value.trim())) return Number(value);
    return value;
  }
  const props = propertiesOf(schema);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = props[k] ? shapeForSchema(v, props[k]) : v;
  return out;
}

function constOf(s: Schema | undefined): string | undefined {
  return s && typeof s['const'] === 'string' ? s['const'] : undefined;
}

/**
 * XML webhook schema name by `${kind}/${ChangeType ?? ''}` (kind: Event, else InfoType, else MsgType). The
 * AI bots' JSON callbacks (application/json) are checked by their own suite.
 */
export const WEBHOOK_SCHEMAS: ReadonlyMap<string, string> = (() => {
  const out = new Map<string, string>();
  for (const hook of Object.values(spec.webhooks)) {
    for (const [type, media] of Object.entries(hook.post.requestBody.content)) {
      if (type !== 'application/xml') continue;
      const name = media.schema.$ref.replace('#/components/schemas/', '');
      const props = propertiesOf(deref(media.schema));
      const kind = constOf(props['Event']) ?? constOf(props['InfoType']) ?? constOf(props['MsgType']);
      if (kind === undefined) throw new Error(`webhook schema ${name} has no Event, InfoType or MsgType const`);
      const key = `${kind}/${constOf(props['ChangeType']) ?? ''}`;
      if (out.has(key)) throw new Error(`webhook schemas ${out.get(key)} and ${name} share ${key}`);
      out.set(key, name);
    }
  }
  return out;
})();

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(spec, 'spec');
const compiled = new Map<string, ValidateFn>();

export interface WebhookCheck {
  /** The schema the XML was checked against (undefined when none matches its discriminators). */
  schema: string | undefined;
  /** The XML as JSON with the schema's types. */
  json: Record<string, unknown>;
  /** ajv's errors, or a sentence when no schema matches; empty when valid. */
  errors: string[];
}

/** ajv's errors of `json` against the named webhook schema (empty when valid). */
export function webhookErrors(schema: string, json: unknown): string[] {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile({ $ref: `spec#/components/schemas/${schema}` });
    compiled.set(schema, v);
  }
  if (v(json)) return [];
  return ((v.errors as Array<{ instancePath: string; message?: string; params?: unknown }>) ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

/** Validates a callback plaintext against the webhook schema its discriminators name. */
export function checkWebhookXml(xml: string): WebhookCheck {
  const raw = readCallbackXml(xml);
  const text = (k: string): string | undefined => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
  const msgType = text('MsgType');
  const kind = text('Event') ?? text('InfoType') ?? msgType;
  const key = `${kind ?? ''}/${text('ChangeType') ?? ''}`;
  const schema = WEBHOOK_SCHEMAS.get(key);
  if (schema === undefined) return { schema, json: raw, errors: [`no webhook schema for ${key}`] };
  const json = shapeForSchema(raw, { $ref: `#/components/schemas/${schema}` }) as Record<string, unknown>;
  return { schema, json, errors: webhookErrors(schema, json) };
}
