/**
 * media/upload_by_url (async, doc path/96219) and media/upload_attachment (permanent, doc path/95098). The
 * by-URL job never reaches the internet: it reads the mock's own URLs (an uploadimg image, a media/get of the
 * same corp) and the URLs a test registered (POST /__mock/corps/{corpid}/media/url-sources).
 */
import { createHash } from 'node:crypto';
import { LIMITS } from '../../../spec/generated/limits.js';
import { err } from '../../core/errors/index.js';
import { OPERATIONS } from '../../../spec/generated/operations.js';
import { readMultipartFile } from '../../core/pipeline/multipart.js';
import { ALNUM, drawUnused } from '../../core/runtime/rng.js';
import { defineRoutes, defineTasks, type Corp } from '../types.js';
import { checkUpload, UPLOAD_RULES } from './rules.js';
import type { ByUrlJob, MediaItem, MediaType } from './state.js';

const MEDIA_TTL_MS = LIMITS.lifetime.media_id_lifetime.seconds * 1000;
const STORE_MAX = LIMITS.size.media_store_per_corp_max.bytes;
/** upload_by_url takes files up to 200 MB (doc path/96219); beyond → 830002. */
export const BY_URL_MAX = 200 * 1024 * 1024;
const pathOf = (id: string): string => OPERATIONS.find((o) => o.operationId === id)?.path ?? '';

/** The bytes at a URL the mock may read for the corp, or undefined (nothing there: 830003). */
function fetchOwn(corp: Corp, baseUrl: string, url: string): { data: Buffer | undefined; size: number } | undefined {
  const src = corp.domains.media.urlSources.get(url);
  if (src) return src;
  if (!url.startsWith(`${baseUrl}/`)) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const q = u.searchParams;
  if (u.pathname === pathOf('files_image') && q.get('corpid') === corp.corpid) {
    const img = corp.domains.media.getImage(q.get('file') ?? '');
    return img && { data: img.data, size: img.data.length };
  }
  if (u.pathname === pathOf('media_get')) {
    const m = corp.domains.media.getMedia(q.get('media_id') ?? '', corp.clock.nowMs());
    return m && { data: m.data, size: m.data.length };
  }
  return undefined;
}

function newMediaId(corp: Corp, prefix = ''): string {
  const map = corp.domains.media.media;
  const id = drawUnused(() => `${prefix}${1 + corp.rng.int(9)}${corp.rng.string(43, `${ALNUM}-_`)}`, map);
  return id;
}

/** A job's failure: the errcode and errmsg of that name. */
function outcome(name: 'UPLOAD_URL_DOWNLOAD_FAILED' | 'UPLOAD_URL_FILE_TOO_LARGE' | 'INVALID_FILE_MD5' | 'MEDIA_SIZE_OUT_OF_LIMIT'): { errcode: number; errmsg: string } {
  const e = err(name);
  return { errcode: e.errcode, errmsg: e.errmsg };
}

export const byUrlRoutes = defineRoutes({
  media_upload_by_url: (ctx) => {
    const { url, type, filename, md5 } = ctx.body;
    if (!/^https?:\/\//i.test(url)) throw err('INVALID_URL');
    const corp = ctx.corp;
    const now = ctx.clock.nowMs();
    const baseUrl = ctx.baseUrl;
    const job = corp.domains.media.byUrlJobs.submit(
      corp,
      'media/upload_by_url',
      (jobid) => ({ jobid, createdAtMs: now, startAtMs: now, doneAtMs: now + LIMITS.lifetime.media_upload_by_url_job.seconds * 1000, settled: false, url, type: type as MediaType, filename, md5: md5.toLowerCase(), outcome: undefined }),
      'media.by_url',
      { baseUrl },
    );
    return { jobid: job.jobid };
  },

  media_get_upload_by_url_result: (ctx) => {
    const job = ctx.corp.domains.media.byUrlJobs.find(ctx.body.jobid);
    if (job === 'unknown') throw err('JOBID_NOT_FOUND');
    if (job === 'cleaned') throw err('JOBID_NOT_FOUND');
    // status 1 处理中, 2 完成, 3 异常失败 (doc path/96219).
    if (!job.settled || !job.outcome) return { status: 1, detail: { errcode: 0, errmsg: 'ok' } };
    return { status: job.outcome.errcode === 0 ? 2 : 3, detail: { ...job.outcome } };
  },

  media_upload_attachment: async (ctx) => {
    const mediaType = ctx.query.media_type as MediaType;
    const rule = UPLOAD_RULES[mediaType];
    const result = await readMultipartFile(ctx.request, { field: 'media', maxBytes: rule.maxBytes, maxOtherBytes: LIMITS.size.upload_other_parts_max.bytes });
    const { file, contentType } = checkUpload(result, rule);
    const state = ctx.corp.domains.media;
    const now = ctx.clock.nowMs();
    if (state.totalBytes + file.data.length > STORE_MAX && (state.sweep(now), state.totalBytes + file.data.length > STORE_MAX)) throw err('MEDIA_SIZE_OUT_OF_LIMIT');
    // An attachment does not expire (doc path/95098); created_at is a number in its documented answer.
    const item: MediaItem = { id: newMediaId(ctx.corp), type: mediaType, data: file.data, filename: file.filename, contentType, createdAtMs: now, expiresAtMs: undefined };
    state.addMedia(item);
    return { type: mediaType, media_id: item.id, created_at: Math.floor(now / 1000) };
  },
});

/** Scheduled work: the job fetches its URL (from this mock only) and stores the media when it is due. */
export const byUrlTasks = defineTasks({
  'media.by_url': (corp, a: { job: ByUrlJob; baseUrl: string }) => {
    const { job: j, baseUrl } = a;
    const got = fetchOwn(corp, baseUrl, j.url);
    const at = corp.clock.nowMs();
    if (!got || (got.data === undefined && got.size <= BY_URL_MAX)) j.outcome = outcome('UPLOAD_URL_DOWNLOAD_FAILED');
    else if (got.size > BY_URL_MAX) j.outcome = outcome('UPLOAD_URL_FILE_TOO_LARGE');
    else if (createHash('md5').update(got.data!).digest('hex') !== j.md5) j.outcome = outcome('INVALID_FILE_MD5');
    else if (corp.domains.media.totalBytes + got.size > STORE_MAX && (corp.domains.media.sweep(at), corp.domains.media.totalBytes + got.size > STORE_MAX)) {
      j.outcome = outcome('MEDIA_SIZE_OUT_OF_LIMIT');
    } else {
      const item: MediaItem = { id: newMediaId(corp), type: j.type, data: got.data!, filename: j.filename, contentType: j.type === 'video' ? 'video/mp4' : 'application/octet-stream', createdAtMs: at, expiresAtMs: at + MEDIA_TTL_MS };
      corp.domains.media.addMedia(item);
      j.outcome = { errcode: 0, errmsg: 'ok', media_id: item.id, created_at: String(Math.floor(at / 1000)) };
    }
  },
});
