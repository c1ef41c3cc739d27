/**
 * Judges a client by the mock's journal of what it sent (GET /__mock/journal?corpid=): spec conformance,
 * credentials only in the query and never leaked, token caching and single-flight refresh, refresh and
 * one retry after 42001/40014, -1 retried at most 3 times with backoff, 45009 not hammered.
 *
 * Times: `time` is when the mock received a request (ms, the corp's clock) and `duration_ms` how long it
 * took to answer, so `time + duration_ms` is when the client could first know the answer.
 */
import { OPERATIONS, type OperationDef } from '../../spec/generated/operations.js';
import * as queryValidators from '../../spec/generated/validators-query.js';
import * as bodyValidators from '../../spec/generated/validators-body.js';
import type { components } from '../../spec/generated/openapi.js';
import { ERRCODES } from '../../spec/generated/errcodes.js';

export type JournalEntry = components['schemas']['JournalEntry'];

export const CHECK_IDS = [
  'activity',
  'client-exit',
  'spec-conformance',
  'token-in-query',
  'no-credential-leak',
  'token-caching',
  'token-single-flight',
  'token-refresh-retry',
  'retry-system-busy',
  'throttle-backoff',
  'callback-receiver',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const CHECK_TITLES: Record<CheckId, string> = {
  activity: 'The client called the mock',
  'client-exit': 'The client command exited with code 0',
  'spec-conformance': 'Every request is an operation of the spec with a valid query and body',
  'token-in-query': 'The access_token travels in the query string',
  'no-credential-leak': 'No secret or token in headers, bodies or other parameters',
  'token-caching': 'gettoken is not called while a valid token is held',
  'token-single-flight': 'One gettoken at a time per secret (single refresh under concurrency)',
  'token-refresh-retry': 'After 42001/40014: a new token, one retry, the dead token never again',
  'retry-system-busy': '-1 (system busy) is retried, at most 3 times, with backoff',
  'throttle-backoff': '45009 (rate limited) is not hammered',
  'callback-receiver': 'The callback receiver passes wecom-mock check-callback',
};

export interface Finding {
  message: string;
  /** Journal seqs of (some) requests concerned. */
  seqs: number[];
  count: number;
}

export interface CheckOutcome {
  id: CheckId;
  title: string;
  status: 'pass' | 'fail' | 'skip';
  summary: string;
  findings: Finding[];
}

/** Thresholds of the checks (a profile may change them). */
export interface CheckTuning {
  /** A retry sooner than this after the failed answer is "no backoff" (default 50 ms). */
  min_backoff_ms: number;
  /** -1 retries allowed per call (default 3). */
  max_system_busy_retries: number;
  /** After a 45009, calls to that API within this window… (default 250 ms) */
  throttle_window_ms: number;
  /** …may number at most this many (default 3). */
  throttle_max_calls: number;
}

export const DEFAULT_TUNING: CheckTuning = { min_backoff_ms: 50, max_system_busy_retries: 3, throttle_window_ms: 250, throttle_max_calls: 3 };

const SYSTEM_BUSY = ERRCODES.SYSTEM_BUSY;
const FREQ = ERRCODES.API_FREQ_OUT_OF_LIMIT;
const TOKEN_DEAD = new Set<number>([ERRCODES.ACCESS_TOKEN_EXPIRED, ERRCODES.INVALID_ACCESS_TOKEN]);
const CREDENTIAL_PARAMS = new Set(['access_token', 'suite_access_token', 'provider_access_token']);
/** Query parameters WeCom accepts on any API (debug=1: errcode 45009's note, doc path/90313; observed). */
const ANY_API_PARAMS = new Set(['debug']);

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }[] | null };
const QUERY = queryValidators as unknown as Record<string, Validator | undefined>;
const BODY = bodyValidators as unknown as Record<string, Validator | undefined>;
const OPS = new Map<string, OperationDef>(OPERATIONS.map((o) => [o.operationId, o]));

const end = (e: JournalEntry): number => e.time + (e.duration_ms ?? 0);
/** How long after an answer a call with the refused token still counts as already on its way (ms). */
const REACTION_MS = 20;
/** `b` surely arrived after `a`'s answer left (journal times are whole ms). */
const after = (b: JournalEntry, a: JournalEntry): boolean => b.time > end(a) + 1;
const label = (e: JournalEntry): string => `${e.method} ${e.path}`;

