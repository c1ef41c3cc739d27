import { createHash } from 'node:crypto';
import { LIMITS } from '../../../spec/generated/limits.js';
import { snapshotClass } from '../runtime/graph.js';

/** One request as the mock saw it. Secrets are redacted when the entry is read, never stored elsewhere. */
export interface JournalEntry {
  seq: number;
  time: number;
  corpid: string | null;
  operation: string | null;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  ip: string;
  token_kind: string | null;
  agentid: number | null;
  errcode: number;
  status: number;
  fault: string | null;
  duration_ms: number;
  /** Fingerprint (never the value) of the access_token the request carried, so a reader can tell tokens apart. */
  token_ref?: string | null;
  /** Fingerprint of the token the answer issued (gettoken). */
  issued_token_ref?: string | null;
  /** Fingerprint of the corpsecret asked for (gettoken). */
  secret_ref?: string | null;
  /** Request headers by lower-case name; any credential of the corp in a value is replaced by `[redacted …]`. */
  headers?: Record<string, string>;
  /** Where a secret or token of the corp showed up outside its own query parameter (header, body, other parameter). */
  leaks?: string[];
  /** Set when the body was too large to keep (limits.yaml journal_body_max): `body` is then undefined. */
  body_bytes?: number;
  /** SHA-256 (hex) of a body too large to keep, so a reader can still tell two bodies apart. */
  body_sha256?: string;
  /**
   * The answer as sent (the envelope's JSON text; a reference to the string already written, so keeping it
   * costs no copy), parsed and redacted when read. Dropped for answers over `bodyMax` (size in answer_bytes).
   */
  answer?: unknown;
  answer_bytes?: number;
}

/** What is known of a request when it arrives; the rest of its entry is filled in when it is answered. */
export type RequestFields = Pick<JournalEntry, 'time' | 'corpid' | 'operation' | 'method' | 'path' | 'query' | 'ip'>;

/** A journal entry for a request just arrived: not yet numbered (seq 0), answered ok until told otherwise. */
export function newJournalEntry(request: RequestFields): JournalEntry {
  return { seq: 0, ...request, body: undefined, token_kind: null, agentid: null, errcode: 0, status: 200, fault: null, duration_ms: 0 };
}

const fingerprints = new Map<string, string>();

/**
 * A short fingerprint of a credential: tells two tokens apart without revealing either. Memoised (the same
 * few tokens and secrets come with every request; hashing each time cost a visible share of a request).
 */
export function fingerprint(value: string): string {
  let f = fingerprints.get(value);
  if (f === undefined) {
    if (fingerprints.size >= 50_000) fingerprints.clear();
    f = createHash('sha256').update(value).digest('hex').slice(0, 12);
    fingerprints.set(value, f);
  }
  return f;
}

/** What a corp's credentials look like to the leak scanner (structural: no tenancy import). */
export interface CredentialSource {
  secrets: Readonly<Record<string, string>>;
  apps: ReadonlyMap<number, { agentid: number; secret: string }>;
  currentToken: ReadonlyMap<string, { token: string; kind: string; agentid: number | undefined }>;
}

/** A credential to look for: its value, the query parameter it belongs in, and how to name it (built on a hit). */
type Cred = [value: string, param: 'corpsecret' | 'access_token', label: () => string];

function credentialsOf(corp: CredentialSource): Cred[] {
  const creds: Cred[] = [];
  for (const kind in corp.secrets) {
    const v = corp.secrets[kind]!;
    if (v.length >= 8) creds.push([v, 'corpsecret', () => `the ${kind} secret`]);
  }
  for (const a of corp.apps.values()) if (a.secret.length >= 8) creds.push([a.secret, 'corpsecret', () => `the secret of app ${a.agentid}`]);
  for (const t of corp.currentToken.values()) {
    if (t.token.length >= 8) {
      creds.push([t.token, 'access_token', () => (t.agentid !== undefined ? `the access_token of app ${t.agentid}` : `the ${t.kind} access_token`)]);
    }
  }
  return creds;
}

/**
 * Redacts the corp's credentials from the request headers and lists where any of them appears outside
 * its own query parameter (`access_token` for tokens, `corpsecret` for secrets): headers, the body or
 * another query parameter. WeCom reads credentials from the query only (observed on qyapi.weixin.qq.com; errcode 41001 otherwise).
 */
export function scanCredentials(
  corp: CredentialSource,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  rawBody: Buffer | undefined,
  query: Readonly<Record<string, unknown>>,
): { headers: Record<string, string>; leaks: string[] } {
  const creds = credentialsOf(corp);
  const out: Record<string, string> = {};
  const leaks: string[] = [];
  for (const name in headers) {
    const raw = headers[name];
    if (raw === undefined) continue;
    let v = Array.isArray(raw) ? raw.join(', ') : raw;
    if (v.length >= 8) {
      for (const [value, , label] of creds) {
        if (v.includes(value)) {
          v = v.split(value).join(`[redacted ${label()}]`);
          leaks.push(`header ${name} carries ${label()}`);
        }
      }
    }
    out[name] = v.length > 512 ? `${v.slice(0, 512)}…` : v;
  }
  if (rawBody && rawBody.length >= 8) {
    // Searched as bytes: a large body (a base64 upload block) is not copied into a string.
    for (const [value, , label] of creds) if (rawBody.includes(value)) leaks.push(`the body carries ${label()}`);
  }
  for (const k in query) {
    const raw = query[k];
    // Validation coerces query values in place (numbers, booleans): compare their text.
    const v = typeof raw === 'string' ? raw : String(raw);
    if (v.length < 8) continue;
    for (const [value, param, label] of creds) if (k !== param && v.includes(value)) leaks.push(`query parameter ${k} carries ${label()}`);
  }
  return { headers: out, leaks };
}

