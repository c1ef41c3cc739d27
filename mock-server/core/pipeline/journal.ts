import { createHash } from 'node:crypto';

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
 * another query parameter. WeCom reads credentials from the query only (reference §0).
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
    const text = rawBody.toString('utf8');
    for (const [value, , label] of creds) if (text.includes(value)) leaks.push(`the body carries ${label()}`);
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

/** A ring buffer of the last `capacity` requests. */
export class Journal {
  private items: JournalEntry[] = [];
  private start = 0;
  private seq = 0;
  constructor(private readonly capacity: number) {}

  nextSeq(): number {
    return ++this.seq;
  }

  add(e: JournalEntry): void {
    if (this.items.length < this.capacity) this.items.push(e);
    else {
      this.items[this.start] = e;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** Entries oldest first, redacted. */
  list(filter: { operation?: string | undefined; since?: number | undefined; limit?: number | undefined } = {}): JournalEntry[] {
    const ordered = [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
    let out = ordered.filter(
      (e) =>
        (filter.since === undefined || e.seq > filter.since) &&
        (filter.operation === undefined || e.operation === filter.operation || e.path === filter.operation),
    );
    if (filter.limit !== undefined) out = out.slice(-filter.limit);
    return out.map((e) => ({ ...e, query: redact(e.query) as Record<string, string>, body: redact(e.body) }));
  }

  clear(): number {
    const n = this.items.length;
    this.items = [];
    this.start = 0;
    return n;
  }
}
