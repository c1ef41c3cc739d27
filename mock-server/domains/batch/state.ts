export type BatchType = 'sync_user' | 'replace_user' | 'replace_party';

/** One row's outcome, as batch/getresult answers it. */
export type RowResult =
  | { userid: string; errcode: number; errmsg: string }
  | { action: number; partyid: number; errcode: number; errmsg: string };

/** A batch job. Its rows are applied when it completes (settle); until then they wait here. */
export interface BatchJob {
  jobid: string;
  type: BatchType;
  createdAtMs: number;
  /** status 1 → 2 at startAtMs, 2 → 3 at doneAtMs. */
  startAtMs: number;
  doneAtMs: number;
  /** Rows of the file. */
  total: number;
  /** The file's columns (field → index) and data rows, dropped once applied. */
  file: { columns: Map<string, number>; rows: string[][] } | undefined;
  result: RowResult[] | undefined;
  agentid: number | undefined;
  /** Emits corp events (the caller's ctx.emit). */
  emit: (event: object) => void;
}

/** A corp's batch jobs. No HTTP, no errcodes. */
export class BatchState {
  readonly jobs = new Map<string, BatchJob>();
  /** jobids dropped after the retention period (40089 rather than 40088). */
  readonly cleaned = new Set<string>();

  /** Drops jobs older than `retentionMs`. */
  sweep(nowMs: number, retentionMs: number): void {
    for (const [id, j] of this.jobs) {
      if (nowMs < j.createdAtMs + retentionMs) continue;
      this.jobs.delete(id);
      this.cleaned.add(id);
    }
  }
}
