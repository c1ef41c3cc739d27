import { err } from '../../core/errors/index.js';
import { mayCallArea } from '../../core/tenancy/access.js';
import type { Ctx } from '../types.js';

/** 审批 APIs take the 审批 app's secret or a self-built app listed for it; others get 301055 (no approval privilege). */
export function guard(ctx: Ctx): void {
  if (!mayCallArea(ctx.corp, ctx.token, 'approval')) throw err('APPROVAL_NO_PRIVILEGE');
}
