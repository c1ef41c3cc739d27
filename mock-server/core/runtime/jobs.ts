/**
 * WeCom's asynchronous jobs (异步批量接口, 异步导出接口): a call answers a jobid at once; the job is queued,
 * runs, and completes at mock times fixed when it is submitted; a getresult call reads where it stands.
 * The job completes on the scheduler even if nobody asks (its completion event goes out on time), and its
 * record is dropped after the retention, after which getresult answers "cleaned" rather than "unknown"
 * (errcodes 40089 and 40088).
 */
import type { CorpState, CorpTimers, TaskHandler } from '../tenancy/types.js';
import { ALNUM, drawUnused, type Rng } from './rng.js';
import { snapshotClass } from './graph.js';

export interface JobTimes {
  jobid: string;
  createdAtMs: number;
  /** Queued until then. */
  startAtMs: number;
  /** Completes (settles) then. */
  doneAtMs: number;
  /** Set once the job settled. */
  settled: boolean;
}

export interface JobProgress {
  phase: 'queued' | 'running' | 'done';
  /** 0 while queued, 100 when done, in between while running (never 100 before it settled). */
  percentage: number;
}

/** One corp's jobs of one kind. */
export class JobBook<J extends JobTimes> {
  private readonly jobs = new Map<string, J>();
  private readonly cleaned = new Set<string>();

  constructor(
    private readonly retentionMs: number,
    /** What the jobid looks like: `prefix` + 43 alphanumerics. */
    private readonly prefix = '',
  ) {}

  /**
   * Files a new job under a fresh jobid; the task handler `settle` (a kind of a domain manifest's tasks)
   * runs with `{ job, ...args }` when it is due, then the job is marked settled. `build` gets the jobid and
   * answers the job (its times included).
   */
  submit(corp: { rng: Rng; timers: CorpTimers }, label: string, build: (jobid: string) => J, settle: string, args: Record<string, unknown> = {}): J {
    const jobid = drawUnused(() => `${this.prefix}${corp.rng.string(43, ALNUM)}`, this.jobs, this.cleaned);
    const job = build(jobid);
    this.jobs.set(jobid, job);
    corp.timers.at(job.doneAtMs, `${label} ${jobid}`, 'job.settle', { job, settle, args: { ...args, job } });
    corp.timers.at(job.createdAtMs + this.retentionMs, `${label} retention ${jobid}`, 'job.retention', { book: this, jobid });
    return job;
  }

  /** Drops a job after its retention (getresult then answers "cleaned"). */
  forget(jobid: string): void {
    this.jobs.delete(jobid);
    this.cleaned.add(jobid);
  }

  /** The job of a jobid; 'cleaned' once dropped after the retention, 'unknown' when never issued. */
  find(jobid: string): J | 'cleaned' | 'unknown' {
    return this.jobs.get(jobid) ?? (this.cleaned.has(jobid) ? 'cleaned' : 'unknown');
  }

  /** Where a job stands at `nowMs`. */
  progress(job: J, nowMs: number): JobProgress {
    if (job.settled) return { phase: 'done', percentage: 100 };
    if (nowMs < job.startAtMs) return { phase: 'queued', percentage: 0 };
    return { phase: 'running', percentage: Math.max(0, Math.min(99, Math.floor((100 * (nowMs - job.startAtMs)) / (job.doneAtMs - job.startAtMs)))) };
  }

  values(): IterableIterator<J> {
    return this.jobs.values();
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(JobBook);

/**
 * Core scheduled work: a job settles (its domain's handler, then the mark), a job is forgotten, and
 * `state.assign` (fields of a state object take values at a time: a call is answered, an application audited).
 */
export const CORE_TASKS: Readonly<Record<string, TaskHandler>> = {
  'state.assign': ((_corp: CorpState, a: { target: object; values: Record<string, unknown> }) => {
    Object.assign(a.target, a.values);
  }) as TaskHandler,
  'job.settle': ((corp: CorpState, a: { job: JobTimes; settle: string; args: unknown }, due: number) => {
    corp.timers.run(a.settle, a.args, due);
    a.job.settled = true;
  }) as TaskHandler,
  'job.retention': ((_corp: CorpState, a: { book: JobBook<JobTimes>; jobid: string }) => a.book.forget(a.jobid)) as TaskHandler,
};
