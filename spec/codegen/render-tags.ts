/**
 * Renderers of the outputs split by spec tag (= domain): the route table, the ajv standalone validators and the
 * openapi-typescript types. Each tag's part lands in spec/generated/<tag>/, so an edit to one domain's paths
 * rewrites that domain's files only; a small root file per kind assembles the parts under the import path the
 * server has always used (operations.ts, validators-query.ts, validators-body.ts, openapi.ts).
 */
import ts from 'typescript';
import openapiTS, { astToString } from 'openapi-typescript';
import Ajv2020Module from 'ajv/dist/2020.js';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { BANNER, isObject, jsonRows, type Json, type JsonObject } from './common.js';
import type { OperationRow } from './describe.js';

// ajv ships CommonJS with `exports.default`; under ESM the default import is the module object.
type AjvLike = { addSchema(schema: object, key: string): unknown };
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as unknown as new (
  options: object,
) => AjvLike;
const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ?? standaloneModule) as unknown as (
  ajv: AjvLike,
  refs: Record<string, string>,
) => string;

/** A tag's folder name doubles as part of a TypeScript identifier in the root files. */
export const TAG_NAME = /^[a-z][a-z0-9-]*$/;

function ident(tag: string): string {
  return tag.replaceAll('-', '_');
}

export function renderOperationsRoot(tags: readonly string[]): string {
  const imports = tags.map((t) => `import { OPERATIONS as ${ident(t)}Ops } from './${t}/operations.js';`).join('\n');
  return `${BANNER}
${imports}

export type AuthKind = 'access_token' | 'suite_access_token' | 'provider_access_token' | 'none' | 'admin' | 'page';

export interface FieldCode {
  /** errcode when the field is absent. */
  missing?: number;
  /** errcode when the field is present but malformed. */
  invalid?: number;
}

/** One operation of the spec, as the server mounts it. */
export interface OperationDef {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  tag: string;
  summary: string;
  auth: AuthKind;
  /** A WeCom API operation (a CGI, or a pay-host path of WeCom's enterprise payments): what coverage counts. */
  wecomApi: boolean;
  /** Every errcode the operation may answer (its own and its pipeline stages'). */
  errcodes: readonly number[];
  /** Names of spec/limits.yaml entries that apply. */
  limits: readonly string[];
  /** Fields WeCom keeps in the body on errors. */
  errorDefaults: Readonly<Record<string, unknown>>;
  /** errmsg of a successful answer. */
  successErrmsg: string;
  queryParams: readonly string[];
  pathParams: readonly string[];
  hasBody: boolean;
  bodyRequired: boolean;
  /** 'json': the pipeline reads and validates a JSON body; 'stream': the handler reads \`ctx.request\` itself (multipart uploads). */
  bodyKind: 'none' | 'json' | 'stream';
  /** errcode overrides by field path ('a.b', arrays as 'list[]'). */
  fields: Readonly<Record<string, FieldCode>>;
  /** The limits.yaml size entry bounding the JSON body when it may exceed request_body_max (\`x-wecom-body-max\`, e.g. base64 uploads). */
  bodyMax?: string;
  /** Top-level body fields with \`contentEncoding: base64\`: read as a stream and decoded, never held as text (core/pipeline/body-base64.ts). */
  base64Fields?: readonly string[];
}

/** Every operation of the spec, tag by tag (each tag's rows are in spec/generated/<tag>/operations.ts). */
export const OPERATIONS: readonly OperationDef[] = [
${tags.map((t) => `  ...${ident(t)}Ops,`).join('\n')}
];
`;
}

export function renderOperationsTag(ops: readonly OperationRow[]): string {
  return `${BANNER}
import type { OperationDef } from '../operations.js';

export const OPERATIONS: readonly OperationDef[] = ${jsonRows(ops)};
`;
}

/** The validators of one tag: ajv standalone code, one export per operationId. */
export function renderValidators(schemas: Record<string, JsonObject>, coerce: boolean): string {
  // One ajv instance per tag, so a tag's output (function numbering included) depends on that tag's schemas only.
  const ajv = new Ajv2020({
    code: { source: true, esm: true, lines: true },
    allErrors: false,
    strict: true,
    strictTypes: false,
    coerceTypes: coerce,
    useDefaults: false,
    validateFormats: false,
  });
  const refs: Record<string, string> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    ajv.addSchema(schema as object, id);
    refs[id] = id;
  }
  let code = Object.keys(refs).length ? standaloneCode(ajv, refs) : '';
  // ajv emits require() for its runtime helpers; hoist them to ESM imports with explicit extensions. Node's
  // ESM import of a CommonJS module yields module.exports ({ default: fn }); vite's interop yields fn itself.
  const imports: string[] = [];
  code = code.replace(/require\("([^"]+)"\)\.default/g, (_m: string, mod: string) => {
    const local = `__rt${imports.length}`;
    imports.push(`import ${local} from ${JSON.stringify(mod.endsWith('.js') ? mod : mod + '.js')};`);
    return `(typeof ${local} === 'function' ? ${local} : (${local} as any).default)`;
  });
  if (/require\(/.test(code)) throw new Error('unexpected require() left in the ajv standalone output');
  code = code.replace(/^"use strict";/, '');
  return `${BANNER}// @ts-nocheck — ajv standalone output.
${imports.join('\n')}
${code}
`;
}

/** validators-<kind>.ts at the root: every tag's validators under one namespace (operationIds are unique). */
export function renderValidatorsRoot(kind: 'query' | 'body', tags: readonly string[]): string {
  const what = kind === 'query' ? 'query parameters (types coerced from strings)' : 'JSON bodies (no coercion, as WeCom)';
  return `${BANNER}
/** ajv standalone validators of ${what}, by operationId. */
${tags.map((t) => `export * from './${t}/validators-${kind}.js';`).join('\n') || 'export {};'}
`;
}

