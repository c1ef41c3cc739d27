/**
 * A small streaming multipart/form-data reader for upload operations (bodyKind 'stream'): it keeps the
 * bytes of ONE named part (WeCom's uploads carry the file in the field `media`, doc path/90253),
 * counts them as they arrive and refuses an oversized part while streaming, before the rest of the body is
 * read. Other parts are skipped but bounded. No domain knowledge: callers map the failure to an errcode.
 */
import type { IncomingMessage } from 'node:http';
import { discardRest, type DiscardOptions } from './body.js';

/** The part that was asked for. */
export interface MultipartFile {
  /** `filename` (or RFC 5987 `filename*`) of the part's Content-Disposition. */
  filename: string | undefined;
  /** `filelength` of the part's Content-Disposition, as WeCom's SDKs send it (doc path/90253). */
  filelength: number | undefined;
  /** The part's own Content-Type header. */
  contentType: string | undefined;
  data: Buffer;
}

export type MultipartFailure =
  /** The request is not multipart/form-data or has no usable boundary. */
  | 'not_multipart'
  /** No part with the wanted field name. */
  | 'missing_part'
  /** The part is there with no bytes. */
  | 'empty'
  /** The part (or its declared filelength, or the declared Content-Length) is over the limit. */
  | 'too_large'
  /** Broken framing, part headers too large, too many parts, truncated body. */
  | 'malformed'
  /** The client went away. */
  | 'aborted';

export type MultipartResult = { ok: true; file: MultipartFile } | { ok: false; reason: MultipartFailure; detail: string };

export interface MultipartOptions {
  /** Name of the part to keep. */
  field: string;
  /** Largest accepted size of that part, in bytes. */
  maxBytes: number;
  /** Most parts accepted (default 16). */
  maxParts?: number;
  /** Largest header block of one part (default 8 KiB). */
  maxHeaderBytes?: number;
  /** Bytes allowed outside the kept part: preamble, other parts, epilogue (default 64 KiB). */
  maxOtherBytes?: number;
  /** After a refusal, how the rest of the body is read and dropped (default: limits.yaml, see discardRest). */
  discard?: Omit<DiscardOptions, 'remaining'>;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary of a `multipart/form-data` Content-Type, or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const [type, ...params] = contentType.split(';');
  if (type?.trim().toLowerCase() !== 'multipart/form-data') return undefined;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq < 0 || p.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let v = p.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    // RFC 2046 §5.1.1: 1 to 70 characters.
    return v.length >= 1 && v.length <= 70 ? v : undefined;
  }
  return undefined;
}

/** Parses one part's header block into lower-cased names → values. */
function parseHeaderBlock(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return out;
}

/** Parameters of a Content-Disposition value (`form-data; name="media"; filename="a.jpg"; filelength=6`). */
export function parseDisposition(value: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = value.indexOf(';');
  if (i < 0) return out;
  while (i < value.length) {
    i++;
    while (i < value.length && (value[i] === ' ' || value[i] === '\t')) i++;
    const eq = value.indexOf('=', i);
    if (eq < 0) break;
    const key = value.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    let v: string;
    if (value[j] === '"') {
      j++;
      let s = '';
      while (j < value.length && value[j] !== '"') {
        if (value[j] === '\\' && j + 1 < value.length) j++;
        s += value[j];
        j++;
      }
      v = s;
      j++;
      const semi = value.indexOf(';', j);
      i = semi < 0 ? value.length : semi;
    } else {
      const semi = value.indexOf(';', j);
      v = value.slice(j, semi < 0 ? value.length : semi).trim();
      i = semi < 0 ? value.length : semi;
    }
    if (key) out.set(key, v);
  }
  return out;
}

