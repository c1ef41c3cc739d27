import { snapshotClass } from '../../../core/runtime/graph.js';
/**
 * Corp mass messages (企业群发, doc path/92135, 93338): a message, the members asked to send it and, per member,
 * the customers (or customer groups) it goes to. Nothing is sent until a member confirms (the control plane).
 */
export interface MassAttachment {
  msgtype: string;
  [kind: string]: unknown;
}

export interface MassRecipient {
  /** Customer id (single) or chat_id (group). */
  ref: string;
  /** 0 not sent, 1 sent, 2 not a customer any more, 3 over the monthly limit (doc path/93338). */
  status: 0 | 1 | 2 | 3;
  send_time: number;
}

export interface MassTask {
  userid: string;
  /** 0 not sent, 2 sent (doc path/93338). */
  status: 0 | 2;
  send_time: number;
  recipients: MassRecipient[];
}

export interface MassMessage {
  msgid: string;
  chat_type: 'single' | 'group';
  creator: string;
  /** 0 corp (API), 1 personal. */
  create_type: 0 | 1;
  create_time: number;
  allow_select: boolean;
  text: { content?: string } | undefined;
  attachments: MassAttachment[];
  /** userid key → the member's task. */
  tasks: Map<string, MassTask>;
  cancelled: boolean;
  /** Mock ms of the reminders (3 per 24 h, doc path/97610). */
  reminders: number[];
}

export class MassMessages {
  readonly byId = new Map<string, MassMessage>();
  /** `${customer id}|${YYYY-MM}` → corp mass messages received that month (4 at most, doc path/92135). */
  readonly monthly = new Map<string, number>();
}

/** A customer gets at most 4 corp mass messages per natural month (doc path/92135). */
export const MONTHLY_MASS_LIMIT = 4;

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(MassMessages);
