/**
 * The one scheduler of mock time. Work due at a moment of some clock (a corp's, or the global one) is
 * registered here: token and ticket pushes, async jobs, lifecycles, retention sweeps. It runs
 *   - when any clock is advanced (the control plane's /__mock/clock), synchronously, in due order;
 *   - before every request (tick: one comparison unless something is due), so an answer never shows a
 *     state older than the mock time it is given at;
 *   - by one real timer for time that passes on its own (mock clocks never run slower than real time).
 * No domain polls or pumps. A task that throws is reported and dropped; the others still run.
 */
import type { Clock } from './clock.js';

/**
 * A task as data: a corp's tasks name a handler (`kind`, from the domains' manifests) and carry its
 * arguments, so a snapshot can save them and a loading mock re-arm them (core/tenancy/snapshot.ts).
 */
export interface ScheduledTask {
  /** Mock time (ms of `clock`) at which the task is due. */
  readonly at: number;
  /** Who the task belongs to (a corpid): cancelOwner drops them all when the corp goes. */
  readonly owner: string | undefined;
  readonly label: string;
  cancelled: boolean;
  /** The handler of a corp's task (its manifest's `tasks`). */
  readonly kind?: string;
  /** The handler's arguments: data of the corp's state (kept by reference, saved with it). */
  readonly args?: unknown;
}

/** A heap entry: the task, its registration order and what runs it (kept apart so the task stays data). */
interface Task {
  readonly task: ScheduledTask;
  readonly at: number;
  readonly seq: number;
  readonly run: (dueMs: number) => void;
}

/** A binary min-heap of tasks by (at, seq): the earliest first, ties in registration order. */
class TaskHeap {
  readonly items: Task[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Task | undefined {
    return this.items[0];
  }
  push(t: Task): void {
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): Task | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(x: Task, y: Task): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}

export class Scheduler {
  private readonly heaps = new Map<Clock, TaskHeap>();
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  /** Real time at which the earliest task falls due (clocks only move forward, so it can only come sooner on advance, which runs the tasks itself). */
  private nextDueRealMs = Infinity;
  private running = false;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(
    root: Clock,
    private readonly log: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
  ) {
    this.unsubscribe = root.onAdvance(() => this.runAllDue());
  }

  /** Runs `run(dueMs)` once `clock` reaches `atMs` (at once, on the next runDue, if it already has). */
  at(clock: Clock, atMs: number, label: string, run: (dueMs: number) => void, owner?: string): ScheduledTask {
    return this.schedule(clock, { at: atMs, owner, label, cancelled: false }, run);
  }

  /** Books a task object (a new one, or one restored from a snapshot): `run(dueMs)` once `clock` reaches task.at. */
  schedule(clock: Clock, task: ScheduledTask, run: (dueMs: number) => void): ScheduledTask {
    let heap = this.heaps.get(clock);
    if (!heap) this.heaps.set(clock, (heap = new TaskHeap()));
    heap.push({ task, at: task.at, seq: ++this.seq, run });
    this.arm();
    return task;
  }

  /** Cancels a task (it stays in the heap until its time and is skipped then). */
  cancel(task: ScheduledTask): void {
    task.cancelled = true;
  }

  /** Cancels and forgets every task of an owner (a corp that is deleted or reset). */
  cancelOwner(owner: string): number {
    let n = 0;
    for (const [clock, heap] of this.heaps) {
      const keep = heap.items.filter(({ task: t }) => {
        if (t.owner !== owner) return true;
        if (!t.cancelled) n++;
        t.cancelled = true;
        return false;
      });
      if (keep.length === heap.items.length) continue;
      if (keep.length === 0) this.heaps.delete(clock);
      else {
        const fresh = new TaskHeap();
        for (const t of keep) fresh.push(t);
        this.heaps.set(clock, fresh);
      }
    }
    return n;
  }

  /** Runs what is due by now; one comparison when nothing is (the pipeline calls it before each request). */
  tick(): void {
    if (Date.now() >= this.nextDueRealMs) this.runAllDue();
  }

  /** Tasks not yet run (cancelled ones excluded), in the order they will run, for snapshots, the control plane and tests. */
  pending(owner?: string): ScheduledTask[] {
    const out: Task[] = [];
    for (const heap of this.heaps.values()) for (const t of heap.items) if (!t.task.cancelled && (owner === undefined || t.task.owner === owner)) out.push(t);
    return out.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0)).map((t) => t.task);
  }

  /** Stops the real timer and the clock subscription (the app is closing). */
  close(): void {
    this.closed = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Runs every due task of every clock, earliest first per clock, including tasks that due tasks add. */
  private runAllDue(): void {
    if (this.running) return; // a task advancing a clock: the outer loop picks the new work up
    this.running = true;
    try {
      for (let progressed = true; progressed; ) {
        progressed = false;
        for (const [clock, heap] of this.heaps) {
          for (let top = heap.peek(); top && top.at <= clock.nowMs(); top = heap.peek()) {
            heap.pop();
            if (top.task.cancelled) continue;
            progressed = true;
            try {
              top.run(top.at);
            } catch (e) {
              this.log(`wecom-mock: scheduled task ${top.task.label} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
            }
          }
          if (heap.size === 0) this.heaps.delete(clock);
        }
      }
    } finally {
      this.running = false;
    }
    this.arm();
  }

  /** One real timer for the earliest task of any clock (unref'd: it never keeps the process alive). */
  private arm(): void {
    if (this.running) return;
    let wait = Infinity;
    for (const [clock, heap] of this.heaps) {
      const top = heap.peek();
      if (top) wait = Math.min(wait, top.at - clock.nowMs());
    }
    this.nextDueRealMs = Date.now() + wait;
    if (this.closed) return;
    if (wait === Infinity) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = Infinity;
      return;
    }
    const fireAt = Date.now() + Math.max(0, wait);
    if (this.timer && this.timerAt <= fireAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = fireAt;
    // Timers are capped at 2^31-1 ms; a later task re-arms when this one fires.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.runAllDue();
    }, Math.min(2 ** 31 - 1, Math.max(0, wait) + 1));
    this.timer.unref();
  }
}
