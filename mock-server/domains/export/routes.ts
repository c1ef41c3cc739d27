import { LIMITS } from '../../../spec/generated/limits.js';
import { err } from '../../core/errors/index.js';
import { publicRoute } from '../../core/pipeline/typed-route.js';
import { RawResponse } from '../../core/pipeline/envelope.js';
import { operationUrl } from '../../core/pipeline/links.js';
import { downloadResponse } from '../../core/pipeline/range.js';
import type { AppState } from '../../core/tenancy/types.js';
import {
  isDepartmentVisible,
  memberVisibility,
  ROOT_DEPARTMENT,
  SENSITIVE_MEMBER_FIELDS,
  visibleRoots,
  type ContactsState,
  type Member,
} from '../contacts/index.js';
import { defineTasks, defineRoutes, type Corp, type Ctx } from '../types.js';
import type { ExportFile, ExportJob, ExportKind } from './state.js';
import { blocks, encryptBlock, md5Hex, requireExporter } from './rules.js';

const URL_TTL_MS = LIMITS.lifetime.export_url_lifetime.seconds * 1000;
const DEFAULT_BLOCK = LIMITS.bound.export_block_size.max;
/** Mock pacing: pending for 1 s, then running 1 s plus 1 s per 100,000 rows. */
const PENDING_MS = 1000;
const ROWS_PER_SECOND = 100_000;

/** The members an exporter sees, in a stable (userid) order. */
function visibleMembers(c: ContactsState, app: AppState | undefined): Member[] {
  const visible = memberVisibility(app, c);
  return c.userKeys().map((k) => c.users.get(k)!).filter(visible);
}

/** The departments an exporter sees, parents before children (as department/list). */
function visibleDepartments(c: ContactsState, app: AppState | undefined): number[] {
  if (!app) return c.subtree(ROOT_DEPARTMENT).map((d) => d.id);
  const roots = visibleRoots(app, c);
  const outer = roots.filter((r) => !roots.some((o) => o !== r && c.isWithin(r, o)));
  return outer.flatMap((r) => c.subtree(r).map((d) => d.id));
}

/** A tag an app may export: app-created tags are the creating app's alone (81011, doc path/90210). */
function exportableTag(c: ContactsState, tagid: number, app: AppState | undefined): void {
  const t = c.tags.get(tagid);
  if (!t) throw err('INVALID_TAGID');
  if (app && t.owner_agentid !== undefined && t.owner_agentid !== app.agentid) throw err('TAG_NO_PRIVILEGE');
}

/** The plaintext JSON blocks of a job, from the directory as it is now. */
function buildBlocks(corp: Corp, job: ExportJob): Buffer[] {
  const c = corp.domains.contacts;
  const app = job.agentid !== undefined ? corp.apps.get(job.agentid) : undefined;
  // An app whose access ended meanwhile exports nothing rather than everything.
  if (job.agentid !== undefined && !app) return [Buffer.from(JSON.stringify(emptyOf(job.kind)))];
  const json = (o: unknown): Buffer => Buffer.from(JSON.stringify(o));
  switch (job.kind) {
    case 'simple_user':
      // The fields of user/simplelist (doc path/90200, 94854 data format).
      return blocks(visibleMembers(c, app), job.blockSize).map((list) =>
        json({ userlist: list.map((m) => ({ userid: m.userid, name: m.name, department: m.department, open_userid: m.open_userid })) }),
      );
    case 'user': {
      // The fields of user/list; self-built apps lose the sensitive ones under the 2022 rules (doc path/90201).
      const strip = app !== undefined && corp.settings.post2022_rules;
      const view = (m: Member): Record<string, unknown> => {
        const out: Record<string, unknown> = { ...m };
        delete out['enable'];
        if (strip) for (const f of SENSITIVE_MEMBER_FIELDS) delete out[f];
        return out;
      };
      return blocks(visibleMembers(c, app), job.blockSize).map((list) => json({ userlist: list.map(view) }));
    }
    case 'department':
      return blocks(visibleDepartments(c, app), job.blockSize).map((ids) =>
        json({
          department: ids.map((id) => {
            const d = c.departments.get(id)!;
            return { id: d.id, name: d.name, name_en: d.name_en, department_leader: d.department_leader, parentid: d.parentid, order: d.order };
          }),
        }),
      );
    case 'taguser': {
      // The fields of tag/get: members {userid, name} and department ids; a block counts both (block_size).
      const t = c.tags.get(job.tagid!);
      const visible = memberVisibility(app, c);
      const users = [...(t?.users ?? [])]
        .map((k) => c.users.get(k))
        .filter((m): m is Member => m !== undefined && visible(m))
        .sort((a, b) => (a.userid < b.userid ? -1 : 1))
        .map((m) => ({ userid: m.userid, name: m.name }));
      const parties = [...(t?.parties ?? [])].filter((p) => c.departments.has(p) && (!app || isDepartmentVisible(app, c, p))).sort((a, b) => a - b);
      const rows: Array<{ u?: { userid: string; name: string }; p?: number }> = [...users.map((u) => ({ u })), ...parties.map((p) => ({ p }))];
      return blocks(rows, job.blockSize).map((list) =>
        json({ userlist: list.flatMap((r) => (r.u ? [r.u] : [])), partylist: list.flatMap((r) => (r.p !== undefined ? [r.p] : [])) }),
      );
    }
  }
}

