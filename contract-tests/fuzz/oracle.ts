/**
 * What every answer must satisfy, whatever the request: no 5xx and no dropped connection; WeCom
 * operations answer HTTP 200 with an errcode that is catalogued AND listed in the operation's
 * `x-wecom-errcodes`; successful bodies match the response schema (ajv 2020, compiled from the bundled
 * spec at test time); errors keep the operation's default fields and WeCom's errmsg suffix; pages and
 * the control plane answer only documented statuses and media types.
 */
import Ajv2020Module from 'ajv/dist/2020.js';
import { describeErrcode } from '../../spec/generated/errcodes.js';
import { SPEC, type OpInfo, type ResponseInfo } from './spec-index.js';
import type { FuzzRequest } from './requests.js';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Set when no answer came: 'timeout' or the socket error. */
  error?: string | undefined;
  ms: number;
}

export interface Problem {
  /** Stable name of the property that failed. */
  check:
    | 'no-5xx'
    | 'no-hang'
    | 'no-dropped-connection'
    | 'http-200'
    | 'json-envelope'
    | 'errcode-catalogued'
    | 'errcode-listed'
    | 'no-system-error'
    | 'error-code-header'
    | 'errmsg-suffix'
    | 'error-defaults'
    | 'response-schema'
    | 'documented-status'
    | 'documented-media-type'
    | 'admin-error-shape'
    | 'xml-return-code';
  message: string;
}

type ValidateFn = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
interface AjvLike {
  addSchema(schema: object, key: string): unknown;
  compile(schema: object): ValidateFn;
}
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as unknown as new (options: object) => AjvLike;

let ajv: AjvLike | undefined;
const compiled = new Map<string, ValidateFn>();

/** The validator of a JSON pointer into the bundled spec (compiled once, lazily). */
export function schemaValidator(pointer: string): ValidateFn {
  let v = compiled.get(pointer);
  if (!v) {
    if (!ajv) {
      ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false, discriminator: false });
      ajv.addSchema(SPEC as object, 'wecom-spec');
    }
    v = ajv.compile({ $ref: `wecom-spec#${pointer}` });
    compiled.set(pointer, v);
  }
  return v;
}

const SUFFIX = 'more info at https://open.work.weixin.qq.com/devtool/query?e=';

function header(a: Answer, name: string): string | undefined {
  const v = a.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseJson(buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    return undefined;
  }
}

