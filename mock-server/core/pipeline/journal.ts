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
