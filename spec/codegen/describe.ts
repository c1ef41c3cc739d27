/** One operation of the bundled spec → its route-table row and the schemas its validators check. */
import type { FieldCodes } from './schema-tools.js';
import { collectFieldCodes, derefSchema, stripExtensions } from './schema-tools.js';
import type { CatalogueEntry, Json, JsonObject } from './common.js';

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Codes every operation of a kind can return, added to its x-wecom-errcodes in the bundle. */
const PIPELINE_CODES = {
  all: ['SYSTEM_BUSY', 'API_FREQ_OUT_OF_LIMIT', 'INVALID_PARAMETER', 'API_FORBIDDEN'],
  body: ['DATA_FORMAT_ERROR', 'REQUEST_BODY_TOO_LARGE'],
  accessToken: ['ACCESS_TOKEN_MISSING', 'INVALID_ACCESS_TOKEN', 'ACCESS_TOKEN_EXPIRED'],
  suiteAccessToken: ['SUITE_ACCESS_TOKEN_MISSING', 'INVALID_SUITE_TOKEN', 'SUITE_ACCESS_TOKEN_EXPIRED', 'INVALID_ACCESS_TOKEN'],
} as const;


export interface OperationRow {
  operationId: string;
  method: string;
  path: string;
  tag: string;
  summary: string;
  auth: 'access_token' | 'suite_access_token' | 'provider_access_token' | 'none' | 'admin' | 'page';
  wecomApi: boolean;
  errcodes: number[];
  limits: string[];
  errorDefaults: JsonObject;
  successErrmsg: string;
  queryParams: string[];
  pathParams: string[];
  hasBody: boolean;
  bodyRequired: boolean;
  /** 'stream' when the body is multipart/form-data or another non-JSON type the handler reads itself. */
  bodyKind: 'none' | 'json' | 'stream';
  fields: FieldCodes;
  /** `x-wecom-body-max`: the limits.yaml size entry bounding this operation's JSON body, when larger than request_body_max. */
  bodyMax?: string;
  base64Fields?: string[];
}

