import { snapshotClass } from '../../core/runtime/graph.js';
/**
 * 互联企业 of one corp: the other corps of the registry linked to it (through the control plane) and what each
 * link shares — members and departments of the linked corp, for all of the corp's apps or one. Ids on the wire
 * are `CORPID/USERID` for members and `LINKEDID/DEPARTMENTID` for departments.
 */
export interface Link {
  linked_id: string;
  /** The linked corp (its data is read live from the registry). */
  corpid: string;
  /** The app the link is shared with; undefined: every app of the corp. */
  agentid: number | undefined;
  userids: string[];
  department_ids: number[];
}

export class LinkedcorpState {
  readonly links: Link[] = [];
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(LinkedcorpState);