/** Same logical call: operation, method, query without the credential, body. */
export function callKey(e: JournalEntry): string {
  const q = Object.entries(e.query ?? {})
    .filter(([k]) => !CREDENTIAL_PARAMS.has(k))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `${e.operation ?? e.path}|${e.method}|${JSON.stringify(q)}|${JSON.stringify(e.body ?? null)}`;
}

/** Groups equal messages: one finding per message, with a count and a few seqs. */
class Findings {
  private map = new Map<string, Finding>();
  add(message: string, ...seqs: number[]): void {
    const f = this.map.get(message);
    if (f) {
      f.count += 1;
      if (f.seqs.length < 5) f.seqs.push(...seqs.slice(0, 5 - f.seqs.length));
    } else this.map.set(message, { message, seqs: seqs.slice(0, 5), count: 1 });
  }
  get list(): Finding[] {
    return [...this.map.values()];
  }
}

function outcome(id: CheckId, findings: Findings, okSummary: string, failSummary?: (n: number) => string): CheckOutcome {
  const list = findings.list;
  const n = list.reduce((s, f) => s + f.count, 0);
  return {
    id,
    title: CHECK_TITLES[id],
    status: list.length === 0 ? 'pass' : 'fail',
    summary: list.length === 0 ? okSummary : (failSummary?.(n) ?? `${n} problem${n === 1 ? '' : 's'}`),
    findings: list,
  };
}

function fieldOf(instancePath: string, extra?: unknown): string {
  const parts = instancePath.split('/').slice(1);
  if (typeof extra === 'string') parts.push(extra);
  return parts.join('.') || '(root)';
}

const redacted = (v: unknown): boolean => typeof v === 'string' && v.endsWith('***');

function specConformance(entries: JournalEntry[]): CheckOutcome {
  const f = new Findings();
  for (const e of entries) {
    if (e.path.startsWith('/__mock/')) continue;
    const op = e.operation ? OPS.get(e.operation) : undefined;
    if (!op) {
      f.add(`${label(e)} is not an operation of the spec (WeCom answers HTTP 404)`, e.seq);
      continue;
    }
    if (op.auth === 'page' || op.auth === 'admin') continue;
    // README Decisions: a POST operation called with GET gets no body and answers 40058 (the official
    // errcode list, 40058 note 5); a GET operation also answers POST (the CGIs read the query either way).
    if (e.method !== op.method && !(op.method === 'GET' && e.method === 'POST')) {
      f.add(
        `${op.operationId} called with ${e.method}; the spec says ${op.method}${op.method === 'POST' && e.method === 'GET' ? ' (WeCom answers 40058: a GET carries no body)' : ''}`,
        e.seq,
      );
    }
    // README Decisions: WeCom ignores query parameters an operation does not define; a POST operation reads its
    // fields only from the JSON body (e.g. user/list_id's cursor and limit, developer.work.weixin.qq.com/document/path/96067),
    // so the mock answered as if the parameter were absent — the client's intent was lost.
    const query = { ...(e.query ?? {}) } as Record<string, unknown>;
    for (const k of Object.keys(query)) {
      if (CREDENTIAL_PARAMS.has(k)) delete query[k];
      else if (!op.queryParams.includes(k) && !ANY_API_PARAMS.has(k)) {
        const where = op.bodyKind === 'json' ? '; a POST operation reads its fields from the JSON body only' : '';
        f.add(`${op.operationId}: query parameter "${k}" is not in the spec; WeCom ignores it${where}`, e.seq);
      }
    }
    const qv = QUERY[op.operationId];
    if (qv && !qv(query)) {
      for (const err of qv.errors ?? []) {
        const field = fieldOf(err.instancePath, err.params['missingProperty']);
        if (redacted(query[field])) continue;
        f.add(`${op.operationId}: query ${field} ${err.message ?? err.keyword}`, e.seq);
        break;
      }
    }
    if (op.bodyKind === 'json' && e.method === 'POST') {
      if (typeof e.body === 'string') f.add(`${op.operationId}: the body is not a JSON object (${e.body})`, e.seq);
      else if (e.body !== undefined && e.body !== null) {
        const bv = BODY[op.operationId];
        const copy = structuredClone(e.body);
        if (bv && !bv(copy)) {
          const err = bv.errors?.[0];
          if (err) {
            const field = fieldOf(err.instancePath, err.params['missingProperty']);
            const value = err.instancePath.split('/').slice(1).reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], e.body);
            if (!redacted(value)) f.add(`${op.operationId}: body ${field} ${err.message ?? err.keyword}`, e.seq);
          }
        }
      }
    }
  }
  return outcome('spec-conformance', f, `${entries.length} requests, all in the spec`, (n) => `${n} non-conforming request${n === 1 ? '' : 's'}`);
}