export function describeOperation(
  path: string,
  method: string,
  item: JsonObject,
  op: JsonObject,
  doc: JsonObject,
  components: JsonObject,
  byName: Map<string, CatalogueEntry>,
  limitNames: Set<string>,
  problems: string[],
): { row: OperationRow; query?: JsonObject; body?: JsonObject } {
  const operationId = String(op['operationId'] ?? '');
  const where = `${method.toUpperCase()} ${path}`;
  if (!operationId) problems.push(`${where}: no operationId`);
  const tags = (op['tags'] as string[] | undefined) ?? [];
  const tag = tags[0] ?? '';
  const isAdmin = path.startsWith('/__mock/');
  // `x-wecom-page: true`: a page a browser visits (OAuth/SSO login); it answers HTML, not the envelope.
  const isPage = op['x-wecom-page'] === true;
  const isWeCom = path.startsWith('/cgi-bin/');
  // What coverage counts (COVERAGE.md, GET /__mock/coverage): WeCom's CGIs and the WeChat Pay paths of WeCom's
  // enterprise payments (tag mchpay, api.mch.weixin.qq.com); the control plane and browser pages are the mock's own.
  const wecomApi = isWeCom || path.startsWith('/mmpaymkttransfers/');
  if (isWeCom) {
    // operationId derived from the URL: /cgi-bin/a/b_c → a_b_c (ARCHITECTURE.md, Naming); a "-" (only
    // /cgi-bin/external-contact/…) becomes "_" too, so the id stays a JavaScript identifier (typed handlers, validators).
    const expected = path.slice('/cgi-bin/'.length).replaceAll('/', '_').replaceAll('-', '_');
    if (operationId !== expected) problems.push(`${where}: operationId must be ${expected}, is ${operationId}`);
  }

  const security = (op['security'] ?? doc['security'] ?? []) as JsonObject[];
  const schemes = security.flatMap((s) => Object.keys(s));
  let auth: OperationRow['auth'] = 'none';
  // A page under /__mock/ (the console, the docs page) is a page: HTML for a person, not the control plane's JSON.
  if (isPage) auth = 'page';
  else if (isAdmin) auth = 'admin';
  else if (schemes.includes('accessToken')) auth = 'access_token';
  else if (schemes.includes('suiteAccessToken')) auth = 'suite_access_token';
  // providerAccessTokenAsAccessToken: the provider token passed as `access_token` (service/get_login_info).
  else if (schemes.some((n) => n.startsWith('providerAccessToken'))) auth = 'provider_access_token';

  const params = [...((item['parameters'] as JsonObject[] | undefined) ?? []), ...((op['parameters'] as JsonObject[] | undefined) ?? [])].map(
    (p) => resolveRef(p, doc),
  );
  const queryParams = params.filter((p) => p['in'] === 'query');
  const pathParams = params.filter((p) => p['in'] === 'path').map((p) => String(p['name']));
  const requestBody = op['requestBody'] ? resolveRef(op['requestBody'] as JsonObject, doc) : undefined;
  const bodyContent = (requestBody?.['content'] ?? {}) as JsonObject;
  const streamBody = Object.keys(bodyContent).some((t) => t !== 'application/json');
  const bodySchemaRaw = requestBody
    ? ((((requestBody['content'] as JsonObject | undefined)?.['application/json'] as JsonObject | undefined)?.['schema'] as
        | JsonObject
        | undefined) ?? undefined)
    : undefined;

  const fields: FieldCodes = {};
  const codeOf = (name: Json | undefined, ctx: string): number | undefined => {
    if (name === undefined) return undefined;
    const e = byName.get(String(name));
    if (!e) problems.push(`${where}: ${ctx} names unknown errcode ${String(name)}`);
    return e?.code;
  };

  let querySchema: JsonObject | undefined;
  if (queryParams.length > 0) {
    const properties: JsonObject = {};
    const required: string[] = [];
    for (const p of queryParams) {
      const name = String(p['name']);
      properties[name] = stripExtensions(derefSchema((p['schema'] ?? {}) as JsonObject, components)) as JsonObject;
      if (p['required'] === true) required.push(name);
      const missing = codeOf(p['x-wecom-missing'], `parameter ${name}`);
      const invalid = codeOf(p['x-wecom-invalid'], `parameter ${name}`);
      if (missing !== undefined || invalid !== undefined) fields[name] = { ...(missing !== undefined && { missing }), ...(invalid !== undefined && { invalid }) };
    }
    querySchema = { type: 'object', properties, required };
  }

  let bodySchema: JsonObject | undefined;
  if (bodySchemaRaw) {
    const deref = derefSchema(bodySchemaRaw, components) as JsonObject;
    collectFieldCodes(deref, '', fields, (name, ctx) => codeOf(name, ctx));
    bodySchema = stripExtensions(deref) as JsonObject;
  }

  // Errcodes: the operation's own plus those of the pipeline stages it goes through.
  const own = ((op['x-wecom-errcodes'] as string[] | undefined) ?? []).slice();
  if (!isAdmin && !isPage && !Array.isArray(op['x-wecom-errcodes'])) problems.push(`${where}: x-wecom-errcodes missing`);
  const merged = [...own];
  if (!isAdmin && !isPage) {
    const add = (names: readonly string[]): void => {
      for (const n of names) if (!merged.includes(n)) merged.push(n);
    };
    add(PIPELINE_CODES.all);
    if (bodySchema || method !== 'get') add(PIPELINE_CODES.body);
    if (auth === 'access_token' || auth === 'provider_access_token') add(PIPELINE_CODES.accessToken);
    if (auth === 'suite_access_token') add(PIPELINE_CODES.suiteAccessToken);
    for (const f of Object.values(fields)) {
      for (const c of [f.missing, f.invalid]) {
        const name = c === undefined ? undefined : [...byName.values()].find((e) => e.code === c)?.name;
        if (name) add([name]);
      }
    }
    op['x-wecom-errcodes'] = merged;
  }
  const errcodes = merged.map((n) => codeOf(n, 'x-wecom-errcodes')).filter((c): c is number => c !== undefined);

  const bodyMax = op['x-wecom-body-max'] as string | undefined;
  // Top-level string fields marked `contentEncoding: base64`: the pipeline decodes them as the body streams in.
  const bodyProps = (bodySchema?.['properties'] as Record<string, JsonObject> | undefined) ?? {};
  const base64Fields = Object.keys(bodyProps).filter((k) => bodyProps[k]!['contentEncoding'] === 'base64' && bodyProps[k]!['type'] === 'string');
  if (bodyMax !== undefined && !limitNames.has(bodyMax)) problems.push(`${where}: x-wecom-body-max names unknown limit ${bodyMax}`);

  const limitsList = ((op['x-wecom-limits'] as string[] | undefined) ?? []).slice();
  for (const l of limitsList) if (!limitNames.has(l)) problems.push(`${where}: x-wecom-limits names unknown limit ${l}`);

  if (!isAdmin && !isPage) {
    const ok = (op['responses'] as JsonObject | undefined)?.['200'] as JsonObject | undefined;
    // JSON for WeCom's CGIs; the pay host's operations (tag mchpay) answer XML and carry their example there.
    const media = (ok?.['content'] as JsonObject | undefined) ?? {};
    const content = (media['application/json'] ?? media['application/xml']) as JsonObject | undefined;
    if (!content?.['examples'] && !content?.['example']) problems.push(`${where}: the 200 response needs an example`);
  }

  return {
    row: {
      operationId,
      method: method.toUpperCase(),
      path,
      tag,
      summary: String(op['summary'] ?? ''),
      auth,
      wecomApi,
      errcodes: [...new Set(errcodes)],
      limits: limitsList,
      errorDefaults: (op['x-wecom-error-defaults'] as JsonObject | undefined) ?? {},
      successErrmsg: String(op['x-wecom-success-errmsg'] ?? 'ok'),
      queryParams: queryParams.map((p) => String(p['name'])),
      pathParams,
      hasBody: bodySchema !== undefined,
      bodyRequired: requestBody?.['required'] === true,
      bodyKind: bodySchema !== undefined ? 'json' : streamBody ? 'stream' : 'none',
      fields,
      ...(bodyMax !== undefined && { bodyMax }),
      ...(base64Fields.length > 0 && { base64Fields }),
    },
    ...(querySchema && { query: querySchema }),
    ...(bodySchema && { body: bodySchema }),
  };
}

function resolveRef(node: JsonObject, doc: JsonObject): JsonObject {
  const ref = node['$ref'];
  if (typeof ref !== 'string') return node;
  if (!ref.startsWith('#/')) throw new Error(`unresolved external $ref ${ref}`);
  let cur: Json = doc;
  for (const part of ref.slice(2).split('/')) cur = (cur as JsonObject)[part.replaceAll('~1', '/').replaceAll('~0', '~')] as Json;
  return resolveRef(cur as JsonObject, doc);
}
