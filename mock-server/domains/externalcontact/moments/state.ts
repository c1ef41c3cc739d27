/**
 * Customer moments (客户朋友圈, doc path/93333, 95094): moments the corp creates through add_moment_task (an async
 * job) and, per sender, the customers it is shown to, whether the sender published it, and interactions.
 */
import { JobBook, type JobTimes } from '../../../core/runtime/jobs.js';
import { snapshotClass } from '../../../core/runtime/graph.js';

export interface MomentSender {
  userid: string;
  /** Customer ids chosen when the moment was created. */
  customers: string[];
  published: boolean;
  comments: MomentInteraction[];
  likes: MomentInteraction[];
}

export interface MomentInteraction {
  /** A customer id (external) or a userid (member). */
  ref: string;
  kind: 'customer' | 'member';
  create_time: number;
}

export interface Moment {
  moment_id: string;
  creator: string;
  create_time: number;
  /** 0 corp, 1 personal (doc path/93333). */
  create_type: 0 | 1;
  /** 0 some customers, 1 public. */
  visible_type: 0 | 1;
  text: string;
  attachments: Array<Record<string, unknown>>;
  /** userid key → sender. */
  senders: Map<string, MomentSender>;
  cancelled: boolean;
}

export interface MomentJob extends JobTimes {
  moment_id: string;
  invalid_users: string[];
  invalid_departments: number[];
  invalid_tags: string[];
}

export class Moments {
  readonly byId = new Map<string, Moment>();
  /** add_moment_task jobs; results kept a day of mock time (mock choice). */
  readonly jobs = new JobBook<MomentJob>(24 * 3600_000);
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(Moments);
