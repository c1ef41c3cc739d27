/**
 * Bytes in and out of 微盘: file_upload (≤10 MB in one call, doc path/97880), the block upload
 * (file_upload_init / _part / _finish, 2 MB blocks checked against their cumulative SHA-1, doc path/98004)
 * and file_download's URL (doc path/97881), which the mock serves itself from its disk store with Range.
 */
import { createHash } from 'node:crypto';
import { LIMITS } from '../../../spec/generated/limits.js';
import { err, found } from '../../core/errors/index.js';
import { RawResponse } from '../../core/pipeline/envelope.js';
import { operationUrl } from '../../core/pipeline/links.js';
import { downloadResponse } from '../../core/pipeline/range.js';
import { publicRoute } from '../../core/pipeline/typed-route.js';
import { drawUnused, TOKEN_ALPHABET } from '../../core/runtime/rng.js';
import { contentDisposition } from '../media/index.js';
import { defineRoutes, defineTasks, type Ctx } from '../types.js';
import { newEntry, newFileid } from './files.js';
import { checkCaller, checkFileName, entryFor, folderFor, releaseBytes, reserveBytes, spaceFor, uniqueName } from './rules.js';
import { Sha1State } from './sha1.js';
import type { Blob } from './store.js';
import type { Space, Upload, WedriveState } from './state.js';

const UPLOAD_MAX = LIMITS.size.wedrive_upload_max.bytes;
const BLOCK = LIMITS.size.wedrive_block_size.bytes;
const FILE_MAX = LIMITS.size.wedrive_file_max.bytes;
const LINK_TTL_MS = LIMITS.lifetime.wedrive_download_url_lifetime.seconds * 1000;
const UPLOAD_TTL_MS = LIMITS.lifetime.wedrive_upload_key_lifetime.seconds * 1000;
/** Space files beyond this → 640060 (WeCom publishes no number; a mock bound). */
const SPACE_FILES_MAX = 100_000;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Strict base64 (padding optional, no data: prefix, line breaks ignored), or undefined → 640022. A block is
 * 2.8 MB of text: it is scanned in place and copied only when it holds whitespace.
 */
export function decodeBase64(text: string): Buffer | undefined {
  let t = text;
  if (!BASE64.test(t)) {
    t = t.replace(/\s+/g, '');
    if (!BASE64.test(t)) return undefined;
  }
  if (t.length === 0 || t.length % 4 === 1) return undefined;
  return Buffer.from(t, 'base64');
}

/**
 * The bytes of `file_base64_content`: decoded by the pipeline while the body streamed in (a long one never
 * exists as text, core/pipeline/body-base64.ts), else decoded here; undefined → 640022.
 */
function contentOf(ctx: Ctx): Buffer | undefined {
  const streamed = ctx.base64;
  if (streamed?.has('file_base64_content')) return streamed.get('file_base64_content');
  const text = ctx.body['file_base64_content'];
  return typeof text === 'string' ? decodeBase64(text) : undefined;
}

/**
 * Where an upload goes: spaceid + fatherid, or a selected_ticket of the JS-API picker — exactly one of the two
 * (doc path/97880). The mock issues no picker tickets yet, so a ticket → 640027.
 */
function target(ctx: Ctx, state: WedriveState, b: { spaceid?: string | undefined; fatherid?: string | undefined; selected_ticket?: string | undefined }): { space: Space; fatherid: string } {
  if (b.selected_ticket) throw err('WEDRIVE_INVALID_PARAMETER', { message: 'selected_ticket unknown (wecom-mock issues no file-picker tickets); give spaceid and fatherid' });
  if (!b.spaceid) throw err('WEDRIVE_INVALID_SPACEID');
  if (!b.fatherid) throw err('WEDRIVE_INVALID_FATHERID');
  const space = spaceFor(ctx, b.spaceid);
  if (space.count >= SPACE_FILES_MAX) throw err('WEDRIVE_SPACE_FILE_LIMIT_REACHED');
  return { space, fatherid: folderFor(state, space, b.fatherid) };
}

/** A new file entry for a stored blob, named uniquely in its folder. */
function addFile(ctx: Ctx, state: WedriveState, space: Space, fatherid: string, name: string, blob: Blob): string {
  const fileid = newFileid(ctx, state, space.spaceid);
  state.addEntry(newEntry({ fileid, spaceid: space.spaceid, fatherid, name: uniqueName(state, fatherid, name), type: 2, blob }, space, ctx.clock.nowMs()));
  return fileid;
}

