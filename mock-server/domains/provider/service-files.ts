/**
 * A provider's files and id jobs: service/media/upload, service/contact/id_translate (async, read with
 * service/batch/getresult) and service/contact/sort (open.work.weixin.qq.com/api/doc/90001/90143/92093). The
 * provider's media and jobs live in its own corp (a provider is a corp of the registry).
 */
import { LIMITS } from '../../../spec/generated/limits.js';
import { err } from '../../core/errors/index.js';
import { operationUrl } from '../../core/pipeline/links.js';
import { readMultipartFile } from '../../core/pipeline/multipart.js';
import { publicRoute } from '../../core/pipeline/typed-route.js';
import { ALNUM, drawUnused } from '../../core/runtime/rng.js';
import { JobBook, type JobTimes } from '../../core/runtime/jobs.js';
import { checkUpload, UPLOAD_RULES } from '../media/index.js';
import type { MediaItem } from '../media/index.js';
import { defineRoutes, defineTasks, type Corp, type PublicCtx } from '../types.js';
import { openUseridFor } from './state.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export interface TranslateJob extends JobTimes {
  auth_corpid: string;
  media: Buffer[];
  name: string;
  format: string;
  url: string | undefined;
}

/** Per-corp state of the provider domain: the id-translation jobs of the provider this corp is (if any). */
export class ProviderCorpState {
  readonly translateJobs = new JobBook<TranslateJob>(LIMITS.lifetime.async_job_retention.seconds * 1000);
}

const FORMATS = ['pdf', 'docx', 'xlsx'];
const MEDIA_TTL_MS = LIMITS.lifetime.media_id_lifetime.seconds * 1000;

/** The provider corp of a provider_access_token (40014 otherwise). */
function providerOf(ctx: PublicCtx): Corp {
  const provider = ctx.thirdParty?.kind === 'provider' ? ctx.registry.providers.get(ctx.thirdParty.owner) : undefined;
  const pc = provider ? ctx.registry.get(provider.corpid) : undefined;
  if (!pc) throw err('INVALID_ACCESS_TOKEN');
  ctx.corp = pc;
  return pc;
}

/** The corp that installed one of the provider's suites (48004 otherwise). */
function authorizedCorp(ctx: PublicCtx, pc: Corp, auth_corpid: string): Corp {
  for (const s of ctx.registry.suites.values()) {
    if (s.provider_corpid !== pc.corpid) continue;
    const a = s.auths.get(auth_corpid);
    const corp = ctx.registry.get(auth_corpid);
    if (a && !a.cancelled && corp) return corp;
  }
  throw err('AUTH_RELATION_INVALID');
}

/** Replaces $userName=ID$ and $departmentName=ID$ with the corp's names (ids as the provider sees them). */
function translate(pc: Corp, corp: Corp, text: string): string {
  const c = corp.domains.contacts;
  const byOpen = new Map<string, string>();
  for (const m of c.users.values()) byOpen.set(openUseridFor(pc.corpid, corp.corpid, m.userid), m.name);
  return text
    .replace(/\$userName=([^$]{1,64})\$/g, (all, id: string) => byOpen.get(id) ?? c.getUser(id)?.name ?? all)
    .replace(/\$departmentName=(\d{1,10})\$/g, (all, id: string) => c.departments.get(Number(id))?.name ?? all);
}

