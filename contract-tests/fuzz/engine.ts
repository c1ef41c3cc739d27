/**
 * The fuzzer: for every operation of the spec, fast-check draws requests (requests.ts), sends them to a
 * target over HTTP and judges each answer (oracle.ts). A failing property is shrunk to a small request and
 * reported with a curl line to repeat it. Operation set, schemas and errcode lists all come from the
 * generated spec, so new operations are fuzzed as soon as they land.
 */
import fc from 'fast-check';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { judge, type Answer, type Problem } from './oracle.js';
import { curlOf, requestArb, type FuzzCredentials, type FuzzRequest } from './requests.js';
import { specOperations, type OpInfo } from './spec-index.js';

export interface FuzzOptions {
  baseUrl: string;
  credentials: FuzzCredentials;
  /** Which operations (default: every one of the spec). */
  operations?: readonly OpInfo[];
  /** Requests in all, spread evenly over the operations (default 10,000). */
  totalRuns?: number;
  /** At least this many per operation (default 30). */
  minRunsPerOperation?: number;
  seed?: number;
  /** A request without an answer after this long is a hang (default 10 s). */
  timeoutMs?: number;
  /** Time allowed per operation, shrinking included (default 20 s). */
  timeLimitMs?: number;
  /** Shrink a failure to a small request (default true). */
  shrink?: boolean;
  /** Headers added to every request (e.g. the control-plane admin token). */
  headers?: Record<string, string>;
  /** Requests not to send (e.g. ones that would build a 100,000-member corp). */
  exclude?: (req: FuzzRequest) => boolean;
  /** Called with each finished request (progress, counters). */
  onRequest?: (op: OpInfo, req: FuzzRequest, answer: Answer) => void;
}

export interface Finding {
  operationId: string;
  check: Problem['check'];
  message: string;
  /** Every problem of the (shrunk) counterexample. */
  problems: Problem[];
  request: FuzzRequest;
  curl: string;
  answer: { status: number; body: string; error?: string | undefined };
  /** fast-check's seed and path: `fc.assert(prop, { seed, path })` replays it. */
  seed: number;
  path: string | undefined;
}

export interface FuzzReport {
  requests: number;
  operations: number;
  runsPerOperation: number;
  findings: Finding[];
  /** Requests per operation and variant class (coverage of the generator). */
  perOperation: Record<string, { requests: number; errcodes: Record<string, number> }>;
  ms: number;
}

const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 8 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 8, rejectUnauthorized: false });

/** Sends one request; never throws (transport failures come back in `error`). */
export function send(baseUrl: string, r: FuzzRequest, timeoutMs: number, extraHeaders: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  const url = new URL(baseUrl);
  const secure = url.protocol === 'https:';
  const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: Omit<Answer, 'ms'>): void => {
      if (settled) return;
      settled = true;
      resolve({ ...a, ms: performance.now() - started });
    };
    const req = (secure ? httpsRequest : httpRequest)(
      {
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port,
        method: r.method,
        path: `${url.pathname.replace(/\/+$/, '')}${r.path}${r.query ? `?${r.query}` : ''}`,
        headers: { ...extraHeaders, ...r.headers, ...(body !== undefined && { 'content-length': String(body.length) }) },
        agent: secure ? httpsAgent : httpAgent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (e) => done({ status: 0, headers: {}, body: Buffer.alloc(0), error: e.message }));
      },
    );
    // A plain timer (req.setTimeout piles listeners onto kept-alive sockets).
    const timer = setTimeout(() => {
      done({ status: 0, headers: {}, body: Buffer.alloc(0), error: 'timeout' });
      req.destroy();
    }, timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (e) => done({ status: 0, headers: {}, body: Buffer.alloc(0), error: e.message }));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

function errcodeOf(a: Answer): string {
  if (a.error) return a.error === 'timeout' ? 'timeout' : 'dropped';
  try {
    const j = JSON.parse(a.body.toString('utf8')) as { errcode?: unknown };
    if (typeof j.errcode === 'number') return String(j.errcode);
  } catch {
    /* not JSON */
  }
  return `http ${a.status}`;
}

/** Fuzzes every operation (or the chosen ones) of the spec against a target. */
export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const ops = options.operations ?? [...specOperations().values()];
  const total = options.totalRuns ?? 10_000;
  const runs = Math.max(options.minRunsPerOperation ?? 30, Math.ceil(total / Math.max(1, ops.length)));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const seed = options.seed ?? 20_26;
  const findings: Finding[] = [];
  const perOperation: FuzzReport['perOperation'] = {};
  let requests = 0;

  for (const [i, op] of ops.entries()) {
    const stats = (perOperation[op.operationId] = { requests: 0, errcodes: {} as Record<string, number> });
    let last: { req: FuzzRequest; answer: Answer; problems: Problem[] } | undefined;
    const property = fc.asyncProperty(requestArb(op, options.credentials), async (req) => {
      fc.pre(!options.exclude?.(req));
      const answer = await send(options.baseUrl, req, timeoutMs, options.headers);
      requests += 1;
      stats.requests += 1;
      const key = errcodeOf(answer);
      stats.errcodes[key] = (stats.errcodes[key] ?? 0) + 1;
      options.onRequest?.(op, req, answer);
      const problems = judge(op, req, answer);
      if (problems.length > 0) last = { req, answer, problems };
      return problems.length === 0;
    });
    const opSeed = (seed + i * 7919) | 0;
    const details = await fc.check(property, {
      numRuns: runs,
      seed: opSeed,
      endOnFailure: options.shrink === false,
      // Shrinking replays requests; bound it so a failure report comes quickly.
      interruptAfterTimeLimit: options.timeLimitMs ?? 20_000,
      markInterruptAsFailure: false,
    });
    if (details.failed && details.counterexample) {
      const [req] = details.counterexample;
      // Replay the smallest counterexample to report its own answer.
      const answer = await send(options.baseUrl, req, timeoutMs, options.headers);
      const problems = judge(op, req, answer);
      const final = problems.length > 0 ? { req, answer, problems } : (last ?? { req, answer, problems });
      const first = final.problems[0] ?? { check: 'no-5xx' as const, message: String(details.errorInstance ?? 'property failed') };
      findings.push({
        operationId: op.operationId,
        check: first.check,
        message: first.message,
        problems: final.problems,
        request: final.req,
        curl: curlOf(options.baseUrl, final.req),
        answer: { status: final.answer.status, body: final.answer.body.toString('utf8').slice(0, 500), error: final.answer.error },
        seed: opSeed,
        path: details.counterexamplePath ?? undefined,
      });
    }
  }
  return { requests, operations: ops.length, runsPerOperation: runs, findings, perOperation, ms: performance.now() - started };
}

/** A readable list of findings. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings
    .map(
      (f) =>
        `✗ ${f.operationId} — ${f.check}: ${f.message}\n` +
        (f.problems.length > 1 ? f.problems.slice(1).map((p) => `    also ${p.check}: ${p.message}\n`).join('') : '') +
        `    request (${f.request.variant}): ${f.curl.slice(0, 600)}\n` +
        `    answer: ${f.answer.error ?? `HTTP ${f.answer.status}`} ${f.answer.body.slice(0, 200)}\n` +
        `    replay: seed ${f.seed}, path ${f.path ?? '-'}`,
    )
    .join('\n');
}
