/**
 * 直播回调事件 (doc path/94145): `living_status_change` with LivingId and Status (0 预约中, 1 直播中, 2 已结束,
 * 4 已取消; 3 已过期 is not called back), sent only for livings created through the API, to the app that created
 * them. FromUserName is a member's userid there; the mock names the anchor.
 */
import type { Living } from './state.js';

export function livingStatusChange(l: Living): Record<string, unknown> {
  return { Event: 'living_status_change', FromUserName: l.anchor_userid, LivingId: l.livingid, Status: l.status, ...(l.agentid !== undefined && { AgentID: l.agentid }) };
}
