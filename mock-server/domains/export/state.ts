export type ExportKind = 'simple_user' | 'user' | 'department' | 'taguser';

/** One encrypted data block of a finished export, downloadable until expiresAtMs. */
export interface ExportFile {
  id: string;
  data: Buffer;
  md5: string;
  expiresAtMs: number;
}

/** An export job. Its data is built when it completes (settle), from the directory at that moment. */
export interface ExportJob {
  jobid: string;
  kind: ExportKind;
  /** Who started it: only the same caller may read the result (`contacts`, `app:<agentid>`). */
  caller: string;
  agentid: number | undefined;
  encodingAesKey: string;
  blockSize: number;
  tagid: number | undefined;
  createdAtMs: number;
  /** status 0 → 1 at startAtMs, 1 → 2 at doneAtMs. */
  startAtMs: number;
  doneAtMs: number;
  /** Set when the job completed. */
  files: ExportFile[] | undefined;
  /** Emits the corp event (the caller's ctx.emit). */
  emit: (event: object) => void;
}

/** A corp's export jobs and the blocks they produced. No HTTP, no errcodes. */
export class ExportState {
  readonly jobs = new Map<string, ExportJob>();
  readonly files = new Map<string, ExportFile>();
  /** jobids dropped after the retention period (40089 rather than 40088). */
  readonly cleaned = new Set<string>();

  /** A block still downloadable at nowMs; expired blocks are dropped on the way. */
  file(id: string, nowMs: number): ExportFile | undefined {
    const f = this.files.get(id);
    if (f && nowMs >= f.expiresAtMs) {
      this.files.delete(id);
      return undefined;
    }
    return f;
  }

  /** Drops expired blocks and jobs older than `retentionMs`. */
  sweep(nowMs: number, retentionMs: number): void {
    for (const [id, f] of this.files) if (nowMs >= f.expiresAtMs) this.files.delete(id);
    for (const [id, j] of this.jobs) {
      if (nowMs < j.createdAtMs + retentionMs) continue;
      this.jobs.delete(id);
      this.cleaned.add(id);
    }
  }
}
