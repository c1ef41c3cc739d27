import { err, WeComError } from '../../core/errors/index.js';
import {
  applyDepartmentCreate,
  applyDepartmentDelete,
  applyDepartmentUpdate,
  applyMemberCreate,
  applyMemberDelete,
  applyMemberUpdate,
  ROOT_DEPARTMENT,
  userKey,
  type ContactsState,
} from '../contacts/index.js';
import { defineTasks, defineRoutes, type Corp, type Ctx } from '../types.js';
import { openUseridRoutes } from './openuserid.js';
import type { BatchJob, BatchType, RowResult } from './state.js';
import {
  checkDeleteProtection,
  memberInput,
  partyRow,
  readMemberFile,
  readPartyFile,
  requireImporter,
  rowUserid,
} from './rules.js';

/** Mock pacing: started for 1 s, then running 1 s plus 1 s per 1,000 rows. */
const STARTED_MS = 1000;
const ROWS_PER_SECOND = 1000;

/** A row's outcome from what the single-member / single-department call threw. */
function failure(e: unknown): { errcode: number; errmsg: string } {
  if (e instanceof WeComError) return { errcode: e.errcode, errmsg: e.errmsg };
  // Never a crash: an unexpected failure of one row is WeCom's -1 for that row only.
  const busy = err('SYSTEM_BUSY');
  return { errcode: busy.errcode, errmsg: busy.errmsg };
}

/** Applies a member file: replace_user first deletes the members the file lacks. */
function applyMembers(c: ContactsState, job: BatchJob, emit: (event: object) => void): RowResult[] {
  const file = job.file as ReturnType<typeof readMemberFile>;
  if (job.type === 'replace_user') {
    const inFile = new Set(file.rows.map((r) => rowUserid(file, r)).filter((u) => u !== '').map(userKey));
    // Deleting first frees the mobiles and emails of the members that go (WeCom: 文件中不存在的成员，执行删除操作).
    for (const key of [...c.users.keys()]) {
      if (inFile.has(key)) continue;
      try {
        applyMemberDelete(c, c.users.get(key)!.userid, emit);
      } catch {
        /* already gone */
      }
    }
  }
  const seen = new Set<string>();
  return file.rows.map((row) => {
    const userid = rowUserid(file, row);
    try {
      if (userid !== '') {
        // The same userid twice in one file: the later row fails (302003 导入文件userid重复).
        if (seen.has(userKey(userid))) throw err('IMPORT_DUPLICATE_USERID');
        seen.add(userKey(userid));
      }
      const input = memberInput(file, row);
      if (userid !== '' && c.getUser(userid)) applyMemberUpdate(c, { ...input, userid }, emit);
      else applyMemberCreate(c, input, emit);
      return { userid, errcode: 0, errmsg: 'ok' };
    } catch (e) {
      return { userid, ...failure(e) };
    }
  });
}

/**
 * Applies a department file: rows whose parent exists go first, so a file may list children before their
 * parents; then the departments the file lacks are deleted when empty (WeCom 全量覆盖部门).
 */
function applyParties(c: ContactsState, job: BatchJob, emit: (event: object) => void): RowResult[] {
  const file = job.file as ReturnType<typeof readPartyFile>;
  const parsed = file.rows.map((r) => partyRow(file, r));
  const results: Array<RowResult | undefined> = parsed.map(() => undefined);
  const seen = new Set<number>();
  let pending: number[] = [];
  parsed.forEach((p, i) => {
    const partyid = p.id ?? 0;
    if (p.error) results[i] = { action: 0, partyid, ...failure(p.error) };
    // The same department id twice in one file: the later row fails (302006 导入文件partyid重复).
    else if (seen.has(p.id!)) results[i] = { action: 0, partyid, ...failure(err('IMPORT_DUPLICATE_PARTYID')) };
    else {
      seen.add(p.id!);
      pending.push(i);
    }
  });
  const apply = (i: number): void => {
    const { input } = parsed[i]!;
    const id = input.id!;
    const before = c.departments.get(id);
    let action = 1;
    if (before) {
      action =
        (input.name !== undefined && input.name !== before.name ? 2 : 0) |
        (input.parentid !== before.parentid ? 4 : 0) |
        (input.order !== undefined && input.order !== before.order ? 8 : 0);
    }
    try {
      if (before) applyDepartmentUpdate(c, input, emit);
      else applyDepartmentCreate(c, input, emit);
      results[i] = { action, partyid: id, errcode: 0, errmsg: 'ok' };
    } catch (e) {
      results[i] = { action, partyid: id, ...failure(e) };
    }
  };
  for (let progress = true; progress && pending.length > 0; ) {
    progress = false;
    const next: number[] = [];
    for (const i of pending) {
      const { input } = parsed[i]!;
      const ready = c.departments.has(input.parentid!) || (input.id === ROOT_DEPARTMENT && c.departments.has(ROOT_DEPARTMENT));
      if (ready) {
        apply(i);
        progress = true;
      } else next.push(i);
    }
    pending = next;
  }
  // What is left names parents that never came: each fails as department/create would (60004).
  for (const i of pending) apply(i);

  const keep = new Set(parsed.flatMap((p) => (p.id !== undefined ? [p.id] : [])));
  keep.add(ROOT_DEPARTMENT);
  // Departments not in the file go once they have no members or children left; the others stay
  // ("当部门下仍有成员或子部门时，暂时不会删除", doc path/90979).
  for (let removed = true; removed; ) {
    removed = false;
    for (const id of [...c.departments.keys()]) {
      if (keep.has(id) || (c.children.get(id)?.size ?? 0) > 0 || (c.deptMembers.get(id)?.size ?? 0) > 0) continue;
      applyDepartmentDelete(c, id, emit);
      removed = true;
    }
  }
  return results.map((r) => r!);
}

