import { snapshotClass } from '../../../core/runtime/graph.js';
import type { AnswerOf } from '../../types.js';
/**
 * Customer acquisition (获客助手, doc path/97297, 97305, 99337, 100254): links, the customers who came through
 * them, their sessions (chat_key) and the corp's quota. The control plane creates links and brings customers.
 */
export interface AcquisitionLink {
  link_id: string;
  link_name: string;
  url: string;
  userids: string[];
  create_time: number;
}

export interface AcquiredCustomer {
  customerId: string;
  userid: string;
  /** 0 not replied, 1 replied, 2 the customer wrote first (doc path/97305). */
  chat_status: 0 | 1 | 2;
  state: string;
  chat_key: string;
  recv_msg_cnt: number;
}

/** A batch of quota the corp bought: a row of customer_acquisition_quota's quota_list (its wire shape), plus how much it held. */
export type QuotaBatch = Required<NonNullable<AnswerOf<'externalcontact_customer_acquisition_quota'>['quota_list']>[number]> & { total: number };

export class Acquisition {
  readonly links = new Map<string, AcquisitionLink>();
  /** link_id → customers, in arrival order. */
  readonly customers = new Map<string, AcquiredCustomer[]>();
  readonly byChatKey = new Map<string, { link_id: string; row: AcquiredCustomer }>();
  readonly quota: QuotaBatch[] = [];
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(Acquisition);
