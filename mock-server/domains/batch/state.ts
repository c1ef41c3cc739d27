import { LIMITS } from '../../../spec/generated/limits.js';
import { JobBook, type JobTimes } from '../../core/runtime/jobs.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export type BatchType = 'sync_user' | 'replace_user' | 'replace_party';

/** One row's outcome, as batch/getresult answers it. */
export type RowResult =
  | { userid: string; errcode: number; errmsg: string }
  | { action: number; partyid: number; errcode: number; errmsg: string };

/** A batch job. Its rows are applied when it completes (settle); until then they wait here. */
export interface BatchJob extends JobTimes {
  type: BatchType;
  /** Rows of the file. */
  total: number;
  /** The file's columns (field → index) and data rows, dropped once applied. */
  file: { columns: Map<string, number>; rows: string[][] } | undefined;
  result: RowResult[] | undefined;
  agentid: number | undefined;
}

/** A corp's batch jobs. No HTTP, no errcodes. */
export class BatchState {
  readonly jobs = new JobBook<BatchJob>(LIMITS.lifetime.async_job_retention.seconds * 1000);
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(BatchState);
