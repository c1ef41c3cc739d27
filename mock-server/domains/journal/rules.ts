import { err } from '../../core/errors/index.js';
import { mayCallArea } from '../../core/tenancy/access.js';
import type { Ctx } from '../types.js';

/**
 * 汇报 APIs answer the 汇报 system secret and the apps listed as its 可调用接口的应用 (doc path/93393); WeCom
 * refuses other secrets with 48002 (api forbidden).
 */
export function requireJournalArea(ctx: Ctx): void {
  if (!mayCallArea(ctx.corp, ctx.token, 'journal')) throw err('API_FORBIDDEN');
}

/** A month at most (doc path/93393: 开始时间和结束时间间隔不能超过一个月); 31 days here. */
export const MAX_WINDOW_SECONDS = 31 * 86_400;

/** The window rule of the record list and the statistics: 301063 (参数有误) when it is reversed or too long. */
export function checkWindow(start: number, end: number): void {
  if (end < start) throw err('OA_INVALID_PARAMETER', { message: 'endtime is earlier than starttime' });
  if (end - start > MAX_WINDOW_SECONDS) throw err('OA_INVALID_PARAMETER', { message: 'time range exceeds one month' });
}

