/**
 * The command's structured logs (pino): `--log-level` and `--log-format pretty|json` (or WECOM_MOCK_LOG_LEVEL,
 * WECOM_MOCK_LOG_FORMAT). One line per answered request at debug — method, path without the query, operation,
 * errcode, HTTP status, ms, corp — and, for an error answer, the hint id its errmsg carries, so a client's
 * "hint: [...]" can be found in the log. Unexpected failures log at error. Only the command (main.ts) loads
 * this module: the library entry and `wecom-mock/client` never import pino.
 */
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import type { JournalEntry } from './core/pipeline/journal.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Query parameters that carry a credential (doc path/91039, 90600): never logged as given. */
const SECRET_PARAMS = ['access_token', 'corpsecret', 'suite_access_token', 'provider_access_token', 'suite_secret', 'provider_secret', 'code', 'auth_code', 'ticket'];

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /** Where lines go (default stderr). */
  stream?: NodeJS.WritableStream;
  /** Colour in pretty format (default: the stream is a TTY). */
  colorize?: boolean;
}

/** A pino logger writing synchronously (lines are not lost when the process exits right after). */
export async function createLogger(options: LoggerOptions): Promise<Logger> {
  const stream = options.stream ?? process.stderr;
  const base = {
    level: options.level,
    base: undefined,
    // The query is logged with its credentials censored; the path never carries one.
    redact: { paths: SECRET_PARAMS.map((p) => `query.${p}`), censor: '[redacted]' },
  };
  // pino is imported here, not at the top: a default run logs nothing until an error, and the command's start
  // does not wait for it (main.ts makes the logger on first need).
  const { default: pino } = await import('pino');
  if (options.format === 'json') return pino(base, syncWriter(stream));
  // Pretty: the message line alone (it names method, path, operation, errcode, ms and hint): one line a request.
  const { default: pretty } = await import('pino-pretty');
  const colorize = options.colorize ?? (stream as { isTTY?: boolean }).isTTY === true;
  return pino(base, pretty({ destination: syncWriter(stream), colorize, sync: true, hideObject: true, translateTime: 'SYS:HH:MM:ss.l' }));
}

/** A Writable that hands each chunk straight to `stream` (stderr is synchronous for files, pipes and TTYs). */
function syncWriter(stream: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer | string, _enc, done) {
      stream.write(chunk);
      done();
    },
  });
}

/** The one debug line of an answered request. */
export function logRequest(log: Logger, e: Readonly<JournalEntry>, hint: string | undefined): void {
  const fields = {
    method: e.method,
    path: e.path,
    operation: e.operation,
    errcode: e.errcode,
    status: e.status,
    ms: e.duration_ms,
    corpid: e.corpid,
    ...(Object.keys(e.query).length > 0 && { query: { ...e.query } }),
    ...(hint !== undefined && { hint }),
    ...(e.fault !== null && { fault: e.fault }),
  };
  const outcome = e.status === 200 ? `errcode ${e.errcode}` : `HTTP ${e.status}`;
  log.debug(fields, `${e.method} ${e.path} ${e.operation ?? '-'} ${outcome} ${e.duration_ms.toFixed(1)} ms${hint ? ` hint ${hint}` : ''}`);
}

/** Whether a logger at `level` writes records of `what` (pino's order; silent writes nothing). */
export function levelEnabled(level: LogLevel, what: Exclude<LogLevel, 'silent'>): boolean {
  return level !== 'silent' && LOG_LEVELS.indexOf(what) >= LOG_LEVELS.indexOf(level);
}

/** `--log-level`: the value, else undefined for an unknown one. */
export function parseLevel(v: string): LogLevel | undefined {
  return (LOG_LEVELS as readonly string[]).includes(v) ? (v as LogLevel) : undefined;
}

export function parseFormat(v: string): LogFormat | undefined {
  return (LOG_FORMATS as readonly string[]).includes(v) ? (v as LogFormat) : undefined;
}
