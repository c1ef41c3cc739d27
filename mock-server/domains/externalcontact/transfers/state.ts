/**
 * Customer and group transfers (在职继承 / 离职继承, doc path/92125, 94081, 92127): transfers in flight and done,
 * and the members who left (their customers wait in get_unassigned_list until assigned).
 */
import type { ScheduledTask } from '../../../core/runtime/scheduler.js';
import { snapshotClass } from '../../../core/runtime/graph.js';

export interface Transfer {
  kind: 'onjob' | 'resigned';
  customerId: string;
  handover: string;
  takeover: string;
  /** 1 taken over, 2 waiting, 3 refused by the customer, 4 takeover member at the customer limit (doc path/94088). */
  status: 1 | 2 | 3 | 4;
  /** When the takeover happens / happened (seconds); 0 when refused. */
  takeover_time: number;
  startedMs: number;
  task: ScheduledTask | undefined;
}

export class Transfers {
  readonly list: Transfer[] = [];
  /** customer id → its transfer waiting for the takeover. */
  readonly pending = new Map<string, Transfer>();
  /** userid key → when the member was deleted (seconds) and their userid. */
  readonly resigned = new Map<string, { userid: string; dimission_time: number }>();
}

/** The takeover happens 24 hours after the call (doc path/92125). */
export const TAKEOVER_DELAY_MS = 24 * 3600_000;
/** An on-job member's customer can be transferred at most twice in 90 days (errcode 40128, doc path/92125). */
export const TRANSFER_WINDOW_MS = 90 * 86400_000;
export const TRANSFERS_PER_WINDOW = 2;

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(Transfers);