export const serviceFileRoutes = defineRoutes({
  service_media_upload: publicRoute(async (ctx) => {
    const pc = providerOf(ctx);
    const rule = UPLOAD_RULES.file;
    const result = await readMultipartFile(ctx.request, { field: 'media', maxBytes: rule.maxBytes, maxOtherBytes: LIMITS.size.upload_other_parts_max.bytes });
    const { file, contentType } = checkUpload(result, rule);
    const now = pc.clock.nowMs();
    const id = drawUnused(() => `${1 + pc.rng.int(9)}${pc.rng.string(43, `${ALNUM}-_`)}`, pc.domains.media.media);
    const item: MediaItem = { id, type: 'file', data: file.data, filename: file.filename, contentType, createdAtMs: now, expiresAtMs: now + MEDIA_TTL_MS };
    pc.domains.media.addMedia(item);
    return { type: 'file', media_id: id, created_at: String(Math.floor(now / 1000)) };
  }),

  service_contact_id_translate: publicRoute((ctx) => {
    const pc = providerOf(ctx);
    const { auth_corpid, media_id_list } = ctx.body;
    const corp = authorizedCorp(ctx, pc, auth_corpid);
    const format = ctx.body.output_file_format ?? 'pdf';
    if (!FORMATS.includes(format)) throw err('INVALID_OUTPUT_FILE_FORMAT');
    const now = pc.clock.nowMs();
    const media = media_id_list.map((id) => {
      const m = pc.domains.media.getMedia(id, now);
      if (!m) throw err('INVALID_MEDIA_ID');
      return m.data;
    });
    const baseUrl = ctx.baseUrl;
    const job = pc.domains.provider.translateJobs.submit(
      pc,
      'service/contact/id_translate',
      (jobid) => ({ jobid, createdAtMs: now, startAtMs: now, doneAtMs: now + 5_000, settled: false, auth_corpid, media, name: ctx.body.output_file_name ?? 'result', format, url: undefined }),
      'provider.translate',
      { corpid: corp.corpid, baseUrl },
    );
    return { jobid: job.jobid };
  }),

  service_batch_getresult: publicRoute((ctx) => {
    const pc = providerOf(ctx);
    const job = pc.domains.provider.translateJobs.find(ctx.query.jobid);
    if (job === 'unknown' || job === 'cleaned') throw err('JOBID_NOT_FOUND');
    // status 1 进行中, 2 已完成, 3 失败.
    if (!job.settled || job.url === undefined) return { status: 1, type: 'contact_id_translate' };
    return { status: 2, type: 'contact_id_translate', result: { contact_id_translate: { url: job.url } } };
  }),

  service_contact_sort: publicRoute((ctx) => {
    const pc = providerOf(ctx);
    const corp = authorizedCorp(ctx, pc, ctx.body.auth_corpid);
    const c = corp.domains.contacts;
    const want = ctx.body.useridlist ?? ctx.body.sort_options?.[0]?.useridlist ?? [];
    const byOpen = new Map<string, { open: string; name: string; order: number }>();
    let i = 0;
    const wanted = new Set(want);
    for (const m of c.users.values()) {
      const open = openUseridFor(pc.corpid, corp.corpid, m.userid);
      if (wanted.has(open)) byOpen.set(open, { open, name: m.name, order: i });
      i++;
    }
    const users = [...byOpen.values()];
    // sort_type 0 by name (拼音 order, approximated by the zh collation), 1 by the directory order.
    if (ctx.body.sort_type === 1) users.sort((a, b) => a.order - b.order);
    else users.sort((a, b) => a.name.localeCompare(b.name, 'zh'));
    const depts = (ctx.body.departmentidlist ?? ctx.body.sort_options?.[0]?.departmentidlist ?? [])
      .map((id) => c.departments.get(id))
      .filter((d) => d !== undefined)
      .sort((a, b) => (ctx.body.sort_type === 1 ? a.order - b.order : a.name.localeCompare(b.name, 'zh')))
      .map((d) => d.id);
    return { useridlist: users.map((u) => u.open), departmentidlist: depts };
  }),
});

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(ProviderCorpState);

/** A translation job settles: the translated text of the files, served like an uploadimg image. */
export const serviceFileTasks = defineTasks({
  'provider.translate': (pc, a: { job: TranslateJob; corpid: string; baseUrl: string }, _due, registry) => {
    const j = a.job;
    // The authorizing corp may be gone by then: the text is then left as it is.
    const corp = registry.get(a.corpid);
    // The mock's result is the translated text of the files (no real PDF/Word/Excel rendering), served like an uploadimg image.
    const text = j.media.map((b) => (corp ? translate(pc, corp, b.toString('utf8')) : b.toString('utf8'))).join('\n');
    const file = drawUnused(() => `tr${pc.rng.string(30)}`, pc.domains.media.images);
    pc.domains.media.addImage({ id: file, type: 'file', data: Buffer.from(text), filename: `${j.name}.${j.format}`, contentType: 'text/plain; charset=utf-8', createdAtMs: pc.clock.nowMs(), expiresAtMs: undefined });
    j.url = operationUrl(a.baseUrl, 'files_image', { corpid: pc.corpid, file });
  },
});