function mediaType(a: Answer): string {
  return (header(a, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

function matchStatus(responses: ResponseInfo[], status: number): ResponseInfo | undefined {
  const s = String(status);
  return responses.find((r) => r.status === s) ?? responses.find((r) => r.status.toUpperCase() === `${s[0]}XX`) ?? responses.find((r) => r.status === 'default');
}

function schemaProblem(pointer: string, data: unknown): string | undefined {
  const v = schemaValidator(pointer);
  if (v(data)) return undefined;
  const e = v.errors?.[0];
  return e ? `${e.instancePath || '(root)'} ${e.message ?? 'invalid'}` : 'invalid';
}

/** Checks one answer; an empty list means it is fine. */
export function judge(op: OpInfo, req: FuzzRequest, a: Answer): Problem[] {
  const out: Problem[] = [];
  if (a.error === 'timeout') return [{ check: 'no-hang', message: `no answer within ${Math.round(a.ms)} ms` }];
  if (a.error !== undefined) return [{ check: 'no-dropped-connection', message: `the connection ended without an answer (${a.error})` }];
  if (a.status >= 500) out.push({ check: 'no-5xx', message: `HTTP ${a.status}: ${a.body.toString('utf8').slice(0, 200)}` });

  // WeCom's CGIs answer GET and POST alike (a POST operation called with GET → 40058).
  const cgi = op.path.startsWith('/cgi-bin/');
  const onOwnPath = req.method === op.method || (cgi && (req.method === 'GET' || req.method === 'POST'));
  // An empty path parameter (`/__mock/faults/`) is another path: the router's 404.
  const emptySegment = op.def.pathParams.length > 0 && (/\/\//.test(req.path) || req.path.endsWith('/'));
  if (!onOwnPath || emptySegment) {
    // Another method or path: some other operation (or none, 404) answers; only no 5xx is asked.
    return out;
  }
  // The control plane answers an operation of the spec it has no handler for yet with 501 not_implemented.
  if (op.kind === 'admin' && a.status === 501 && /"not_implemented"/.test(a.body.toString('utf8'))) return out;

  if (op.kind === 'wecom') {
    if (a.status !== 200) {
      // Documented transport answers (a file's 206/404/416) are fine; everything else is HTTP 200.
      const documented = op.responses.some((r) => r.status === String(a.status));
      if (a.status < 500 && !documented) out.push({ check: 'http-200', message: `WeCom answers every call with HTTP 200, got ${a.status}` });
      return out;
    }
    const json = parseJson(a.body);
    const mt = mediaType(a);
    if (json === undefined || json === null || typeof json !== 'object' || Array.isArray(json)) {
      // A documented non-JSON success (a file download) is fine.
      const documented = matchStatus(op.responses, 200);
      if (mt !== 'application/json' && documented && mt in documented.content && header(a, 'error-code') === undefined) {
        // The pay host's XML answers (tag mchpay) always say whether the call itself went through.
        if (mt === 'application/xml' && !/^<xml><return_code><!\[CDATA\[(SUCCESS|FAIL)\]\]><\/return_code>/.test(a.body.toString('utf8'))) {
          out.push({ check: 'xml-return-code', message: `an XML answer without return_code first: ${a.body.toString('utf8').slice(0, 120)}` });
        }
        return out;
      }
      out.push({ check: 'json-envelope', message: `the body is not a JSON object (${mt}): ${a.body.toString('utf8').slice(0, 120)}` });
      return out;
    }
    const body = json as Record<string, unknown>;
    const errcode = body['errcode'];
    if (typeof errcode !== 'number' || !Number.isInteger(errcode) || typeof body['errmsg'] !== 'string') {
      out.push({ check: 'json-envelope', message: `errcode/errmsg missing or mistyped: ${JSON.stringify(body).slice(0, 160)}` });
      return out;
    }
    const errmsg = body['errmsg'] as string;
    if (header(a, 'error-code') !== String(errcode)) {
      out.push({ check: 'error-code-header', message: `Error-Code header ${String(header(a, 'error-code'))} ≠ errcode ${errcode}` });
    }
    if (errcode === 0) {
      const r = matchStatus(op.responses, 200);
      if (r?.jsonPointer) {
        const p = schemaProblem(r.jsonPointer, body);
        if (p) out.push({ check: 'response-schema', message: `success body does not match the spec: ${p}` });
      }
      return out;
    }
    const described = describeErrcode(errcode);
    if (!described) out.push({ check: 'errcode-catalogued', message: `errcode ${errcode} is not in spec/errcodes.yaml` });
    if (!op.def.errcodes.includes(errcode)) {
      out.push({
        check: 'errcode-listed',
        message: `errcode ${errcode}${described ? ` (${described.name})` : ''} is not in x-wecom-errcodes of ${op.operationId}`,
      });
    }
    if (errcode === -1) out.push({ check: 'no-system-error', message: `errcode -1 without an injected fault: the handler failed (${errmsg.slice(0, 120)})` });
    if (!errmsg.endsWith(`${SUFFIX}${errcode}`)) out.push({ check: 'errmsg-suffix', message: `errmsg lacks WeCom's suffix: ${errmsg.slice(0, 160)}` });
    for (const k of Object.keys(op.def.errorDefaults)) {
      if (!(k in body)) out.push({ check: 'error-defaults', message: `error answer lacks the default field ${k}` });
    }
    return out;
  }

  // Pages and the control plane: documented statuses and media types; JSON bodies match their schema.
  if (op.kind === 'admin' && a.status >= 400 && a.status < 500) {
    const json = parseJson(a.body) as { error?: { code?: unknown; message?: unknown } } | undefined;
    if (typeof json?.error?.code !== 'string' || typeof json.error.message !== 'string') {
      out.push({ check: 'admin-error-shape', message: `control-plane error without {error:{code,message}}: ${a.body.toString('utf8').slice(0, 120)}` });
    }
    return out;
  }
  const r = matchStatus(op.responses, a.status);
  if (!r) {
    if (a.status < 500 && !(op.kind === 'page' && a.status >= 400)) {
      out.push({ check: 'documented-status', message: `HTTP ${a.status} is not a documented answer of ${op.operationId} (${op.responses.map((x) => x.status).join(', ')})` });
    }
    return out;
  }
  const mt = mediaType(a);
  const media = Object.keys(r.content);
  if (media.length > 0 && a.body.length > 0 && req.method !== 'HEAD' && !media.includes(mt)) {
    out.push({ check: 'documented-media-type', message: `answer ${a.status} is ${mt || 'untyped'}, the spec documents ${media.join(', ')}` });
  } else if (r.jsonPointer && mt.includes('json')) {
    const json = parseJson(a.body);
    const p = json === undefined ? 'not JSON' : schemaProblem(r.jsonPointer, json);
    if (p) out.push({ check: 'response-schema', message: `HTTP ${a.status} body does not match the spec: ${p}` });
  }
  return out;
}
