import type { IncomingMessage } from 'node:http';
import { LIMITS } from '../../../spec/generated/limits.js';
import { Base64BodyReader, type StreamedFields } from './body-base64.js';

/**
 * `raw` is the body as received, except that base64 fields read as a stream (readBody's `base64`) are emptied
 * in it when long; `streamed` then holds their decoded bytes and the whole body's size and SHA-256.
 */
export type BodyResult = { ok: true; raw: Buffer; streamed?: StreamedFields } | { ok: false; reason: 'too_large' | 'aborted' };

/** A base64 string up to this many bytes stays in the JSON as it came (so the journal shows it as before). */
const KEEP_BELOW = LIMITS.size.journal_body_max.bytes;

/**
 * The body a framework's body parser already read (Express's `express.json()`, `express.text()`,
 * `express.raw()` and the like set `req.body` and mark the stream read): the mock then works from it with the
 * same checks. A parsed object is serialised back to JSON; undefined when nobody read the stream.
 */
function alreadyRead(req: IncomingMessage): Buffer | undefined {
  const r = req as IncomingMessage & { body?: unknown; _body?: boolean };
  if (!r.readableEnded && r._body !== true) return undefined;
  const b = r.body;
  if (b === undefined || b === null) return r.readableEnded ? Buffer.alloc(0) : undefined;
  if (Buffer.isBuffer(b)) return b;
  if (typeof b === 'string') return Buffer.from(b, 'utf8');
  // A parser that produced an object: the JSON it came from, as far as the mock's checks can tell.
  return Buffer.from(JSON.stringify(b), 'utf8');
}

/**
 * Reads a request body up to `max` bytes; when it is larger, the rest is dropped (discardRest), never buffered.
 * With `base64` (top-level JSON fields whose schema says `contentEncoding: base64`), a long string of those
 * fields is decoded as it arrives instead of being kept as text (./body-base64.ts).
 */
export function readBody(req: IncomingMessage, max: number, base64?: ReadonlySet<string>): Promise<BodyResult> {
  const parsed = alreadyRead(req);
  if (parsed !== undefined) return Promise.resolve(parsed.length > max ? { ok: false, reason: 'too_large' } : { ok: true, raw: parsed });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) {
    discardRest(req, { remaining: declared });
    return Promise.resolve({ ok: false, reason: 'too_large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const reader = base64?.size ? new Base64BodyReader(base64, KEEP_BELOW, Number.isFinite(declared) ? declared : 0) : undefined;
    let size = 0;
    let done = false;
    const finish = (r: BodyResult): void => {
      if (done) return;
      done = true;
      resolve(r);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        chunks.length = 0;
        finish({ ok: false, reason: 'too_large' });
        discardRest(req);
        return;
      }
      if (reader) reader.push(chunk);
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (reader) {
        const { json, streamed } = reader.finish();
        finish({ ok: true, raw: json, streamed });
      } else finish({ ok: true, raw: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    });
    req.on('error', () => finish({ ok: false, reason: 'aborted' }));
    req.on('aborted', () => finish({ ok: false, reason: 'aborted' }));
  });
}

export interface DiscardOptions {
  /** Most bytes of the rest read and dropped (default limits.yaml refused_body_discard_max). */
  discardBytes?: number;
  /** Most real milliseconds spent reading and dropping (default limits.yaml refused_body_discard_timeout). */
  discardMs?: number;
  /** Bytes still to come, when the Content-Length says so. */
  remaining?: number;
  /** Past the bound: real milliseconds the socket stays open, unread, while the answer travels (default 2 s). */
  lingerMs?: number;
}

const DISCARD_MAX = LIMITS.size.refused_body_discard_max.bytes;
const DISCARD_MS = LIMITS.lifetime.refused_body_discard_timeout.seconds * 1000;

const refused = new WeakSet<IncomingMessage>();

/** True when a body was refused before its end: the pipeline must leave it to discardRest, never drain it. */
export function wasRefused(req: IncomingMessage): boolean {
  return refused.has(req);
}

/** The close timer of each socket that carries a refused body (one per socket, see discardRest). */
const closeTimers = new WeakMap<object, NodeJS.Timeout>();

/**
 * After a body was refused early (its answer is sent at once): the rest is read and dropped as it comes,
 * up to `discardBytes` and `discardMs` (a lingering close, as HTTP servers do), so clients that send the
 * whole body before reading (curl -F, Python's requests, raw sockets) read the answer instead of EPIPE or
 * ECONNRESET, and the connection stays usable. Nothing is kept: memory stays flat whatever the size.
 * A rest known or found to be larger than the bound is not read at all: the request is paused (Node stops
 * reading the socket once its buffer is full) and the socket is closed after `lingerMs`, while the answer
 * travels.
 */
export function discardRest(req: IncomingMessage, opts: DiscardOptions = {}): void {
  if (req.complete || req.destroyed || refused.has(req)) return;
  refused.add(req);
  const max = opts.discardBytes ?? DISCARD_MAX;
  const socket = req.socket;
  // One close timer per socket: a kept-alive socket may carry many refused bodies, and a 'close'
  // listener per refusal would pile up (MaxListenersExceededWarning).
  const closeAfter = (ms: number): void => {
    clearTimeout(closeTimers.get(socket));
    const timer = setTimeout(() => socket.destroy(), ms);
    timer.unref();
    if (!closeTimers.has(socket)) socket.once('close', () => clearTimeout(closeTimers.get(socket)));
    closeTimers.set(socket, timer);
  };
  const stop = (): void => {
    req.off('data', onData);
    req.pause();
    // Node drains an unread body itself once the answer is sent unless it counts as consumed; read(0) marks
    // it so without taking anything.
    req.read(0);
    closeAfter(opts.lingerMs ?? 2000);
  };
  let dropped = 0;
  const onData = (chunk: Buffer): void => {
    dropped += chunk.length;
    if (dropped > max) stop();
  };
  // A data listener also marks the body consumed, so Node does not drain it itself after the answer.
  req.on('data', onData);
  req.once('end', () => {
    req.off('data', onData);
    clearTimeout(closeTimers.get(socket));
  });
  if (opts.remaining !== undefined && opts.remaining > max) {
    stop();
    return;
  }
  closeAfter(opts.discardMs ?? DISCARD_MS);
  req.resume();
}

/** A JSON object body; an empty body counts as {}; anything else (broken JSON, arrays, form data) is undefined. */
export function parseJsonObject(raw: Buffer | undefined): Record<string, unknown> | undefined {
  if (!raw || raw.length === 0) return {};
  let text = raw.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim().length === 0) return {};
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
