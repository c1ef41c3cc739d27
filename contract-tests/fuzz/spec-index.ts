/**
 * Every operation of the bundled spec with what a request generator and an answer checker need:
 * parameters (path-level ones merged in), request body media types and schemas, documented answers.
 * Read from spec/generated/openapi.json, so operations added to the spec are fuzzed without a change here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { OPERATIONS, type OperationDef } from '../../spec/generated/operations.js';
import { deref, type Doc, type Schema } from './schema.js';

/** spec/generated/openapi.json from the source tree or from dist/ (tsc does not copy it there). */
function specFile(): URL {
  for (const rel of ['../../spec/generated/openapi.json', '../../../spec/generated/openapi.json']) {
    const u = new URL(rel, import.meta.url);
    if (existsSync(u)) return u;
  }
  throw new Error('spec/generated/openapi.json not found');
}

/** The bundled OpenAPI document. */
export const SPEC = JSON.parse(readFileSync(specFile(), 'utf8')) as Doc;

export interface ParamInfo {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
}

export interface ResponseInfo {
  /** '200', '302', '4XX', 'default'… */
  status: string;
  /** media type → schema (undefined when the media type has none). */
  content: Record<string, Schema | undefined>;
  /** JSON pointer of the schema of the JSON answer, for ajv. */
  jsonPointer: string | undefined;
}

export interface OpInfo {
  def: OperationDef;
  operationId: string;
  method: string;
  path: string;
  /** 'wecom' (errcode envelope), 'page' (HTML pages and redirects) or 'admin' (the control plane). */
  kind: 'wecom' | 'page' | 'admin';
  params: ParamInfo[];
  body: { required: boolean; content: Record<string, Schema | undefined> } | undefined;
  responses: ResponseInfo[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function pointerEscape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The answer's JSON pointer, following a `$ref` response to its component. */
function responsePointer(doc: Doc, path: string, method: string, status: string, media: string): string {
  const raw = ((((doc['paths'] as Doc)[path] as Doc)[method] as Doc)['responses'] as Doc)[status] as Record<string, unknown>;
  const base =
    typeof raw['$ref'] === 'string'
      ? (raw['$ref'] as string).slice(1)
      : `/paths/${pointerEscape(path)}/${method}/responses/${pointerEscape(status)}`;
  return `${base}/content/${pointerEscape(media)}/schema`;
}

function buildIndex(): Map<string, OpInfo> {
  const byId = new Map(OPERATIONS.map((o) => [o.operationId, o]));
  const out = new Map<string, OpInfo>();
  const paths = SPEC['paths'] as Record<string, Record<string, unknown>>;
  for (const [path, item] of Object.entries(paths)) {
    const shared = ((item['parameters'] as unknown[] | undefined) ?? []).map((p) => deref<Record<string, unknown>>(SPEC, p));
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const id = op['operationId'] as string;
      const def = byId.get(id);
      if (!def) continue;
      const own = ((op['parameters'] as unknown[] | undefined) ?? []).map((p) => deref<Record<string, unknown>>(SPEC, p));
      const merged = new Map<string, Record<string, unknown>>();
      for (const p of [...shared, ...own]) merged.set(`${String(p['in'])}:${String(p['name'])}`, p);
      const params: ParamInfo[] = [...merged.values()].map((p) => ({
        name: String(p['name']),
        in: p['in'] as ParamInfo['in'],
        required: p['required'] === true,
        schema: deref(SPEC, p['schema'] ?? {}),
      }));
      let body: OpInfo['body'];
      if (op['requestBody'] !== undefined) {
        const rb = deref<Record<string, unknown>>(SPEC, op['requestBody']);
        const content: Record<string, Schema | undefined> = {};
        for (const [media, m] of Object.entries((rb['content'] as Record<string, Record<string, unknown>> | undefined) ?? {})) {
          content[media] = m['schema'] !== undefined ? deref(SPEC, m['schema']) : undefined;
        }
        body = { required: rb['required'] === true, content };
      }
      const responses: ResponseInfo[] = [];
      for (const [status, r] of Object.entries((op['responses'] as Record<string, unknown> | undefined) ?? {})) {
        const resp = deref<Record<string, unknown>>(SPEC, r);
        const content: Record<string, Schema | undefined> = {};
        let jsonPointer: string | undefined;
        for (const [media, m] of Object.entries((resp['content'] as Record<string, Record<string, unknown>> | undefined) ?? {})) {
          content[media] = m['schema'] !== undefined ? deref(SPEC, m['schema']) : undefined;
          if (m['schema'] !== undefined && /json/.test(media) && jsonPointer === undefined) {
            jsonPointer = responsePointer(SPEC, path, method, status, media);
          }
        }
        responses.push({ status, content, jsonPointer });
      }
      const kind: OpInfo['kind'] = def.auth === 'admin' ? 'admin' : op['x-wecom-page'] === true || def.auth === 'page' ? 'page' : 'wecom';
      out.set(id, { def, operationId: id, method: method.toUpperCase(), path, kind, params, body, responses });
    }
  }
  return out;
}

let index: Map<string, OpInfo> | undefined;

/** Every operation of the spec, by operationId. */
export function specOperations(): Map<string, OpInfo> {
  index ??= buildIndex();
  return index;
}
