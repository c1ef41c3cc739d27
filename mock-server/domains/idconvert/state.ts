import { snapshotClass } from '../../core/runtime/graph.js';
/** The temporary external user ids a corp's apps were handed (by meetings, forms, smart sheets). No HTTP, no errcodes. */

/** Who a temporary id stands for: a customer of the corp, or a member of another corp. */
export type TmpTarget = { kind: 'customer'; external_userid: string } | { kind: 'member'; corpid: string; userid: string };

export interface TmpId {
  agentid: number;
  business_type: number;
  user_type: number;
  target: TmpTarget;
}

export class IdconvertState {
  readonly tmp = new Map<string, TmpId>();
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(IdconvertState);