function filenameOf(params: Map<string, string>): string | undefined {
  const star = params.get('filename*');
  if (star) {
    // RFC 5987: charset'lang'pct-encoded.
    const m = /^([^']*)'[^']*'(.*)$/.exec(star);
    if (m) {
      try {
        return decodeURIComponent(m[2] ?? '');
      } catch {
        /* fall back to filename */
      }
    }
  }
  return params.get('filename');
}

/**
 * Reads the request as multipart/form-data and keeps the part named `opts.field`. Refuses as soon as the
 * declared Content-Length, the part's declared filelength or the bytes received say the part is too large;
 * the rest of the body is then read and dropped up to a bound (see discardRest); it is never buffered.
 */
export function readMultipartFile(req: IncomingMessage, opts: MultipartOptions): Promise<MultipartResult> {
  const maxParts = opts.maxParts ?? 16;
  const maxHeaderBytes = opts.maxHeaderBytes ?? 8 * 1024;
  const maxOther = opts.maxOtherBytes ?? 64 * 1024;
  const boundary = multipartBoundary(req.headers['content-type']);
  if (!boundary) {
    discardRest(req, { ...opts.discard, ...(Number.isFinite(Number(req.headers['content-length'])) && { remaining: Number(req.headers['content-length']) }) });
    return Promise.resolve({ ok: false, reason: 'not_multipart', detail: 'Content-Type is not multipart/form-data with a boundary' });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > opts.maxBytes + maxOther) {
    discardRest(req, { ...opts.discard, remaining: declared });
    return Promise.resolve({ ok: false, reason: 'too_large', detail: `Content-Length ${declared} is over the limit` });
  }

  // Every delimiter, the first one included, is matched as CRLF "--" boundary: the stream is seen as if it
  // started with a CRLF (RFC 2046 §5.1.1 allows the first boundary at the very start of the body).
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  return new Promise((resolve) => {
    let phase: 'preamble' | 'after' | 'headers' | 'body' | 'epilogue' = 'preamble';
    let buf: Buffer = CRLF;
    let parts = 0;
    let other = 0;
    let inTarget = false;
    let targetDone = false;
    let target: { filename: string | undefined; filelength: number | undefined; contentType: string | undefined } | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let received = 0;

    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('aborted', onAbort);
      req.off('close', onClose);
    };
    const fail = (reason: MultipartFailure, detail: string, refuse: boolean): false => {
      if (settled) return false;
      settled = true;
      cleanup();
      chunks.length = 0;
      if (refuse) discardRest(req, { ...opts.discard, ...(Number.isFinite(declared) && { remaining: declared - received }) });
      resolve({ ok: false, reason, detail });
      return false;
    };
    const succeed = (): void => {
      if (settled) return;
      settled = true;
      cleanup();
      if (!target) {
        resolve({ ok: false, reason: 'missing_part', detail: `no part named ${opts.field}` });
        return;
      }
      if (size === 0) {
        resolve({ ok: false, reason: 'empty', detail: `part ${opts.field} is empty` });
        return;
      }
      resolve({ ok: true, file: { ...target, data: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) } });
    };

    /** Bytes of the current part's body. */
    const emit = (data: Buffer): boolean => {
      if (data.length === 0) return true;
      if (inTarget) {
        size += data.length;
        if (size > opts.maxBytes) {
          return fail('too_large', `part ${opts.field} is over ${opts.maxBytes} bytes`, true);
        }
        chunks.push(data);
        return true;
      }
      return countOther(data.length);
    };
    const countOther = (n: number): boolean => {
      other += n;
      if (other > maxOther) return fail('too_large', `more than ${maxOther} bytes outside part ${opts.field}`, true);
      return true;
    };

    /** Runs the state machine over `buf`; false when it failed. */
    const step = (): boolean => {
      for (;;) {
        if (phase === 'preamble') {
          const i = buf.indexOf(delimiter);
          if (i < 0) {
            const keep = Math.min(buf.length, delimiter.length - 1);
            if (!countOther(buf.length - keep)) return false;
            buf = buf.subarray(buf.length - keep);
            return true;
          }
          if (!countOther(i)) return false;
          buf = buf.subarray(i + delimiter.length);
          phase = 'after';
        } else if (phase === 'after') {
          if (buf.length < 2) return true;
          if (buf[0] === 0x2d && buf[1] === 0x2d) {
            phase = 'epilogue';
            buf = buf.subarray(2);
            continue;
          }
          // Transport padding (spaces, tabs) may follow a boundary before its CRLF (RFC 2046 §5.1.1).
          let j = 0;
          while (j < buf.length && (buf[j] === 0x20 || buf[j] === 0x09)) j++;
          if (buf.length - j < 2) {
            if (j > 64) return fail('malformed', 'padding after a boundary', true);
            return true;
          }
          if (buf[j] !== 0x0d || buf[j + 1] !== 0x0a) return fail('malformed', 'a boundary is not followed by CRLF', true);
          buf = buf.subarray(j + 2);
          phase = 'headers';
        } else if (phase === 'headers') {
          // An empty header block ends right away with CRLF.
          let end: number;
          let skip: number;
          if (buf.length >= 2 && buf[0] === 0x0d && buf[1] === 0x0a) {
            end = 0;
            skip = 2;
          } else {
            end = buf.indexOf(HEADER_END);
            skip = 4;
          }
          if (end < 0) {
            if (buf.length > maxHeaderBytes) return fail('malformed', 'part headers too large', true);
            return true;
          }
          if (end > maxHeaderBytes) return fail('malformed', 'part headers too large', true);
          parts++;
          if (parts > maxParts) return fail('malformed', `more than ${maxParts} parts`, true);
          const headers = parseHeaderBlock(buf.subarray(0, end).toString('utf8'));
          if (!countOther(end + skip)) return false;
          buf = buf.subarray(end + skip);
          const disp = parseDisposition(headers.get('content-disposition') ?? '');
          inTarget = !target && disp.get('name') === opts.field;
          if (inTarget) {
            const fl = disp.get('filelength');
            const filelength = fl !== undefined && /^\d{1,15}$/.test(fl) ? Number(fl) : undefined;
            if (filelength !== undefined && filelength > opts.maxBytes) {
              return fail('too_large', `declared filelength ${filelength} is over ${opts.maxBytes} bytes`, true);
            }
            target = { filename: filenameOf(disp), filelength, contentType: headers.get('content-type') };
          }
          phase = 'body';
        } else if (phase === 'body') {
          const i = buf.indexOf(delimiter);
          if (i < 0) {
            const safe = buf.length - (delimiter.length - 1);
            if (safe > 0) {
              // Copy what is kept so the pushed chunk does not pin a large socket buffer.
              if (!emit(buf.subarray(0, safe))) return false;
              buf = Buffer.from(buf.subarray(safe));
            }
            return true;
          }
          if (!emit(buf.subarray(0, i))) return false;
          if (inTarget) targetDone = true;
          inTarget = false;
          buf = buf.subarray(i + delimiter.length);
          phase = 'after';
        } else {
          if (!countOther(buf.length)) return false;
          buf = Buffer.alloc(0);
          return true;
        }
      }
    };

    const onData = (chunk: Buffer): void => {
      if (settled) return;
      received += chunk.length;
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      step();
    };
    const onEnd = (): void => {
      if (settled) return;
      // A body whose closing boundary is missing is still accepted once the wanted part was complete.
      if (phase === 'epilogue' || targetDone || parts === 0) succeed();
      else fail('malformed', 'the body ended before the closing boundary', false);
    };
    const onAbort = (): void => {
      fail('aborted', 'the client went away', false);
    };
    const onClose = (): void => {
      if (!req.complete) onAbort();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('aborted', onAbort);
    req.on('close', onClose);
  });
}

/** Kept under their former names for the pipeline (app.ts) and older callers. */
export { wasRefused, discardRest as stopReading } from './body.js';