const SECRET_KEYS = new Set([
  'corpsecret',
  'access_token',
  'suite_access_token',
  'provider_access_token',
  'suite_secret',
  'provider_secret',
  'permanent_code',
  'suite_ticket',
  'secret',
  'encodingaeskey',
  'encoding_aes_key',
  'encoding_aeskey',
  'token',
  'user_ticket',
]);

/** Keeps a hint of a secret (its first 4 characters) so a reader can tell secrets apart. */
export function redactValue(v: string): string {
  return v.length <= 4 ? '***' : `${v.slice(0, 4)}***`;
}

/** A copy of a query or JSON body with every secret-looking field redacted. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[nested]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEYS.has(k.toLowerCase()) && typeof v === 'string' ? redactValue(v) : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

export interface JournalOptions {
  /** Most entries kept (default limits.yaml journal_entries_per_corp). */
  capacity?: number;
  /** Most bytes kept, estimated per entry (default limits.yaml journal_bytes_per_corp_max). */
  maxBytes?: number;
  /** Bodies over this many bytes are kept as size and hash only (default limits.yaml journal_body_max). */
  bodyMax?: number;
}

/** What an entry costs besides its body: the fields, the query and the headers (a rough, cheap estimate). */
const ENTRY_OVERHEAD = 512;

function textBytes(record: Readonly<Record<string, unknown>> | undefined): number {
  let n = 0;
  if (!record) return n;
  for (const k in record) {
    const v = record[k];
    n += k.length + (typeof v === 'string' ? v.length : 8) + 16;
  }
  return n;
}

/**
 * The last requests of a corp, bounded by count and by (estimated) bytes: a long CI run or a few large
 * bodies must not grow the mock without end (issue 19). Bodies over `bodyMax` are kept as size and hash.
 */
export class Journal {
  private items: Array<JournalEntry | undefined> = [];
  private sizes: number[] = [];
  private head = 0;
  private bytes = 0;
  private seq = 0;
  private readonly capacity: number;
  private readonly maxBytes: number;
  private readonly bodyMax: number;

  constructor(options: JournalOptions | number = {}) {
    const o = typeof options === 'number' ? { capacity: options } : options;
    this.capacity = o.capacity ?? LIMITS.bound.journal_entries_per_corp.max;
    this.maxBytes = o.maxBytes ?? LIMITS.size.journal_bytes_per_corp_max.bytes;
    this.bodyMax = o.bodyMax ?? LIMITS.size.journal_body_max.bytes;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  /** Entries kept. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** Estimated bytes kept. */
  get byteSize(): number {
    return this.bytes;
  }

  /**
   * Files an entry; `rawBody` is the request body as received (its size counts, a large one is hashed). A body
   * whose base64 fields were streamed (`whole`) counts by its real size and hash.
   */
  add(e: JournalEntry, rawBody?: Buffer, whole?: { bytes: number; sha256: string }): void {
    let bodyBytes = whole?.bytes ?? rawBody?.length ?? 0;
    if (bodyBytes > this.bodyMax && (rawBody || whole)) {
      e.body = undefined;
      e.body_bytes = bodyBytes;
      e.body_sha256 = whole?.sha256 ?? createHash('sha256').update(rawBody!).digest('hex');
      bodyBytes = 0;
    }
    let answerBytes = typeof e.answer === 'string' ? e.answer.length : 0;
    if (answerBytes > this.bodyMax) {
      e.answer = undefined;
      e.answer_bytes = answerBytes;
      answerBytes = 0;
    }
    const size = ENTRY_OVERHEAD + bodyBytes + answerBytes + textBytes(e.query) + textBytes(e.headers);
    this.items.push(e);
    this.sizes.push(size);
    this.bytes += size;
    // The newest entry always stays, however large.
    while (this.size > 1 && (this.size > this.capacity || this.bytes > this.maxBytes)) {
      this.bytes -= this.sizes[this.head]!;
      this.items[this.head] = undefined;
      this.head++;
    }
    // Compact now and then so dropping from the front stays O(1) amortised.
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
  }

  /** Entries oldest first, redacted; `answers` adds each kept answer (parsed and redacted: a cost per entry, so asked for). */
  list(
    filter: { operation?: string | undefined; since?: number | undefined; limit?: number | undefined; errcode?: number | undefined; answers?: boolean | undefined } = {},
  ): JournalEntry[] {
    const ordered = this.items.slice(this.head) as JournalEntry[];
    let out = ordered.filter(
      (e) =>
        (filter.since === undefined || e.seq > filter.since) &&
        (filter.errcode === undefined || e.errcode === filter.errcode) &&
        (filter.operation === undefined || e.operation === filter.operation || e.path === filter.operation),
    );
    if (filter.limit !== undefined) out = out.slice(-filter.limit);
    return out.map((e) => {
      const { answer, ...rest } = e;
      const view: JournalEntry = { ...rest, query: redact(e.query) as Record<string, string>, body: redact(e.body) };
      if (filter.answers && typeof answer === 'string') view.answer = redact(parseAnswer(answer));
      return view;
    });
  }

  clear(): number {
    const n = this.size;
    this.items = [];
    this.sizes = [];
    this.head = 0;
    this.bytes = 0;
    return n;
  }
}

/** An answer kept as text, as JSON again (the envelope is always JSON; anything else is shown as text). */
function parseAnswer(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(Journal);