function emptyOf(kind: ExportKind): Record<string, unknown> {
  if (kind === 'department') return { department: [] };
  if (kind === 'taguser') return { userlist: [], partylist: [] };
  return { userlist: [] };
}

/** Completes a job (on the scheduler, at its due time): builds and encrypts its blocks, then emits batch_job_result. */
function settleExport(corp: Corp, job: ExportJob): void {
  const state = corp.domains.export;
  job.files = buildBlocks(corp, job).map((plain, i) => {
    const data = encryptBlock(plain, job.encodingAesKey);
    const file: ExportFile = { id: `exp_${job.jobid.slice(6, 30)}${i.toString(36)}`, data, md5: md5Hex(data), expiresAtMs: job.doneAtMs + URL_TTL_MS };
    state.files.set(file.id, file);
    return file;
  });
  // The blocks go when their URLs expire (2 h).
  corp.timers.at(job.doneAtMs + URL_TTL_MS, `export files ${job.jobid}`, 'export.drop_files', { job });
  // The completion notice of an export is batch_job_result with JobType export_* (WeCom 导出任务完成通知).
  corp.events.push(corp.clock.nowMs(), {
    Event: 'batch_job_result',
    BatchJob: { JobId: job.jobid, JobType: `export_${job.kind}`, ErrCode: 0, ErrMsg: 'ok' },
    ...(job.agentid !== undefined && { AgentID: job.agentid }),
  });
}

/** Starts an export job of `kind`; `rows` paces it. */
function startExport(ctx: Ctx, kind: ExportKind, body: { encoding_aeskey: string; block_size?: number; tagid?: number }): { jobid: string } {
  const { caller, app } = requireExporter(ctx);
  const c = ctx.corp.domains.contacts;
  if (kind === 'taguser') exportableTag(c, body.tagid!, app);
  const corp = ctx.corp;
  const now = ctx.clock.nowMs();
  const rows = kind === 'department' ? c.departments.size : c.users.size;
  const startAtMs = now + PENDING_MS;
  // The completion event goes out when the job is due even if nobody polls get_result.
  const job = corp.domains.export.jobs.submit(corp, 'export job', (jobid) => ({
    jobid,
    settled: false,
    kind,
    caller,
    agentid: app?.agentid,
    encodingAesKey: body.encoding_aeskey,
    blockSize: body.block_size ?? DEFAULT_BLOCK,
    tagid: body.tagid,
    createdAtMs: now,
    startAtMs,
    doneAtMs: startAtMs + 1000 + Math.floor(rows / ROWS_PER_SECOND) * 1000,
    files: undefined,
  }), 'export.settle');
  return { jobid: job.jobid };
}

export const exportRoutes = defineRoutes({
  export_simple_user: (ctx) => startExport(ctx, 'simple_user', ctx.body),
  export_user: (ctx) => startExport(ctx, 'user', ctx.body),
  export_department: (ctx) => startExport(ctx, 'department', ctx.body),
  export_taguser: (ctx) => startExport(ctx, 'taguser', ctx.body),

  export_get_result: (ctx) => {
    const { caller } = requireExporter(ctx);
    const { jobid } = ctx.query;
    const jobs = ctx.corp.domains.export.jobs;
    const job = jobs.find(jobid);
    if (job === 'cleaned') throw err('JOB_RESULT_CLEANED');
    if (job === 'unknown') throw err('JOBID_NOT_FOUND');
    // "获取任务结果的调用身份需要与提交任务的一致" (doc path/94850): another caller's job is as unknown (40088).
    if (job.caller !== caller) throw err('JOBID_NOT_FOUND');
    const { phase } = jobs.progress(job, ctx.clock.nowMs());
    // status 0 queued, 1 running, 2 done (doc path/94854).
    if (phase === 'queued') return { status: 0, data_list: [] };
    if (phase === 'running' || !job.files) return { status: 1, data_list: [] };
    return {
      status: 2,
      data_list: job.files.map((f) => ({
        url: operationUrl(ctx.baseUrl, 'files_export', { corpid: ctx.corp.corpid, file: f.id }),
        size: f.data.length,
        md5: f.md5,
      })),
    };
  },

  files_export: publicRoute((ctx) => {
    const { corpid, file } = ctx.query;
    const corp = ctx.registry.get(corpid);
    if (corp) ctx.corp = corp;
    const f = corp?.domains.export.file(file, corp.clock.nowMs());
    // Not a WeCom API: an unknown or expired (2 h, doc path/94850) block answers as a CDN would, 404.
    if (!f) return new RawResponse(404, { 'Content-Length': 0 }, Buffer.alloc(0));
    const range = ctx.headers['range'];
    return downloadResponse(typeof range === 'string' ? range : undefined, f.data, {
      'Content-Type': 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
  }),
});

/** Scheduled work: a job settles when it is due; its blocks go when their URLs expire. */
export const exportTasks = defineTasks({
  'export.settle': (corp, a: { job: ExportJob }) => settleExport(corp, a.job),
  'export.drop_files': (corp, a: { job: ExportJob }) => corp.domains.export.dropFiles(a.job),
});
