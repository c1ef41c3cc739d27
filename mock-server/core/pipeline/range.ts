/**
 * Byte-range downloads (RFC 9110 §14): WeCom's media/get and export download URLs accept
 * `Range: bytes=a-b` and answer 206 with Content-Range (doc path/90254, 94854).
 */
import type { Readable } from 'node:stream';
import { RawResponse } from './envelope.js';

/** Bytes kept outside memory (a file on disk): their size and a stream of the inclusive range start..end. */
export interface ByteSource {
  size: number;
  open(start: number, end: number): Readable;
}

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/**
 * The one range a `Range` header asks of a `size`-byte body: inclusive start/end, 'unsatisfiable', or
 * undefined when the header is absent, malformed or asks several ranges (served whole, as RFC 9110 allows).
 */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (!header) return undefined;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return undefined;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return undefined;
  if (a === '') {
    // Suffix range: the last n bytes.
    const n = Number(b);
    if (n === 0) return 'unsatisfiable';
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  let end = b === '' ? size - 1 : Number(b);
  if (b !== '' && end < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  if (end >= size) end = size - 1;
  return { start, end };
}

/**
 * A download answer for `body` (bytes in memory, or a ByteSource streamed from disk): 200 whole, 206 with
 * Content-Range, or 416 for a range past the end.
 */
export function downloadResponse(rangeHeader: string | undefined, body: Buffer | ByteSource, headers: Record<string, string | number>): RawResponse {
  const size = Buffer.isBuffer(body) ? body.length : body.size;
  const range = parseRange(rangeHeader, size);
  const base = { ...headers, 'Accept-Ranges': 'bytes' };
  if (range === 'unsatisfiable') {
    return new RawResponse(416, { ...base, 'Content-Range': `bytes */${size}`, 'Content-Length': 0 }, Buffer.alloc(0));
  }
  const slice = (start: number, end: number): Buffer | Readable =>
    Buffer.isBuffer(body) ? body.subarray(start, end + 1) : size === 0 ? Buffer.alloc(0) : body.open(start, end);
  if (!range) return new RawResponse(200, { ...base, 'Content-Length': size }, slice(0, size - 1));
  return new RawResponse(
    206,
    { ...base, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': range.end - range.start + 1 },
    slice(range.start, range.end),
  );
}