function tokenInQuery(entries: JournalEntry[]): CheckOutcome {
  const f = new Findings();
  let n = 0;
  for (const e of entries) {
    const op = e.operation ? OPS.get(e.operation) : undefined;
    if (op?.auth !== 'access_token') continue;
    n++;
    if (!e.token_ref) {
      const where = (e.leaks ?? []).find((l) => l.includes('access_token'));
      f.add(`${op.operationId} sent without access_token in the query${where ? ` (${where})` : ''}: WeCom answers 41001`, e.seq);
    }
  }
  return outcome('token-in-query', f, `${n} token calls, each with access_token in the query`);
}

function noLeak(entries: JournalEntry[]): CheckOutcome {
  const f = new Findings();
  for (const e of entries) for (const l of e.leaks ?? []) f.add(`${e.operation ?? e.path}: ${l}`, e.seq);
  return outcome('no-credential-leak', f, 'no credential outside its query parameter', (n) => `${n} leak${n === 1 ? '' : 's'}`);
}

interface Held {
  ref: string;
  from: number;
  seq: number;
  /** When the client learnt it was dead (end of the first 42001/40014 answer for it). */
  deadAt: number;
}

/** Tokens the client held, per secret: from the end of the gettoken that issued them to the end of the first answer that refused them. */
function heldTokens(entries: JournalEntry[]): Map<string, Held[]> {
  const deadAt = new Map<string, number>();
  for (const e of entries) {
    if (e.token_ref && TOKEN_DEAD.has(e.errcode)) deadAt.set(e.token_ref, Math.min(deadAt.get(e.token_ref) ?? Infinity, end(e)));
  }
  const bySecret = new Map<string, Held[]>();
  for (const e of entries) {
    if (e.operation !== 'gettoken' || e.errcode !== 0 || !e.issued_token_ref) continue;
    const key = e.secret_ref ?? '?';
    const list = bySecret.get(key) ?? [];
    list.push({ ref: e.issued_token_ref, from: end(e), seq: e.seq, deadAt: deadAt.get(e.issued_token_ref) ?? Infinity });
    bySecret.set(key, list);
  }
  return bySecret;
}

/** Whether the client used token `ref` in a call that arrived after `from` and before `before` (same ms: answered first). */
function usedBetween(entries: JournalEntry[], ref: string, from: number, before: JournalEntry): boolean {
  return entries.some((e) => e.token_ref === ref && e.time > from && (e.time < before.time || (e.time === before.time && e.seq < before.seq)));
}

function tokenCaching(entries: JournalEntry[]): CheckOutcome {
  const f = new Findings();
  const held = heldTokens(entries);
  const gettokens = entries.filter((e) => e.operation === 'gettoken');
  const calls = entries.filter((e) => e.token_ref).length;
  let redundant = 0;
  for (const g of gettokens) {
    const tokens = held.get(g.secret_ref ?? '?') ?? [];
    // The client had a token, had used it already, and WeCom had not refused it yet.
    const valid = tokens.find((t) => t.seq < g.seq && g.time + 1 <= t.deadAt && usedBetween(entries, t.ref, t.from - 1, g));
    if (valid) {
      redundant++;
      f.add('gettoken called again while a token already in use was still valid: cache it until expires_in runs out or WeCom answers 42001/40014', g.seq);
    }
  }
  return outcome(
    'token-caching',
    f,
    `${gettokens.length} gettoken for ${calls} token calls`,
    () => `${redundant} of ${gettokens.length} gettoken calls were unnecessary (${calls} token calls in all)`,
  );
}

