import type { Rng } from '../runtime/rng.js';

/** A fault rule of the admin API (spec: FaultRule). */
export interface FaultRule {
  id: string;
  corpid?: string | undefined;
  operation?: string | undefined;
  errcode?: number | undefined;
  errmsg?: string | undefined;
  latency_ms?: number | undefined;
  drop?: boolean | undefined;
  count?: number | undefined;
  probability?: number | undefined;
  /** Applies to every n-th matching request only (deterministic faults for client verification). */
  every?: number | undefined;
  /** With `every`: the last `burst` requests of each cycle of `every` (default 1). */
  burst?: number | undefined;
  /** Ends the token the request carries, so it gets 42001 like a token WeCom ended early (token requests only). */
  expire_token?: boolean | undefined;
}

/** What to do to one request. */
export interface FaultAction {
  source: string;
  errcode?: number | undefined;
  errmsg?: string | undefined;
  latencyMs?: number | undefined;
  drop?: boolean | undefined;
  /** End the request's token first (→ 42001). */
  expireToken?: boolean | undefined;
}

/** Parses `X-WeCom-Mock-Fault: errcode=45009; latency=200; drop` (or just `45009`). */
export function parseFaultHeader(value: string): FaultAction | { error: string } {
  const action: FaultAction = { source: 'header' };
  for (const raw of value.split(/[;,]/)) {
    const part = raw.trim();
    if (!part) continue;
    const [k, v] = part.includes('=') ? (part.split('=', 2) as [string, string]) : [/^-?\d+$/.test(part) ? 'errcode' : part, ''];
    const key = k.trim().toLowerCase();
    const val = v.trim();
    if (key === 'errcode') {
      if (!/^-?\d+$/.test(val || part)) return { error: `errcode must be a number, got "${val}"` };
      action.errcode = Number(val || part);
    } else if (key === 'errmsg') action.errmsg = val;
    else if (key === 'latency' || key === 'latency_ms') {
      const n = Number(val);
      if (!Number.isInteger(n) || n < 0 || n > 60000) return { error: 'latency must be 0–60000 ms' };
      action.latencyMs = n;
    } else if (key === 'drop') action.drop = true;
    else if (key === 'expire_token') action.expireToken = true;
    else return { error: `unknown fault "${key}" (use errcode=, errmsg=, latency=, drop, expire_token)` };
  }
  return action;
}

/** The fault rules in force, applied in the order they were added (first match wins). */
export class FaultStore {
  private rules: FaultRule[] = [];
  private nextId = 1;
  /** Matching requests seen by each `every` rule. */
  private seen = new Map<string, number>();

  get size(): number {
    return this.rules.length;
  }

  add(rule: Omit<FaultRule, 'id'>): FaultRule {
    const r: FaultRule = { ...rule, id: `f${this.nextId++}` };
    this.rules.push(r);
    return r;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    this.seen.delete(id);
    return this.rules.length < before;
  }

  clear(): number {
    const n = this.rules.length;
    this.rules = [];
    this.seen.clear();
    return n;
  }

  /** The action for a request, consuming one use of a counted rule. `hasToken`: the request carries an access_token. */
  match(corpid: string | null, operationId: string, path: string, rng: Rng | undefined, hasToken = false): FaultAction | undefined {
    for (const r of this.rules) {
      if (r.corpid !== undefined && r.corpid !== corpid) continue;
      if (r.operation !== undefined && r.operation !== operationId && r.operation !== path) continue;
      if (r.expire_token === true && !hasToken) continue;
      if (r.every !== undefined && r.every > 1) {
        const n = (this.seen.get(r.id) ?? 0) + 1;
        this.seen.set(r.id, n);
        const burst = Math.min(Math.max(1, r.burst ?? 1), r.every);
        if ((n - 1) % r.every < r.every - burst) continue;
      }
      if (r.probability !== undefined && (rng ? rng.next() : Math.random()) >= r.probability) continue;
      if (r.count !== undefined) {
        r.count -= 1;
        if (r.count <= 0) this.remove(r.id);
      }
      return {
        source: `rule ${r.id}`,
        errcode: r.errcode,
        errmsg: r.errmsg,
        latencyMs: r.latency_ms,
        drop: r.drop,
        ...(r.expire_token === true && { expireToken: true }),
      };
    }
    return undefined;
  }
}
