import { LIMITS } from '../../../spec/generated/limits.js';
import { err, found } from '../../core/errors/index.js';
import { publicRoute } from '../../core/pipeline/typed-route.js';
import { RawResponse } from '../../core/pipeline/envelope.js';
import { operationUrl } from '../../core/pipeline/links.js';
import { readMultipartFile } from '../../core/pipeline/multipart.js';
import { downloadResponse } from '../../core/pipeline/range.js';
import { ALNUM, drawUnused } from '../../core/runtime/rng.js';
import { defineRoutes, type Ctx } from '../types.js';
import type { MediaItem, MediaState, MediaType } from './state.js';
import { byUrlRoutes } from './byurl.js';
import { checkUpload, contentDisposition, downloadName, UPLOAD_RULES, UPLOADIMG_RULE, type UploadRule } from './rules.js';

const MEDIA_TTL_MS = LIMITS.lifetime.media_id_lifetime.seconds * 1000;
const STORE_MAX = LIMITS.size.media_store_per_corp_max.bytes;
const OTHER_MAX = LIMITS.size.upload_other_parts_max.bytes;

/** Reads and checks the `media` part of an upload; refuses an oversized one while it streams. */
async function readUpload(ctx: Ctx, rule: UploadRule): Promise<ReturnType<typeof checkUpload>> {
  const result = await readMultipartFile(ctx.request, { field: 'media', maxBytes: rule.maxBytes, maxOtherBytes: OTHER_MAX });
  return checkUpload(result, rule);
}

/** Room for `bytes` more in the corp's store (expired media are dropped first), else 45001. */
function reserve(state: MediaState, bytes: number, nowMs: number): void {
  if (state.totalBytes + bytes <= STORE_MAX) return;
  state.sweep(nowMs);
  // The mock's memory cap per corp (limits.yaml media_store_per_corp_max); 45001 is WeCom's "media too large".
  if (state.totalBytes + bytes > STORE_MAX) throw err('MEDIA_SIZE_OUT_OF_LIMIT');
}

/** A new id not used in `map`: a digit and 43 URL-safe characters, the shape of WeCom's media_ids. */
function newId(ctx: Ctx, map: Map<string, MediaItem>, prefix = ''): string {
  const id = drawUnused(() => `${prefix}${1 + ctx.rng.int(9)}${ctx.rng.string(43, `${ALNUM}-_`)}`, map);
  return id;
}

/** The download of a stored file: bytes with WeCom's headers, Range answered with 206/416. */
function download(ctx: { headers: Ctx['headers'] }, item: MediaItem, contentType = item.contentType): RawResponse {
  const range = ctx.headers['range'];
  return downloadResponse(typeof range === 'string' ? range : undefined, item.data, {
    'Content-Type': contentType,
    'Content-Disposition': contentDisposition(downloadName(item.id, item.filename, item.contentType)),
    // media/get answers like a normal download that must not be cached (doc path/90254).
    'Cache-Control': 'no-cache, must-revalidate',
  });
}

/** A live temporary media of the caller's corp: unknown, expired (3 days) or another corp's → 40007. */
function liveMedia(ctx: Ctx, id: string): MediaItem {
  return found(ctx.corp.domains.media.getMedia(id, ctx.clock.nowMs()), 'INVALID_MEDIA_ID');
}

export const mediaRoutes = defineRoutes({
  ...byUrlRoutes,

  media_upload: async (ctx) => {
    const { type } = ctx.query;
    const mediaType = type as MediaType;
    const { file, contentType } = await readUpload(ctx, UPLOAD_RULES[mediaType]);
    const state = ctx.corp.domains.media;
    const now = ctx.clock.nowMs();
    reserve(state, file.data.length, now);
    const item: MediaItem = {
      id: newId(ctx, state.media),
      type: mediaType,
      data: file.data,
      filename: file.filename,
      contentType,
      createdAtMs: now,
      expiresAtMs: now + MEDIA_TTL_MS,
    };
    state.addMedia(item);
    // created_at is a string in WeCom's documented answer (doc path/90253, upload.response.json).
    return { type: mediaType, media_id: item.id, created_at: String(Math.floor(now / 1000)) };
  },

  media_uploadimg: async (ctx) => {
    const { file, contentType } = await readUpload(ctx, UPLOADIMG_RULE);
    const state = ctx.corp.domains.media;
    const now = ctx.clock.nowMs();
    reserve(state, file.data.length, now);
    // ≤100 images per corp and day in older docs (limits.yaml uploadimg_per_corp_day), counted on success.
    if (!state.uploadimgQuota.hit('corp', now, LIMITS.quota.uploadimg_per_corp_day, ctx.corp.settings.rate_limit_scale)) {
      throw err('API_FREQ_OUT_OF_LIMIT');
    }
    const item: MediaItem = {
      id: newId(ctx, state.images, 'img'),
      type: 'image',
      data: file.data,
      filename: file.filename,
      contentType,
      createdAtMs: now,
      expiresAtMs: undefined,
    };
    state.addImage(item);
    return { url: operationUrl(ctx.baseUrl, 'files_image', { corpid: ctx.corp.corpid, file: item.id }) };
  },

  media_get: (ctx) => {
    const { media_id } = ctx.query;
    return download(ctx, liveMedia(ctx, media_id));
  },

  media_get_jssdk: (ctx) => {
    const { media_id } = ctx.query;
    const m = liveMedia(ctx, media_id);
    // Only voice has a high-quality (speex) version; the mock serves the stored bytes labelled speex
    // (no transcoding; doc path/90255 media/get/jssdk).
    if (m.type !== 'voice') throw err('INVALID_MEDIA_ID');
    return download(ctx, m, 'audio/speex');
  },

  files_image: publicRoute((ctx) => {
    const { corpid, file } = ctx.query;
    const corp = ctx.registry.get(corpid);
    if (corp) ctx.corp = corp;
    const img = corp?.domains.media.getImage(file);
    // Not a WeCom API: an unknown image answers as a CDN would, 404 with an empty body.
    if (!img) return new RawResponse(404, { 'Content-Length': 0 }, Buffer.alloc(0));
    return download(ctx, img);
  }),
});