/**
 * Concurrent refreshes: a second gettoken for the same secret soon after a successful one, before any call
 * used the token that one issued (the mock may serve them one after the other, so overlap in time is not
 * required).
 */
function singleFlight(entries: JournalEntry[]): CheckOutcome {
  const f = new Findings();
  const gettokens = entries.filter((e) => e.operation === 'gettoken').sort((a, b) => a.time - b.time || a.seq - b.seq);
  for (const [i, g2] of gettokens.entries()) {
    const g1 = gettokens
      .slice(0, i)
      .reverse()
      .find((g) => g.secret_ref === g2.secret_ref && g.errcode === 0 && g.issued_token_ref && g2.time - g.time <= 1000);
    if (!g1 || !g1.issued_token_ref) continue;
    const ref = g1.issued_token_ref;
    const dead = entries.some((e) => e.token_ref === ref && TOKEN_DEAD.has(e.errcode) && end(e) < g2.time);
    if (dead || usedBetween(entries, ref, g1.time - 1, g2)) continue;
    f.add('gettoken for the same secret sent again before its token was used (concurrent refresh): share one refresh between concurrent calls', g1.seq, g2.seq);
  }
  return outcome('token-single-flight', f, 'one refresh at a time per secret', (n) => `${n} concurrent gettoken`);
}

function refreshRetry(entries: JournalEntry[]): CheckOutcome {
  const f = new Findings();
  let seen = 0;
  const byTime = [...entries].sort((a, b) => a.time - b.time || a.seq - b.seq);
  for (const e of byTime) {
    if (!e.token_ref || !TOKEN_DEAD.has(e.errcode) || e.operation === 'gettoken') continue;
    seen++;
    const name = e.errcode === ERRCODES.ACCESS_TOKEN_EXPIRED ? '42001' : '40014';
    const key = callKey(e);
    const later = byTime.filter((x) => x !== e && after(x, e));
    // Calls already on their way when the answer left are not reuse: allow the client a moment to react.
    const reuse = later.filter((x) => x.token_ref === e.token_ref && x.time > end(e) + REACTION_MS);
    if (reuse.length > 0) f.add(`the token refused with ${name} was sent again (${reuse.length} more call${reuse.length === 1 ? '' : 's'}): drop it and get a new one`, e.seq, reuse[0]!.seq);
    const retry = later.find((x) => callKey(x) === key);
    if (!retry || retry.token_ref === e.token_ref) {
      if (!retry) f.add(`${e.operation ?? e.path} answered ${name} was not retried with a new token`, e.seq);
      continue;
    }
    if (TOKEN_DEAD.has(retry.errcode)) {
      const third = later.find((x) => x !== retry && after(x, retry) && callKey(x) === key && x.time - end(retry) < 10_000);
      if (third) f.add(`${e.operation ?? e.path} retried more than once after token errors (retry once, then report the error)`, e.seq, retry.seq, third.seq);
    }
  }
  return outcome('token-refresh-retry', f, seen === 0 ? 'no 42001/40014 happened' : `${seen} token error${seen === 1 ? '' : 's'}, each refreshed and retried once`);
}

