import * as queryValidators from '../../../spec/generated/validators-query.js';
import type { OperationDef } from '../../../spec/generated/operations.js';
import { errByCode, invalidParameter, type WeComError } from '../errors/index.js';

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

const QUERY = queryValidators as unknown as Record<string, Validator>;
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

/** Validates (and coerces, in place) the query parameters of an operation. */
export function validateQuery(op: OperationDef, values: Record<string, unknown>): WeComError | undefined {
  const v = QUERY[op.operationId];
  if (!v || v(values)) return undefined;
  const e = v.errors?.[0];
  return e ? toWeComError(e, op, 'query') : invalidParameter('query invalid');
}

/** Validates a parsed JSON body of an operation. */
export function validateBody(op: OperationDef, body: unknown): WeComError | undefined {
  const v = bodyValidator(op.operationId);
  if (!v || v(body)) return undefined;
  const e = v.errors?.[0];
  return e ? toWeComError(e, op, 'body') : invalidParameter('body invalid');
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
