import { describe, expect, it } from 'vitest';
import { Clock } from './clock.js';
import { Scheduler } from './scheduler.js';
import { CORE_TASKS, JobBook, type JobTimes } from './jobs.js';
import { Rng } from './rng.js';
import type { CorpTimers } from '../tenancy/types.js';

describe('scheduler', () => {
  it('When a clock is advanced, then the tasks due by then run in due order, before advance returns', () => {
    const root = new Clock();
    const corp = new Clock(root);
    const s = new Scheduler(root);
    const ran: string[] = [];
    const now = corp.nowMs();
    s.at(corp, now + 30_000, 'c', () => ran.push('c'));
    s.at(corp, now + 10_000, 'a', () => ran.push('a'));
    s.at(corp, now + 20_000, 'b', () => ran.push('b'));
    s.at(corp, now + 90_000, 'late', () => ran.push('late'));
    corp.advance(25);
    expect(ran).toEqual(['a', 'b']);
    root.advance(10);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(s.pending().map((t) => t.label)).toEqual(['late']);
    s.close();
  });

  it('When a task books another that is already due, then it runs in the same advance (a recurring push catches up)', () => {
    const root = new Clock();
    const s = new Scheduler(root);
    const at: number[] = [];
    const start = root.nowMs();
    const every = (due: number): void => {
      at.push(due - start);
      s.at(root, due + 600_000, 'push', every);
    };
    s.at(root, start + 600_000, 'push', every);
    root.advance(3600);
    expect(at).toEqual([600_000, 1_200_000, 1_800_000, 2_400_000, 3_000_000, 3_600_000]);
    s.close();
  });

  it("When an owner's tasks are cancelled, then none of them runs and other owners' still do", () => {
    const root = new Clock();
    const s = new Scheduler(root);
    const ran: string[] = [];
    s.at(root, root.nowMs() + 1000, 'x1', () => ran.push('x1'), 'corpX');
    s.at(root, root.nowMs() + 1000, 'y1', () => ran.push('y1'), 'corpY');
    s.at(root, root.nowMs() + 2000, 'x2', () => ran.push('x2'), 'corpX');
    expect(s.cancelOwner('corpX')).toBe(2);
    root.advance(5);
    expect(ran).toEqual(['y1']);
    s.close();
  });

  it('When a task throws, then it is reported and the next tasks still run', () => {
    const root = new Clock();
    const logged: string[] = [];
    const s = new Scheduler(root, (m) => logged.push(m));
    const ran: string[] = [];
    s.at(root, root.nowMs() + 1000, 'boom', () => {
      throw new Error('broken task');
    });
    s.at(root, root.nowMs() + 2000, 'after', () => ran.push('after'));
    root.advance(3);
    expect(ran).toEqual(['after']);
    expect(logged.join('\n')).toMatch(/boom failed: Error: broken task/);
    s.close();
  });

  it('When mock time passes on its own, then the real timer runs the task and tick runs whatever is due', async () => {
    const root = new Clock();
    const s = new Scheduler(root);
    let ran = 0;
    s.at(root, root.nowMs() + 20, 'soon', () => ran++);
    await new Promise((r) => setTimeout(r, 120));
    expect(ran).toBe(1);
    s.at(root, root.nowMs() - 1, 'overdue', () => ran++);
    s.tick();
    expect(ran).toBe(2);
    s.close();
  });
});

describe('jobs', () => {
  interface TestJob extends JobTimes {
    rows: number;
  }

  it('When a job is submitted, then it is queued, runs, settles at its due time without being asked, and is cleaned after the retention', () => {
    const root = new Clock();
    const s = new Scheduler(root);
    const settled: string[] = [];
    // The corp's timers as the registry binds them: tasks by kind, the job books' kinds among them.
    const handlers: Record<string, (corp: unknown, args: never, due: number) => void> = {
      ...(CORE_TASKS as Record<string, (corp: unknown, args: never, due: number) => void>),
      'test.settle': (_c, a: { job: TestJob }) => void settled.push(a.job.jobid),
    };
    const timers: CorpTimers = {
      at: (atMs, label, kind, args) => s.schedule(root, { at: atMs, owner: 'corp', label, cancelled: false, kind, args }, (due) => timers.run(kind, args, due)),
      run: (kind, args, due) => handlers[kind]!({ timers }, args as never, due),
    };
    const book = new JobBook<TestJob>(60_000, 'jobid_');
    const now = root.nowMs();
    const job = book.submit({ rng: new Rng('jobs'), timers }, 'test job', (jobid) => ({
      jobid,
      settled: false,
      createdAtMs: now,
      startAtMs: now + 1000,
      doneAtMs: now + 11_000,
      rows: 3,
    }), 'test.settle');
    expect(job.jobid).toMatch(/^jobid_[A-Za-z0-9]{43}$/);
    expect(book.progress(job, root.nowMs())).toEqual({ phase: 'queued', percentage: 0 });
    root.advance(6);
    expect(book.progress(job, root.nowMs())).toEqual({ phase: 'running', percentage: 50 });
    expect(settled).toEqual([]);
    root.advance(5);
    expect(settled).toEqual([job.jobid]);
    expect(book.progress(job, root.nowMs())).toEqual({ phase: 'done', percentage: 100 });
    expect(book.find(job.jobid)).toBe(job);
    root.advance(60);
    expect(book.find(job.jobid)).toBe('cleaned');
    expect(book.find('jobid_never')).toBe('unknown');
    s.close();
  });
});
