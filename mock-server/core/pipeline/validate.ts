import { queryValidatorLoaders } from '../../../spec/generated/validators-query-loaders.js';
import type { OperationDef } from '../../../spec/generated/operations.js';
import { errByCode, invalidParameter, type WeComError } from '../errors/index.js';

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

/** Query validators by operationId, of the tags loaded so far (see loadQueryValidators). */
const QUERY: Record<string, Validator> = {};
const queryTags = new Map<string, Promise<void> | true>();

/** True once the query validators of the operation's tag are loaded. */
export function queryValidatorsLoaded(op: OperationDef): boolean {
  return queryTags.get(op.tag) === true || !(op.tag in queryValidatorLoaders);
}

/**
 * Loads the query validators of an operation's tag on its first request: each tag's are a chunk of their own,
 * so the cold start parses only the first request's (gettoken's are a few KB of some 400).
 */
export function loadQueryValidators(tag: string): Promise<void> {
  const known = queryTags.get(tag);
  if (known === true) return Promise.resolve();
  if (known) return known;
  const load = queryValidatorLoaders[tag];
  if (!load) return Promise.resolve();
  const loading = load().then((m) => {
    Object.assign(QUERY, m as Record<string, Validator>);
    queryTags.set(tag, true);
  });
  queryTags.set(tag, loading);
  return loading;
}
let BODY: Record<string, Validator> | undefined;
let loadingBody: Promise<void> | undefined;

/** True once the JSON body validators are loaded (see loadBodyValidators). */
export function bodyValidatorsLoaded(): boolean {
  return BODY !== undefined;
}

/**
 * Loads the JSON body validators on first need: they are over 1 MB of generated code, and parsing them
 * at start-up cost a visible share of the cold start, which a first GET (gettoken) never needs.
 */
export function loadBodyValidators(): Promise<void> {
  loadingBody ??= import('../../../spec/generated/validators-body.js').then((m) => {
    BODY = m as unknown as Record<string, Validator>;
  });
  return loadingBody;
}

function bodyValidator(operationId: string): Validator | undefined {
  if (!BODY) throw new Error('wecom-mock: the body validators are not loaded yet (await loadBodyValidators() first)');
  return BODY[operationId];
}

/** `/articles/0/title` → `articles[].title`. */
function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1);
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const p of parts) {
    if (/^\d+$/.test(p)) out += '[]';
    else out += out ? `.${p}` : p;
  }
  return out;
}

