/**
 * Who may call an API area (打卡, 审批, 汇报, 日程, 会议, 微盘, 微信客服 …). WeCom opens each to the system
 * app's own secret and to the self-built apps an admin lists as 可调用接口的应用 for it; the customer-contact
 * domain's 可调用应用 is the same idea. A domain declares its areas in its manifest (`areas`); every corp gets
 * a system secret per area; the control plane (PATCH /__mock/corps/{corpid}/areas/{area}) sets the callable
 * apps. Each domain turns a refusal into the errcode its documents give.
 */
import { err } from '../errors/index.js';
import type { CorpState, TokenRecord } from './types.js';

/** True when the token's secret may call the area's APIs. */
export function mayCallArea(corp: CorpState<unknown>, token: TokenRecord, area: string): boolean {
  if (token.kind === 'system') return token.area === area;
  if (token.kind === 'app' && token.agentid !== undefined) return corp.areas.get(area)?.callable.has(token.agentid) ?? false;
  return false;
}

/**
 * A domain's state for a call to its API area (the area is the domain's name unless it says otherwise);
 * any other secret → 48002 api forbidden, what WeCom answers a token the area is not open to.
 */
export function areaState<D, K extends keyof D & string>(ctx: { corp: CorpState<D>; token: TokenRecord }, domain: K, area: string = domain): D[K] {
  if (!mayCallArea(ctx.corp, ctx.token, area)) throw err('API_FORBIDDEN');
  return ctx.corp.domains[domain];
}

/** The areas' view for credentials and the control plane: area → secret and callable agentids. */
export function areasView(corp: CorpState<unknown>): Record<string, { secret: string; callable_agentids: number[] }> {
  const out: Record<string, { secret: string; callable_agentids: number[] }> = {};
  for (const [area, a] of corp.areas) out[area] = { secret: a.secret, callable_agentids: [...a.callable].sort((x, y) => x - y) };
  return out;
}
