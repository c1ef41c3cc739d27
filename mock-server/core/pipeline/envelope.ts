import type { Readable } from 'node:stream';
import type { ServerResponse } from 'node:http';

const JSON_TYPE = 'application/json; charset=UTF-8';

/** HTTP header values must be latin-1; WeCom's errmsgs are ASCII, ours could carry a userid. */
/** Longest Error-Msg header: an errmsg quoting a huge input must not push the answer past a client's header limit. */
const HEADER_MSG_MAX = 1024;

function headerSafe(s: string): string {
  const t = s.length > HEADER_MSG_MAX ? `${s.slice(0, HEADER_MSG_MAX - 3)}...` : s;
  // eslint-disable-next-line no-control-regex
  return /^[\x20-\x7e]*$/.test(t) ? t : t.replace(/[^\x20-\x7e]/g, '?');
}

/**
 * WeCom's envelope: HTTP 200, JSON body with errcode/errmsg first, and the same two values in the
 * `Error-Code` / `Error-Msg` headers (observed on qyapi.weixin.qq.com; not in WeCom's docs).
 */
export function sendEnvelope(
  res: ServerResponse,
  errcode: number,
  errmsg: string,
  fields: Record<string, unknown> | JsonFields | undefined,
): string {
  // errcode/errmsg first, as WeCom orders them; the fields are serialised once, without copying the object.
  const head = `{"errcode":${errcode},"errmsg":${JSON.stringify(errmsg)}`;
  const rest = fields instanceof JsonFields ? fields.json : fields ? JSON.stringify(fields) : '{}';
  const body = rest.length > 2 ? `${head},${rest.slice(1)}` : `${head}}`;
  res.writeHead(200, {
    'Content-Type': JSON_TYPE,
    'Content-Length': Buffer.byteLength(body),
    'Error-Code': String(errcode),
    'Error-Msg': headerSafe(errmsg),
  });
  res.end(body);
  return body;
}

/** A control-plane answer (plain REST, not WeCom's envelope). */
export function sendAdmin(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Unknown path: HTTP 404 with an empty body, as qyapi.weixin.qq.com answers (observed; not in WeCom's docs). */
export function sendNotFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Length': 0 });
  res.end();
}

/** A handler's non-JSON answer (media download, pages). */
export class RawResponse {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string | number>,
    /** The bytes, or a stream of them (a file served from disk; app.ts pipes it). */
    readonly body: Buffer | string | Readable,
  ) {}
}

/**
 * Body fields a handler already holds as the text of a JSON object (a cached answer of a hot read, e.g. a
 * member or the whole department tree): the envelope splices it in without serialising again.
 */
export class JsonFields {
  constructor(readonly json: string) {}
}