function describe(e: AjvError, path: string): string {
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return `${path} missing`;
    case 'maxLength':
      return `${path} exceed max length ${String(p['limit'])}`;
    case 'minLength':
      return `${path} exceed min length ${String(p['limit'])}`;
    case 'maxItems':
      return `${path} exceed max size ${String(p['limit'])}`;
    case 'minItems':
      return `${path} exceed min size ${String(p['limit'])}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `${path} exceed max value ${String(p['limit'])}`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `${path} exceed min value ${String(p['limit'])}`;
    case 'enum':
    case 'const':
      return `${path} invalid value`;
    case 'pattern':
    case 'format':
      return `${path} invalid format`;
    case 'additionalProperties':
      return `${path ? `${path}.` : ''}${String(p['additionalProperty'])} not allowed`;
    default:
      return `${path || 'body'} invalid`;
  }
}

/** Maps ajv's first error to WeCom's code for that field, else 40058 with a text naming the field. */
function toWeComError(e: AjvError, op: OperationDef, where: 'query' | 'body'): WeComError {
  const missing = e.keyword === 'required';
  const path = missing ? fieldPath(e.instancePath, String(e.params['missingProperty'])) : fieldPath(e.instancePath);
  const codes = op.fields[path];
  const code = missing ? (codes?.missing ?? codes?.invalid) : codes?.invalid;
  if (code !== undefined) return errByCode(code);
  // WeCom prefixes type problems in JSON bodies with "Warning: wrong json format. " (observed on qyapi.weixin.qq.com, e.g. before errcode 40008's "invalid message type").
  if (e.keyword === 'type' && where === 'body') {
    return invalidParameter(`${path || 'body'} must be ${String(e.params['type'])}`, { prefix: 'Warning: wrong json format. ' });
  }
  return invalidParameter(describe(e, path));
}

/**
 * Is the refused value one that means "not set"? JSON `null` for a field, or `0` for a field whose range
 * (minimum, or every enum value) starts at 1 or more. Go SDKs without `omitempty` (e.g. xen0n/go-workwx)
 * send every optional field on every call, zero-valued; WeCom takes them as absent and applies the
 * documented default, so the mock does too (issue 23, one rule for every operation).
 */
function meansUnset(e: AjvError, value: unknown): boolean {
  if (value === null) return e.keyword === 'type' || e.keyword === 'enum' || e.keyword === 'const';
  if (value !== 0) return false;
  const limit = e.params['limit'];
  switch (e.keyword) {
    case 'minimum':
      return typeof limit === 'number' && limit >= 1;
    case 'exclusiveMinimum':
      return typeof limit === 'number' && limit >= 0;
    case 'enum': {
      const allowed = e.params['allowedValues'];
      return Array.isArray(allowed) && allowed.length > 0 && allowed.every((x) => typeof x === 'number' && x >= 1);
    }
    default:
      return false;
  }
}

/** The object holding the value at `instancePath` and the value's key, when the holder is an object. */
function holderOf(root: unknown, instancePath: string): { obj: Record<string, unknown>; key: string } | undefined {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const key = parts.pop();
  if (key === undefined) return undefined;
  let at: unknown = root;
  for (const p of parts) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[p];
  }
  if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
  return { obj: at as Record<string, unknown>, key };
}

/**
 * Runs `v`, dropping each field that fails only because it carries a "not set" value (meansUnset) and running
 * again, so the handler sees the field absent and applies its default. A field the schema requires keeps its
 * value and its error (dropping it would only turn "invalid" into "missing").
 */
function validateDroppingUnset(v: Validator, data: unknown): AjvError | undefined {
  for (let round = 0; round < 64; round++) {
    if (v(data)) return undefined;
    const e = v.errors?.[0];
    if (!e) return { instancePath: '', keyword: 'invalid', params: {} };
    const h = holderOf(data, e.instancePath);
    if (!h || !meansUnset(e, h.obj[h.key])) return e;
    const value = h.obj[h.key];
    delete h.obj[h.key];
    if (!v(data)) {
      const next = v.errors?.[0];
      if (next?.keyword === 'required' && next.params['missingProperty'] === h.key && `${next.instancePath}/${h.key}` === e.instancePath) {
        h.obj[h.key] = value;
        return e;
      }
    }
  }
  return v(data) ? undefined : v.errors?.[0];
}

/** Loads every tag's query validators (just after start-up, off the first requests' path). */
export function loadAllQueryValidators(): Promise<void> {
  return Promise.all(Object.keys(queryValidatorLoaders).map(loadQueryValidators)).then(() => undefined);
}

/** Validates (and coerces, in place) the query parameters of an operation. */
export function validateQuery(op: OperationDef, values: Record<string, unknown>): WeComError | undefined {
  if (!queryValidatorsLoaded(op)) throw new Error(`wecom-mock: the query validators of ${op.tag} are not loaded yet (await loadQueryValidators(op.tag) first)`);
  const v = QUERY[op.operationId];
  if (!v) return undefined;
  const e = validateDroppingUnset(v, values);
  return e ? toWeComError(e, op, 'query') : undefined;
}

/** Validates a parsed JSON body of an operation (fields that mean "not set" are dropped in place). */
export function validateBody(op: OperationDef, body: unknown): WeComError | undefined {
  const v = bodyValidator(op.operationId);
  if (!v) return undefined;
  const e = validateDroppingUnset(v, body);
  return e ? toWeComError(e, op, 'body') : undefined;
}

/** Validates a control-plane body; returns a readable reason or undefined. */
export function checkAdminBody(op: OperationDef, body: unknown): string | undefined {
  const v = bodyValidator(op.operationId);
  if (!v || v(body)) return undefined;
  const e = v.errors?.[0];
  if (!e) return 'invalid body';
  const path = e.keyword === 'required' ? fieldPath(e.instancePath, String(e.params['missingProperty'])) : fieldPath(e.instancePath);
  return `${path || 'body'}: ${describe(e, path || 'body').replace(`${path} `, '')}`;
}
