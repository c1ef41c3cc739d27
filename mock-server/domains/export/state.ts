import { LIMITS } from '../../../spec/generated/limits.js';
import { JobBook, type JobTimes } from '../../core/runtime/jobs.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export type ExportKind = 'simple_user' | 'user' | 'department' | 'taguser';

/** One encrypted data block of a finished export, downloadable until expiresAtMs. */
export interface ExportFile {
  id: string;
  data: Buffer;
  md5: string;
  expiresAtMs: number;
}

/** An export job. Its data is built when it completes (settle), from the directory at that moment. */
export interface ExportJob extends JobTimes {
  kind: ExportKind;
  /** Who started it: only the same caller may read the result (`contacts`, `app:<agentid>`). */
  caller: string;
  agentid: number | undefined;
  encodingAesKey: string;
  blockSize: number;
  tagid: number | undefined;
  /** Set when the job completed. */
  files: ExportFile[] | undefined;
}

/** A corp's export jobs and the blocks they produced. No HTTP, no errcodes. */
export class ExportState {
  readonly jobs = new JobBook<ExportJob>(LIMITS.lifetime.async_job_retention.seconds * 1000, 'jobid_');
  readonly files = new Map<string, ExportFile>();

  /** A block still downloadable at nowMs; expired blocks are dropped on the way. */
  file(id: string, nowMs: number): ExportFile | undefined {
    const f = this.files.get(id);
    if (f && nowMs >= f.expiresAtMs) {
      this.files.delete(id);
      return undefined;
    }
    return f;
  }

  /** Drops a job's blocks once their download URLs expired (scheduled when the job completes). */
  dropFiles(job: ExportJob): void {
    for (const f of job.files ?? []) this.files.delete(f.id);
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(ExportState);