/**
 * Loaders of each tag's query validators: the server imports a tag's validators on the first request of that
 * tag, so the cold start parses only what its first request needs (the bundler makes each one a chunk).
 */
export function renderQueryValidatorLoaders(tags: readonly string[]): string {
  return `${BANNER}
/** A tag's ajv standalone validators of query parameters (by operationId), imported on first need. */
export const queryValidatorLoaders: Readonly<Record<string, () => Promise<Record<string, unknown>>>> = {
${tags.map((t) => `  ${JSON.stringify(t)}: () => import('./${t}/validators-query.js'),`).join('\n')}
};
`;
}

type Statement = ts.Node;

/** The top-level declaration of an openapi-typescript AST with this name. */
/** The helper types openapi-typescript appends to its output when a schema needs them. */
const HELPER_NAMES = ['WithRequired'];
const HELPER_TYPES = '\nexport type WithRequired<T, K extends keyof T> = T & { [P in K]-?: T[P] };\n';

function declaration(ast: readonly Statement[], name: string): Statement {
  const found = ast.find(
    (n) => (ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) && n.name.text === name,
  );
  if (!found) throw new Error(`openapi-typescript output has no ${name}`);
  return found;
}

/**
 * openapi.ts, split: the root holds what the whole document shares (components, webhooks and the webhooks'
 * operations) and declares `paths` and `operations` as interfaces extending every tag's; each tag's
 * openapi.ts holds its paths and operations. `paths[P]`, `operations[K]`, `keyof paths` mean what they meant
 * when the file was one.
 */
export async function renderTypes(
  doc: JsonObject,
  tags: readonly string[],
  tagOf: (operationId: string) => string,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const paths = (doc['paths'] ?? {}) as Record<string, JsonObject>;
  const byTag = new Map<string, Record<string, Json>>(tags.map((t) => [t, {}]));
  for (const [path, item] of Object.entries(paths)) {
    // Every operation of a path item shares its tag (checked by the generator), so the item moves whole.
    const op = Object.values(item).find((v) => typeof v === 'object' && v !== null && 'operationId' in v) as JsonObject | undefined;
    const tag = tagOf(String(op?.['operationId'] ?? ''));
    byTag.get(tag)![path] = item;
  }

  const shared = await openapiTS({ ...doc, paths: {} } as never, { alphabetize: false });
  const webhookOps = declaration(shared, 'operations') as ts.InterfaceDeclaration;
  const renamed = ts.factory.updateInterfaceDeclaration(
    webhookOps,
    webhookOps.modifiers,
    ts.factory.createIdentifier('webhookOperations'),
    webhookOps.typeParameters,
    webhookOps.heritageClauses,
    webhookOps.members,
  );
  const imports = tags.map((t) => `import type { paths as ${ident(t)}Paths, operations as ${ident(t)}Operations } from './${t}/openapi.js';`);
  const extendsList = (suffix: string, extra: string[] = []): string =>
    [...extra, ...tags.map((t) => `${ident(t)}${suffix}`)].map((n) => `\n    ${n}`).join(',');
  out.set(
    'openapi.ts',
    `${BANNER}${imports.join('\n')}

/** Every path of the spec (each tag's are in spec/generated/<tag>/openapi.ts). */
export interface paths extends${extendsList('Paths')} {}

/** Every operation of the spec by operationId, callback events included. */
export interface operations extends${extendsList('Operations', ['webhookOperations'])} {}

` +
      astToString([declaration(shared, 'webhooks'), declaration(shared, 'components'), declaration(shared, '$defs')] as never) +
      '/** The operations of the callback events of `webhooks`. */\n' +
      astToString([renamed] as never) +
      // openapi-typescript's helper types (WithRequired for `allOf` + `required`), exported for the tag files.
      HELPER_TYPES,
  );

  const { webhooks: _w, ...withoutWebhooks } = doc;
  for (const tag of tags) {
    const tagPaths = byTag.get(tag)!;
    // Only the components the tag's paths reach: the output names them either way, and transforming all
    // of them once per tag would be most of the generator's time.
    const tagDoc = { ...withoutWebhooks, paths: tagPaths, components: reachedComponents(tagPaths, doc) };
    const ast = await openapiTS(tagDoc as never, { alphabetize: false });
    const body = astToString([declaration(ast, 'paths'), declaration(ast, 'operations')] as never);
    const helpers = HELPER_NAMES.filter((n) => body.includes(`${n}<`));
    out.set(`${tag}/openapi.ts`, `${BANNER}import type { ${['components', ...helpers].join(', ')} } from '../openapi.js';\n\n${body}`);
  }
  return out;
}

/** The components of `doc` that a `#/components/…` $ref chain from `from` reaches (security schemes always). */
function reachedComponents(from: Json, doc: JsonObject): JsonObject {
  const all = (doc['components'] ?? {}) as Record<string, Record<string, Json>>;
  const out: Record<string, Record<string, Json>> = {};
  if (all['securitySchemes']) out['securitySchemes'] = all['securitySchemes'];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isObject(node)) {
      const ref = node['$ref'];
      if (typeof ref === 'string' && ref.startsWith('#/components/')) {
        const [kind, name] = ref.slice('#/components/'.length).split('/') as [string, string];
        if (!out[kind]?.[name] && all[kind]?.[name] !== undefined) {
          (out[kind] ??= {})[name] = all[kind][name]!;
          walk(all[kind][name]!);
        }
      }
      for (const v of Object.values(node)) walk(v);
    }
  };
  walk(from);
  return out as JsonObject;
}
