/**
 * 审批 state of a corp: templates, applications with their flow, third-party flow applications (审批流程引擎),
 * advanced-feature applications, and 假期管理 (vacation types and members' balances).
 */
import { Rng } from '../../core/runtime/rng.js';
import { snapshotClass } from '../../core/runtime/graph.js';
import type { AnswerOf } from '../types.js';

export interface LangText {
  text: string;
  lang: string;
}

export interface Control {
  property: { control: string; id: string; title: LangText[]; placeholder?: LangText[]; require?: number; un_print?: number };
  config?: Record<string, unknown>;
}

export interface Template {
  template_id: string;
  names: LangText[];
  controls: Control[];
  /** The template's own flow (seeded templates); templates created by API have none. */
  flow: FlowNodeInput[] | undefined;
  createdByApi: boolean;
}

export interface FlowNodeInput {
  type: 1 | 2 | 3;
  apv_rel: 1 | 2;
  userid: string[];
}

/** sp_status of a node, an approver and an application: 1 审批中, 2 已同意/已通过, 3 已驳回 (doc path/91983). */
export type SpStatus = 1 | 2 | 3 | 4;

export interface FlowNode {
  type: 1 | 2 | 3;
  apv_rel: 1 | 2;
  status: SpStatus;
  users: Array<{ userid: string; status: SpStatus; speech: string; time: number }>;
}

export interface ApplyContent {
  control: string;
  id: string;
  title: LangText[];
  value: Record<string, unknown>;
}

export interface Application {
  sp_no: string;
  template_id: string;
  sp_name: string;
  status: SpStatus;
  apply_time: number;
  applyer: { userid: string; partyid: string };
  nodes: FlowNode[];
  notifyer: string[];
  contents: ApplyContent[];
  comments: Array<{ userid: string; time: number; content: string; commentid: string }>;
  /** A Vacation control's request: the balance it takes once approved. */
  vacation: { vacation_id: number; begin: number; end: number; duration: number } | undefined;
}

/** A third-party flow application (审批流程引擎, doc path/90269), keyed by the developer's ThirdNo. */
export interface OpenApplication {
  thirdNo: string;
  open_template_id: string;
  open_sp_name: string;
  status: SpStatus;
  apply_time: number;
  applyer: string;
  agentid: number;
  nodes: FlowNode[];
  notifyer: string[];
}

/** An application for an advanced feature waiting for the developer's approval system (doc path/99883, 99880). */
export interface AdvancedApply {
  apply_id: string;
  business_type: number;
  userid: string;
  create_time: number;
  approval: { approval_id: string; approval_status: number; approval_url: string; process_list: unknown } | undefined;
}

export interface VacationType {
  id: number;
  name: string;
  /** 0 by day, 1 by hour. */
  time_attr: 0 | 1;
  /** Limited by a balance (年假, 调休) or not (事假, 病假). */
  quota: boolean;
  /** The balance a member starts with, in seconds. */
  initial: number;
}

/** A member's balance of one vacation type, in the fields getuservacationquota answers it with (seconds). */
export type Quota = Required<Pick<NonNullable<AnswerOf<'oa_vacation_getuservacationquota'>['lists']>[number], 'assignduration' | 'usedduration' | 'leftduration'>>;

export class ApprovalState {
  readonly templates = new Map<string, Template>();
  readonly applications = new Map<string, Application>();
  /** yyyymmdd → the last sequence number given that day. */
  readonly daySeq = new Map<string, number>();
  readonly open = new Map<string, OpenApplication>();
  readonly applies = new Map<string, AdvancedApply>();
  readonly vacations: VacationType[] = [];
  /** userid key → vacation id → balance (created on first use from the type's initial balance). */
  readonly quotas = new Map<string, Map<number, Quota>>();
  readonly rng: Rng;

  constructor(rng: Rng) {
    this.rng = rng;
  }

  quotaOf(userKey: string, v: VacationType): Quota {
    let m = this.quotas.get(userKey);
    if (!m) this.quotas.set(userKey, (m = new Map()));
    let q = m.get(v.id);
    if (!q) m.set(v.id, (q = { assignduration: v.initial, usedduration: 0, leftduration: v.initial }));
    return q;
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(ApprovalState);