function systemBusy(entries: JournalEntry[], t: CheckTuning): CheckOutcome {
  const f = new Findings();
  const byTime = [...entries].sort((a, b) => a.time - b.time || a.seq - b.seq);
  const inChain = new Set<JournalEntry>();
  let chains = 0;
  for (const e of byTime) {
    if (e.errcode !== SYSTEM_BUSY || inChain.has(e)) continue;
    chains++;
    const key = callKey(e);
    let prev = e;
    let retries = 0;
    for (;;) {
      const next = byTime.find((x) => x !== prev && !inChain.has(x) && after(x, prev) && callKey(x) === key);
      if (!next) break;
      retries++;
      inChain.add(next);
      const gap = next.time - end(prev);
      if (gap < t.min_backoff_ms) f.add(`${e.operation ?? e.path}: -1 retried after ${Math.max(0, Math.round(gap))} ms (back off, e.g. 100 ms doubling)`, prev.seq, next.seq);
      if (next.errcode !== SYSTEM_BUSY) break;
      prev = next;
    }
    if (retries === 0) f.add(`${e.operation ?? e.path} answered -1 (system busy) was not retried`, e.seq);
    // Every retry of the chain followed a -1 (the chain ends at the first other answer).
    if (retries > t.max_system_busy_retries) f.add(`${e.operation ?? e.path}: -1 retried ${retries} times (at most ${t.max_system_busy_retries})`, e.seq);
  }
  return outcome('retry-system-busy', f, chains === 0 ? 'no -1 happened' : `${chains} -1 answer${chains === 1 ? '' : 's'}, each retried with backoff`);
}

function throttle(entries: JournalEntry[], t: CheckTuning): CheckOutcome {
  const f = new Findings();
  let n = 0;
  for (const e of entries) {
    if (e.errcode !== FREQ) continue;
    n++;
    const op = e.operation ?? e.path;
    const burst = entries.filter((x) => (x.operation ?? x.path) === op && after(x, e) && x.time <= end(e) + t.throttle_window_ms);
    if (burst.length > t.throttle_max_calls) {
      f.add(`${op}: ${burst.length} calls within ${t.throttle_window_ms} ms after 45009 (back off; the block lasts as long as the window)`, e.seq, ...burst.slice(0, 3).map((x) => x.seq));
    }
  }
  return outcome('throttle-backoff', f, n === 0 ? 'no 45009 happened' : `${n} 45009 answer${n === 1 ? '' : 's'}, each followed by a pause`);
}

export interface JudgeInput {
  entries: JournalEntry[];
  exitCode: number | null;
  signal?: string | null | undefined;
  timedOut?: boolean;
  /** The callback receiver check, when the client has a receiver. */
  callback?: CheckOutcome | undefined;
  tuning?: Partial<CheckTuning> | undefined;
  skip?: readonly string[] | undefined;
}

/** Every check over a journal. */
export function judgeJournal(input: JudgeInput): CheckOutcome[] {
  const t = { ...DEFAULT_TUNING, ...input.tuning };
  const entries = [...input.entries].sort((a, b) => a.seq - b.seq);
  const api = entries.filter((e) => !e.path.startsWith('/__mock/'));
  const exit: CheckOutcome = {
    id: 'client-exit',
    title: CHECK_TITLES['client-exit'],
    status: input.exitCode === 0 ? 'pass' : 'fail',
    summary: input.timedOut
      ? 'the command did not finish in time and was stopped'
      : input.exitCode === null
        ? `the command was ended by ${input.signal ?? 'a signal'}`
        : `exit code ${input.exitCode}`,
    findings: input.exitCode === 0 ? [] : [{ message: input.timedOut ? 'timed out' : `exit code ${String(input.exitCode ?? input.signal)}`, seqs: [], count: 1 }],
  };
  const activity: CheckOutcome = {
    id: 'activity',
    title: CHECK_TITLES.activity,
    status: api.length > 0 ? 'pass' : 'fail',
    summary: api.length > 0 ? `${api.length} requests` : 'no request reached the mock: does the client use WECOM_BASE_URL (or the proxy)?',
    findings: api.length > 0 ? [] : [{ message: 'no request reached the mock', seqs: [], count: 1 }],
  };
  const callback: CheckOutcome = input.callback ?? {
    id: 'callback-receiver',
    title: CHECK_TITLES['callback-receiver'],
    status: 'skip',
    summary: 'no receiver given (--callback-url)',
    findings: [],
  };
  const all = [
    activity,
    exit,
    specConformance(api),
    tokenInQuery(api),
    noLeak(api),
    tokenCaching(api),
    singleFlight(api),
    refreshRetry(api),
    systemBusy(api, t),
    throttle(api, t),
    callback,
  ];
  const skip = new Set(input.skip ?? []);
  return all.map((c) => (skip.has(c.id) ? { ...c, status: 'skip' as const, summary: `skipped by the profile (${c.summary})`, findings: [] } : c));
}