/** Ends an upload: its file and reserved bytes go (finish failed, expiry, space dismissed). */
function dropUpload(state: WedriveState, u: Upload): void {
  state.uploads.delete(u.key);
  if (u.done) return;
  if (u.expiry) u.expiry.cancelled = true;
  state.store.discard(u.file.path);
  releaseBytes(state, state.spaces.get(u.spaceid), u.size);
}

/** The upload of `upload_key`, or 640027 (unknown, expired or finished). */
function uploadOf(state: WedriveState, key: string): Upload {
  return found(state.uploads.get(key), 'WEDRIVE_INVALID_PARAMETER', { message: 'upload_key unknown or expired' });
}

export const uploadRoutes = defineRoutes({
  wedrive_file_upload: (ctx) => {
    const state = checkCaller(ctx);
    const { space, fatherid } = target(ctx, state, ctx.body);
    const name = checkFileName(ctx.body.file_name);
    const data = contentOf(ctx);
    if (!data) throw err('WEDRIVE_INVALID_FILE_BASE64');
    // 10 MB in one call; larger files use the block upload (doc path/97880).
    if (data.length > UPLOAD_MAX) throw err('WEDRIVE_UPLOAD_FILE_TOO_LARGE');
    reserveBytes(state, space, data.length);
    const file = state.store.open();
    state.store.append(file.path, data);
    const blob = state.store.commit(file, data.length, createHash('sha1').update(data).digest('hex'), createHash('md5').update(data).digest('hex'));
    return { fileid: addFile(ctx, state, space, fatherid, name, blob) };
  },

  wedrive_file_upload_init: (ctx) => {
    const state = checkCaller(ctx);
    const { space, fatherid } = target(ctx, state, ctx.body);
    const name = checkFileName(ctx.body.file_name);
    const { size, block_sha } = ctx.body;
    if (size > FILE_MAX) throw err('WEDRIVE_UPLOAD_FILE_TOO_LARGE');
    // One cumulative SHA-1 per 2 MB block (an empty file has one, the SHA-1 of nothing).
    const blocks = Math.max(1, Math.ceil(size / BLOCK));
    if (block_sha.length !== blocks) throw err('WEDRIVE_INVALID_PARAMETER', { message: `block_sha has ${block_sha.length} entries, a ${size}-byte file has ${blocks} blocks of 2 MB` });
    const shas = block_sha.map((s) => s.toLowerCase());
    // 秒传: the same bytes are stored already (same SHA-1 and size) → the file exists at once (doc path/98004).
    const same = state.store.find(shas[shas.length - 1]!, size);
    if (same) {
      if (space.used + size > space.capacity) throw err('WEDRIVE_QUOTA_EXCEEDED');
      space.used += size;
      return { hit_exist: true, fileid: addFile(ctx, state, space, fatherid, name, same) };
    }
    reserveBytes(state, space, size);
    const key = drawUnused(() => ctx.rng.string(64, TOKEN_ALPHABET), state.uploads);
    const u: Upload = {
      key,
      spaceid: space.spaceid,
      fatherid,
      name,
      size,
      blockSha: shas,
      received: 0,
      sha: new Sha1State(),
      md5: createHash('md5'),
      file: state.store.open(),
      done: false,
      expiry: undefined,
    };
    state.uploads.set(key, u);
    // An unfinished upload is dropped after a day of mock time (WeCom publishes no lifetime; limits.yaml).
    u.expiry = ctx.corp.timers.at(ctx.clock.nowMs() + UPLOAD_TTL_MS, 'wedrive upload expiry', 'wedrive.upload_expiry', { key });
    return { hit_exist: false, upload_key: key };
  },

  wedrive_file_upload_part: (ctx) => {
    const state = checkCaller(ctx);
    const u = uploadOf(state, ctx.body.upload_key);
    spaceFor(ctx, u.spaceid);
    if (u.done) throw err('WEDRIVE_UPLOAD_FLOW_ERROR');
    const { index } = ctx.body;
    const blocks = u.blockSha.length;
    if (index > blocks) throw err('WEDRIVE_INVALID_PARAMETER', { message: `index ${index} beyond the ${blocks} blocks of this upload` });
    // A block already received (a retry) is accepted again without being stored twice.
    if (index <= u.received) return {};
    // Blocks are hashed cumulatively, so they must come in order (doc path/98004 "依次请求").
    if (index !== u.received + 1) throw err('WEDRIVE_INVALID_PARAMETER', { message: `block ${u.received + 1} is expected next, got ${index}` });
    const data = contentOf(ctx);
    if (!data) throw err('WEDRIVE_INVALID_FILE_BASE64');
    const expected = index === blocks ? u.size - BLOCK * (blocks - 1) : BLOCK;
    if (data.length !== expected) throw err('WEDRIVE_INVALID_PARAMETER', { message: `block ${index} must be ${expected} bytes, is ${data.length}` });
    u.sha.update(data);
    const got = index === blocks ? u.sha.digestHex() : u.sha.stateHex();
    if (got !== u.blockSha[index - 1]) {
      // The bytes do not match the block_sha given at init: the upload cannot go on.
      dropUpload(state, u);
      throw err('WEDRIVE_INVALID_PARAMETER', { message: `block ${index} does not match block_sha[${index - 1}]; the upload is cancelled` });
    }
    u.md5.update(data);
    state.store.append(u.file.path, data);
    u.received = index;
    return {};
  },

  wedrive_file_upload_finish: (ctx) => {
    const state = checkCaller(ctx);
    const u = uploadOf(state, ctx.body.upload_key);
    // Finishing twice, or before every block arrived → 640048 "不能重复调用file_upload_finish".
    if (u.done || u.received !== u.blockSha.length) throw err('WEDRIVE_UPLOAD_FLOW_ERROR');
    const space = spaceFor(ctx, u.spaceid);
    const fatherid = folderFor(state, space, u.fatherid);
    u.done = true;
    if (u.expiry) u.expiry.cancelled = true;
    const blob = state.store.commit(u.file, u.size, u.blockSha[u.blockSha.length - 1]!, u.md5.digest('hex'));
    const fileid = addFile(ctx, state, space, fatherid, u.name, blob);
    return { fileid };
  },

  wedrive_file_download: (ctx) => {
    const state = checkCaller(ctx);
    const { fileid, selected_ticket } = ctx.body;
    if (selected_ticket) throw err('WEDRIVE_INVALID_PARAMETER', { message: 'selected_ticket unknown (wecom-mock issues no file-picker tickets); give fileid' });
    if (!fileid) throw err('WEDRIVE_INVALID_FILEID');
    const { entry } = entryFor(ctx, fileid);
    // Only plain files download: folders and documents → 640029 (doc path/97881).
    if (entry.type !== 2 || !entry.blob) throw err('WEDRIVE_DOWNLOAD_FILE_ONLY');
    const id = ctx.rng.string(32, TOKEN_ALPHABET);
    const link = { id, fileid, cookieName: 'wedrive_dl', cookieValue: ctx.rng.string(40, TOKEN_ALPHABET), expiresAtMs: ctx.clock.nowMs() + LINK_TTL_MS };
    const now = ctx.clock.nowMs();
    for (const [k, l] of state.links) if (l.expiresAtMs <= now) state.links.delete(k);
    state.links.set(id, link);
    return {
      download_url: operationUrl(ctx.baseUrl, 'files_wedrive', { corpid: ctx.corp.corpid, file: id }),
      cookie_name: link.cookieName,
      cookie_value: link.cookieValue,
    };
  },

  files_wedrive: publicRoute((ctx) => {
    const { corpid, file } = ctx.query;
    const corp = ctx.registry.get(corpid);
    if (corp) ctx.corp = corp;
    const state = corp?.domains.wedrive;
    const link = state?.links.get(file);
    const entry = link ? state!.entries.get(link.fileid) : undefined;
    // Not a WeCom API: an unknown or expired link (2 h, doc path/97881), or a file deleted since, answers as a CDN would.
    if (!corp || !link || !entry?.blob || entry.status !== 1 || corp.clock.nowMs() >= link.expiresAtMs) return new RawResponse(404, { 'Content-Length': 0 }, Buffer.alloc(0));
    const cookies = String(ctx.headers['cookie'] ?? '').split(';').map((c) => c.trim());
    if (!cookies.includes(`${link.cookieName}=${link.cookieValue}`)) return new RawResponse(403, { 'Content-Length': 0 }, Buffer.alloc(0));
    const range = ctx.headers['range'];
    return downloadResponse(typeof range === 'string' ? range : undefined, state!.store.source(entry.blob), {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': contentDisposition(entry.name),
      'Cache-Control': 'no-cache',
    });
  }),
});

/** Scheduled work: an unfinished upload expires (by key: uploads in progress are not part of snapshots). */
export const uploadTasks = defineTasks({
  'wedrive.upload_expiry': (corp, a: { key: string }) => {
    const state = corp.domains.wedrive;
    const u = state.uploads.get(a.key);
    if (u) dropUpload(state, u);
  },
});
