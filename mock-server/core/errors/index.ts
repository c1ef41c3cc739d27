import { ERRCODES, describeErrcode, errcodeDocUrl, type ErrName } from '../../../spec/generated/errcodes.js';

export { ERRCODES, type ErrName };

export interface ErrOptions {
  /** Replaces the catalogue errmsg (e.g. a 40058 text naming the field). */
  message?: string;
  /** Put before the errmsg, as WeCom's "Warning: wrong json format. ". */
  prefix?: string;
  /** Put after the errmsg, as 60104's ":<owner userid>". */
  suffix?: string;
  /** Extra body fields of this error answer (on top of the operation's error defaults). */
  fields?: Record<string, unknown>;
}

/** A WeCom business error: answered with HTTP 200, `errcode` and an errmsg with WeCom's hint suffix. */
export class WeComError extends Error {
  readonly errcode: number;
  readonly errmsg: string;
  readonly fields: Record<string, unknown> | undefined;
  constructor(errcode: number, errmsg: string, fields?: Record<string, unknown>) {
    super(`${errcode} ${errmsg}`);
    this.name = 'WeComError';
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.fields = fields;
  }
}

/** The error named NAME in spec/errcodes.yaml. */
export function err(name: ErrName, opts: ErrOptions = {}): WeComError {
  return errByCode(ERRCODES[name], opts);
}

/** The error with a catalogued numeric code (used where the code comes from data, e.g. fault rules). */
export function errByCode(code: number, opts: ErrOptions = {}): WeComError {
  const entry = describeErrcode(code);
  if (!entry) throw new Error(`errcode ${code} is not in spec/errcodes.yaml`);
  const base = opts.message ?? entry.errmsg;
  return new WeComError(code, `${opts.prefix ?? ''}${base}${opts.suffix ?? ''}`, opts.fields);
}

/** `value` when there is one, else the error NAME: the lookup of something a caller named by id (a job, a contact way …). */
export function found<T>(value: T | undefined, name: ErrName, opts: ErrOptions = {}): T {
  if (value === undefined) throw err(name, opts);
  return value;
}

/** 40058 with WeCom's "<detail>. invalid Request Parameter" text. */
export function invalidParameter(detail: string, opts: Omit<ErrOptions, 'message'> = {}): WeComError {
  return err('INVALID_PARAMETER', { ...opts, message: `${detail}. invalid Request Parameter` });
}

/**
 * WeCom's errmsg on errors: `<text>, hint: [<id>], from ip: <ip>, more info at <doc url>`
 * (observed on qyapi.weixin.qq.com; not in WeCom's docs, the codes are doc path/90313).
 */
export function withHint(errmsg: string, errcode: number, hintId: string, ip: string): string {
  return `${errmsg}, hint: [${hintId}], from ip: ${ip}, more info at ${errcodeDocUrl(errcode)}`;
}

/** True when `code` is in the catalogue. */
export function isCatalogued(code: number): boolean {
  return describeErrcode(code) !== undefined;
}
