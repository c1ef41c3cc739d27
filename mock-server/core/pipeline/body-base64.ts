/**
 * Reads a JSON body whose named top-level string fields carry base64 (spec: `contentEncoding: base64`, e.g.
 * wedrive/file_upload_part's 2.8 MB `file_base64_content`) without ever holding the body or those strings
 * whole: the bytes are scanned as they arrive, a long base64 string is decoded into binary chunks on the way,
 * and what is kept is the rest of the JSON with that string emptied (`""`), for JSON.parse and the validators.
 * Issue 14's bench: each 2 MB block used to live as a 2.8 MB buffer, a 2.8 MB text and a 2.8 MB string before
 * being decoded, and the default heap let that garbage pile up (RSS +80 MB over a 100 MB upload).
 *
 * Nothing changes for a client: a string of at most `keepBelow` bytes is left in the JSON as it was; a broken
 * JSON stays broken (a raw control character or a bad escape inside the string is kept, so JSON.parse still
 * refuses it → 47001); the decoding follows decodeBase64's rule exactly (whitespace ignored, then
 * `[A-Za-z0-9+/]*={0,2}`, a length that is not 0 and not 1 mod 4) and a string that breaks it decodes to
 * undefined, for the handler's own errcode.
 */
import { createHash, type Hash } from 'node:crypto';

/** The streamed fields of one body, and the whole body's size and SHA-256 (for the journal). */
export interface StreamedFields {
  /** field → its decoded bytes, or undefined when the text was not strict base64. */
  fields: Map<string, Buffer | undefined>;
  bytes: number;
  sha256: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const TEXT_CHUNK = 64 * 1024; // a multiple of 4: whole base64 quanta are decoded as they fill up

/** 1 for [A-Za-z0-9+/], 0 otherwise. */
const B64 = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') B64[c.charCodeAt(0)] = 1;

/** JavaScript's \s, which decodeBase64 strips. */
const isSpace = (cp: number): boolean => /\s/u.test(String.fromCodePoint(cp));

/**
 * Strict base64 fed one character at a time; decoded in 64 KiB slices of text straight into one output buffer
 * (sized from the body's Content-Length when known, else doubled as needed), so a block leaves one 2 MB
 * buffer and no pieces to collect.
 */
class Base64Sink {
  private readonly text = Buffer.alloc(TEXT_CHUNK);
  private n = 0;
  private data = 0;
  private pad = 0;
  private bad = false;
  private out: Buffer;
  private used = 0;

  constructor(sizeHint: number) {
    this.out = Buffer.allocUnsafe(Math.max(TEXT_CHUNK, Math.ceil(sizeHint / 4) * 3));
  }

  char(cp: number): void {
    if (this.bad) return;
    if (cp < 128 && B64[cp] === 1) {
      if (this.pad > 0) this.bad = true;
      else {
        this.text[this.n++] = cp;
        this.data++;
        if (this.n === TEXT_CHUNK) this.flush();
      }
    } else if (cp === 0x3d) {
      if (++this.pad > 2) this.bad = true;
    } else if (!isSpace(cp)) this.bad = true;
  }

  /** chunk[from..to) are all [A-Za-z0-9+/]: copied in bulk (the common case: a block is one run of them). */
  run(chunk: Buffer, from: number, to: number): void {
    if (this.bad || this.pad > 0) {
      for (let i = from; i < to; i++) this.char(chunk[i]!);
      return;
    }
    this.data += to - from;
    while (from < to) {
      const n = Math.min(to - from, TEXT_CHUNK - this.n);
      chunk.copy(this.text, this.n, from, from + n);
      this.n += n;
      from += n;
      if (this.n === TEXT_CHUNK) this.flush();
    }
  }

  private flush(): void {
    if (this.n === 0) return;
    const need = this.used + Math.ceil(this.n / 4) * 3;
    if (need > this.out.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.out.length * 2));
      this.out.copy(grown, 0, 0, this.used);
      this.out = grown;
    }
    this.used += this.out.write(this.text.toString('latin1', 0, this.n), this.used, 'base64');
    this.n = 0;
  }

  end(): Buffer | undefined {
    const len = this.data + this.pad;
    if (this.bad || len === 0 || len % 4 === 1) return undefined;
    this.flush();
    return this.out.subarray(0, this.used);
  }
}