/** Completes a job (on the scheduler, at its due time): applies its rows and emits batch_job_result. */
function settleBatch(corp: Corp, job: BatchJob): void {
  const c = corp.domains.contacts;
  // Events carry the mock time the job settles at (what the caller's ctx.emit did; the job holds data only).
  const emit = (event: object): void => void corp.events.push(corp.clock.nowMs(), event);
  job.result = job.type === 'replace_party' ? applyParties(c, job, emit) : applyMembers(c, job, emit);
  job.file = undefined;
  emit({
    Event: 'batch_job_result',
    BatchJob: { JobId: job.jobid, JobType: job.type, ErrCode: 0, ErrMsg: 'ok' },
    ...(job.agentid !== undefined && { AgentID: job.agentid }),
  });
}

/** Checks the request and the file, then queues the job; nothing changes before it completes. */
function startBatch(ctx: Ctx, type: BatchType, mediaId: string): { jobid: string } {
  requireImporter(ctx);
  const now = ctx.clock.nowMs();
  // The CSV is a temporary media of this corp: unknown, expired or another corp's → 40007.
  const media = ctx.corp.domains.media.getMedia(mediaId, now);
  if (!media) throw err('INVALID_MEDIA_ID');
  const c = ctx.corp.domains.contacts;
  const file = type === 'replace_party' ? readPartyFile(media.data) : readMemberFile(media.data);
  if (type === 'replace_user') {
    const members = file as ReturnType<typeof readMemberFile>;
    const inFile = new Set(members.rows.map((r) => rowUserid(members, r)).filter((u) => u !== '').map(userKey));
    let deletions = 0;
    for (const key of c.users.keys()) if (!inFile.has(key)) deletions++;
    checkDeleteProtection(deletions, c.users.size);
  }
  const corp = ctx.corp;
  const startAtMs = now + STARTED_MS;
  // The rows are applied and the event goes out when the job is due, even if nobody polls getresult.
  const job = corp.domains.batch.jobs.submit(corp, 'batch job', (jobid) => ({
    jobid,
    settled: false,
    type,
    createdAtMs: now,
    startAtMs,
    doneAtMs: startAtMs + 1000 + Math.ceil(file.rows.length / ROWS_PER_SECOND) * 1000,
    total: file.rows.length,
    file: file as { columns: Map<string, number>; rows: string[][] },
    result: undefined,
    agentid: ctx.app?.agentid,
  }), 'batch.settle');
  return { jobid: job.jobid };
}

export const batchRoutes = defineRoutes({
  ...openUseridRoutes,
  batch_syncuser: (ctx) => startBatch(ctx, 'sync_user', ctx.body.media_id),
  batch_replaceuser: (ctx) => startBatch(ctx, 'replace_user', ctx.body.media_id),
  batch_replaceparty: (ctx) => startBatch(ctx, 'replace_party', ctx.body.media_id),

  batch_getresult: (ctx) => {
    requireImporter(ctx);
    const { jobid } = ctx.query;
    const jobs = ctx.corp.domains.batch.jobs;
    const job = jobs.find(jobid);
    if (job === 'cleaned') throw err('JOB_RESULT_CLEANED');
    if (job === 'unknown') throw err('JOBID_NOT_FOUND');
    const { phase, percentage } = jobs.progress(job, ctx.clock.nowMs());
    // status 1 queued, 2 running, 3 done (doc path/90983).
    const status = phase === 'queued' ? 1 : phase === 'running' ? 2 : 3;
    return { status, type: job.type, total: job.total, percentage, result: job.result ?? [] };
  },
});

/** Scheduled work: a job's rows are applied when it is due. */
export const batchTasks = defineTasks({
  'batch.settle': (corp, a: { job: BatchJob }) => settleBatch(corp, a.job),
});