/**
 * The scanner: structure outside strings (depth, the current top-level key, whether a value follows a colon),
 * string escapes inside them. Only strings that are values of a named key of the top-level object go to a sink.
 */
export class Base64BodyReader {
  private readonly out: Buffer[] = [];
  private outFrom = -1;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private readonly fields = new Map<string, Buffer | undefined>();

  private depth = 0;
  private rootObject = false;
  private expectKey = false;
  private afterColon = false;
  private lastKey: string | undefined;
  private inString = false;
  private escaped = false;
  private key: number[] | undefined;
  private keyBad = false;

  // The string being streamed: its field, sink, and the raw bytes kept while it is still short.
  private sinkKey: string | undefined;
  private sink: Base64Sink | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;
  private broken = false;
  private esc = 0; // 0: none, 1: after a backslash, 2..5: hex digits of \u still to come
  private hex = 0;
  private utf8: number[] = [];

  /** `sizeHint`: the body's Content-Length when known (the decoded field cannot be larger than 3/4 of it). */
  constructor(
    private readonly names: ReadonlySet<string>,
    private readonly keepBelow: number,
    private readonly sizeHint = 0,
  ) {}

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    let i = 0;
    this.outFrom = 0;
    while (i < chunk.length) {
      if (this.sink) {
        i = this.streamString(chunk, i);
        continue;
      }
      const c = chunk[i]!;
      if (this.inString) this.stringByte(c);
      else if (this.structureByte(c)) {
        // A streamed string starts after its quote: keep the JSON up to and including the quote.
        this.keep(chunk, i + 1);
        i++;
        this.outFrom = i;
        continue;
      }
      i++;
    }
    this.keep(chunk, chunk.length);
  }

  /** The JSON with streamed strings emptied, the decoded fields, the whole body's size and hash. */
  finish(): { json: Buffer; streamed: StreamedFields } {
    // A body that ends inside a streamed string is broken JSON: what was kept of it stays broken.
    if (this.sink) this.out.push(Buffer.from('"\u0000'));
    return { json: Buffer.concat(this.out), streamed: { fields: this.fields, bytes: this.bytes, sha256: this.hash.digest('hex') } };
  }

  private keep(chunk: Buffer, to: number): void {
    if (this.outFrom >= 0 && to > this.outFrom) this.out.push(Buffer.from(chunk.subarray(this.outFrom, to)));
    this.outFrom = to;
  }

  private stringByte(c: number): void {
    if (this.escaped) {
      this.escaped = false;
      if (this.key) this.keyBad = true;
      return;
    }
    if (c === BACKSLASH) {
      this.escaped = true;
      return;
    }
    if (c === QUOTE) {
      this.inString = false;
      if (this.key) {
        this.lastKey = this.keyBad ? undefined : String.fromCharCode(...this.key);
        this.key = undefined;
        this.expectKey = false;
      } else this.afterColon = false;
      return;
    }
    if (this.key) {
      if (this.key.length < 64 && c < 128) this.key.push(c);
      else this.keyBad = true;
    }
  }

  /** A byte outside strings; true when it opens a string to stream. */
  private structureByte(c: number): boolean {
    switch (c) {
      case 0x7b: // {
      case 0x5b: // [
        if (this.depth === 0) this.rootObject = c === 0x7b;
        this.depth++;
        this.expectKey = this.depth === 1 && this.rootObject;
        this.afterColon = false;
        return false;
      case 0x7d: // }
      case 0x5d: // ]
        this.depth--;
        this.afterColon = false;
        return false;
      case 0x2c: // ,
        if (this.depth === 1) this.expectKey = this.rootObject;
        this.afterColon = false;
        return false;
      case 0x3a: // :
        this.afterColon = this.depth === 1 && this.lastKey !== undefined;
        return false;
      case 0x20:
      case 0x09:
      case 0x0a:
      case 0x0d:
        return false;
      case QUOTE:
        if (this.depth === 1 && this.rootObject && this.expectKey) {
          this.inString = true;
          this.key = [];
          this.keyBad = false;
          return false;
        }
        if (this.depth === 1 && this.afterColon && this.lastKey !== undefined && this.names.has(this.lastKey)) {
          this.sinkKey = this.lastKey;
          this.sink = new Base64Sink(this.sizeHint);
          this.head = [];
          this.headBytes = 0;
          this.broken = false;
          this.esc = 0;
          this.utf8 = [];
          this.afterColon = false;
          return true;
        }
        this.inString = true;
        this.afterColon = false;
        return false;
      default:
        this.afterColon = false;
        this.lastKey = this.depth === 1 ? undefined : this.lastKey;
        return false;
    }
  }

  /** Streams the string's bytes from `i`; returns where the scan goes on (after the closing quote, or the chunk's end). */
  private streamString(chunk: Buffer, i: number): number {
    const sink = this.sink!;
    const start = i;
    let end = chunk.length;
    for (; i < chunk.length; i++) {
      let c = chunk[i]!;
      if (this.esc === 0 && c < 128 && B64[c] === 1 && this.utf8.length === 0) {
        // A run of plain base64 characters, found with a table and copied at once.
        let j = i + 1;
        while (j < chunk.length && (c = chunk[j]!) < 128 && B64[c] === 1) j++;
        sink.run(chunk, i, j);
        i = j - 1;
        continue;
      }
      if (this.esc === 1) {
        this.esc = 0;
        const simple = c === QUOTE ? 0x22 : c === BACKSLASH ? 0x5c : c === 0x2f ? 0x2f : c === 0x62 ? 0x08 : c === 0x66 ? 0x0c : c === 0x6e ? 0x0a : c === 0x72 ? 0x0d : c === 0x74 ? 0x09 : -1;
        if (simple >= 0) sink.char(simple);
        else if (c === 0x75) {
          this.esc = 2;
          this.hex = 0;
        } else this.broken = true;
        continue;
      }
      if (this.esc >= 2) {
        const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
        if (d < 0) {
          this.broken = true;
          this.esc = 0;
          continue;
        }
        this.hex = this.hex * 16 + d;
        if (++this.esc === 6) {
          this.esc = 0;
          sink.char(this.hex);
        }
        continue;
      }
      if (c >= 0x80) {
        this.utf8.push(c);
        const lead = this.utf8[0]!;
        const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
        if (this.utf8.length >= need) this.flushUtf8();
        continue;
      }
      if (this.utf8.length) this.flushUtf8();
      if (c === BACKSLASH) this.esc = 1;
      else if (c === QUOTE) {
        end = i;
        break;
      } else if (c < 0x20) this.broken = true;
      else sink.char(c);
    }
    // Keep the raw text while the string is short: a short one goes back into the JSON untouched.
    if (this.headBytes <= this.keepBelow) {
      this.head.push(Buffer.from(chunk.subarray(start, end)));
      this.headBytes += end - start;
      if (this.headBytes > this.keepBelow) this.head = [];
    }
    if (end === chunk.length) {
      this.outFrom = -1;
      return end;
    }
    // The closing quote.
    if (this.utf8.length) this.flushUtf8();
    const key = this.sinkKey!;
    const decoded = sink.end();
    this.sink = undefined;
    if (this.headBytes <= this.keepBelow || this.broken) {
      // Short (or broken: JSON.parse must see the same bytes to refuse them) → the JSON keeps the text.
      if (this.headBytes > this.keepBelow) this.out.push(Buffer.from('\u0001'));
      else this.out.push(...this.head);
      this.fields.delete(key);
    } else this.fields.set(key, decoded);
    this.head = [];
    // The closing quote is kept; the scan resumes after it, outside the string.
    this.out.push(Buffer.from([QUOTE]));
    this.outFrom = end + 1;
    return end + 1;
  }

  private flushUtf8(): void {
    const text = Buffer.from(this.utf8).toString('utf8');
    this.utf8 = [];
    for (const ch of text) this.sink!.char(isSpace(ch.codePointAt(0)!) ? 0x20 : 0xfffd);
  }
}
