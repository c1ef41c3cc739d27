/**
 * The archive's programs (会话内容存档 · 专区, spec tag chatdata). The mock stands in for the corp's program: its
 * abilities read the archive through domains/msgaudit (records, seqs, text messages). Only the archive
 * secret's token may call (48002), and the archive must be on (301053 / 301052), as for the archive itself.
 */
import { createPublicKey } from 'node:crypto';
import { LIMITS } from '../../../spec/generated/limits.js';
import { err, invalidParameter } from '../../core/errors/index.js';
import { offsetPage } from '../../core/pipeline/cursor.js';
import { readMultipartFile } from '../../core/pipeline/multipart.js';
import { ALNUM } from '../../core/runtime/rng.js';
import { checkUpload, UPLOAD_RULES, type MediaItem } from '../media/index.js';
import { requireArchive, type MsgauditState } from '../msgaudit/index.js';
import { defineRoutes, defineTasks, type Ctx } from '../types.js';
import type { ChatdataState, Program, ProgramTask } from './state.js';

/** Records a search_text ability looks at (the newest ones). */
const SEARCH_WINDOW = 10_000;

/** How long open_debug_mode keeps a program in debug mode. */
const DEBUG_MODE_MS = LIMITS.lifetime.chatdata_debug_mode_lifetime.seconds * 1000;

function state(ctx: Ctx): { s: ChatdataState; archive: MsgauditState } {
  const archive = requireArchive(ctx);
  return { s: ctx.corp.domains.chatdata, archive };
}

function programOf(s: ChatdataState, id: string): Program {
  const p = s.programs.get(id);
  if (!p) throw invalidParameter(`program_id ${id} is not a program of the corp`);
  return p;
}

/** The program a call names, which must have the ability it asks for. */
function programWithAbility(s: ChatdataState, b: { program_id: string; ability_id: string }): Program {
  const p = programOf(s, b.program_id);
  if (!p.abilities.includes(b.ability_id)) throw invalidParameter(`ability_id ${b.ability_id} is not an ability of the program`);
  return p;
}

function parseRequest(data: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(data);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // falls through
  }
  throw invalidParameter('request_data is not a JSON object');
}

/** One call of a stand-in ability: its answer as the JSON text response_data carries. */
export function runAbility(archive: MsgauditState, ability: string, request: Record<string, unknown>): string {
  if (ability === 'archive_stats') return JSON.stringify({ output: { records: archive.size, first_seq: archive.firstSeq, last_seq: archive.lastSeq } });
  if (ability === 'search_text') {
    const needle = String(request['input'] ?? '');
    let hits = 0;
    for (let i = Math.max(0, archive.size - SEARCH_WINDOW); i < archive.size && needle !== ''; i++) {
      const m = JSON.parse(archive.render(i)) as { msgtype?: string; text?: { content?: string } };
      if (m.msgtype === 'text' && m.text?.content?.includes(needle)) hits++;
    }
    return JSON.stringify({ output: { input: needle, hits } });
  }
  return JSON.stringify({ output: request['input'] ?? null });
}

export const chatdataRoutes = defineRoutes({
  chatdata_set_public_key: (ctx) => {
    const { s } = state(ctx);
    const { public_key, public_key_ver } = ctx.body;
    try {
      const k = createPublicKey(public_key);
      if (k.asymmetricKeyType !== 'rsa') throw new Error('not rsa');
    } catch {
      throw err('INVALID_RSA_PUBLIC_KEY');
    }
    const current = s.publicKeys[s.publicKeys.length - 1]?.version ?? 0;
    // A new key's version must be above the current one (errcode 40212).
    if (public_key_ver <= current) throw err('PUBLIC_KEY_VERSION_TOO_LOW');
    s.publicKeys.push({ version: public_key_ver, pem: public_key, setAtMs: ctx.clock.nowMs() });
    return {};
  },

  chatdata_set_receive_callback: (ctx) => {
    programOf(state(ctx).s, ctx.body.program_id).receiveCallback = true;
    return {};
  },

  chatdata_open_debug_mode: (ctx) => {
    programOf(state(ctx).s, ctx.body.program_id).debug = { token: ctx.body.debug_token, untilMs: ctx.clock.nowMs() + DEBUG_MODE_MS };
    return {};
  },

  chatdata_close_debug_mode: (ctx) => {
    programOf(state(ctx).s, ctx.body.program_id).debug = undefined;
    return {};
  },

  chatdata_check_debug_mode: (ctx) => {
    const p = programOf(state(ctx).s, ctx.body.program_id);
    return { debug_mode_status: p.debug !== undefined && p.debug.untilMs > ctx.clock.nowMs() ? 1 : 0 };
  },

  chatdata_set_log_level: (ctx) => {
    programOf(state(ctx).s, ctx.body.program_id).logLevel = ctx.body.log_level;
    return {};
  },

  chatdata_sync_call_program: (ctx) => {
    const { s, archive } = state(ctx);
    programWithAbility(s, ctx.body);
    return { response_data: runAbility(archive, ctx.body.ability_id, parseRequest(ctx.body.request_data)) };
  },

  chatdata_async_program_task: (ctx) => {
    const { s, archive } = state(ctx);
    const p = programWithAbility(s, ctx.body);
    const request = parseRequest(ctx.body.request_data);
    const now = ctx.clock.nowMs();
    const job = s.tasks.submit(
      ctx.corp,
      'chatdata/async_program_task',
      (jobid) => ({ jobid, createdAtMs: now, startAtMs: now, doneAtMs: now + 3_000, settled: false, program_id: p.program_id, ability_id: ctx.body.ability_id, request, response: undefined }),
      'chatdata.program_task',
    );
    return { jobid: job.jobid };
  },

  chatdata_upload_media: async (ctx) => {
    requireArchive(ctx);
    const rule = UPLOAD_RULES.file;
    const result = await readMultipartFile(ctx.request, { field: 'media', maxBytes: rule.maxBytes, maxOtherBytes: LIMITS.size.upload_other_parts_max.bytes });
    const { file, contentType } = checkUpload(result, rule);
    const media = ctx.corp.domains.media;
    const now = ctx.clock.nowMs();
    if (media.totalBytes + file.data.length > LIMITS.size.media_store_per_corp_max.bytes && (media.sweep(now), media.totalBytes + file.data.length > LIMITS.size.media_store_per_corp_max.bytes)) {
      throw err('MEDIA_SIZE_OUT_OF_LIMIT');
    }
    let id: string;
    do id = `${1 + ctx.rng.int(9)}${ctx.rng.string(43, `${ALNUM}-_`)}`;
    while (media.media.has(id));
    const item: MediaItem = { id, type: 'file', data: file.data, filename: file.filename, contentType, createdAtMs: now, expiresAtMs: now + LIMITS.lifetime.media_id_lifetime.seconds * 1000 };
    media.addMedia(item);
    return { type: 'file', media_id: id, created_at: String(Math.floor(now / 1000)) };
  },

  chatdata_get_auth_user_list: (ctx) => {
    const { archive } = state(ctx);
    const { page, has_more: more, next_cursor } = offsetPage(ctx, ctx.body.cursor, [...archive.permit], ctx.body.limit ?? 1000);
    return {
      auth_user_list: page.map(([userid, type]) => ({ userid, edition_list: [type] })),
      ...(more && { next_cursor }),
      has_more: more,
    };
  },

  chatdata_set_hide_sensitiveinfo_config: (ctx) => {
    const { s, archive } = state(ctx);
    const m = ctx.corp.domains.contacts.getUser(ctx.body.userid);
    if (!m) throw err('USERID_NOT_FOUND');
    if (!archive.permit.has(m.userid)) throw invalidParameter(`${m.userid} has no archive licence`);
    const prev = s.hide.get(m.userid) ?? { hide_mobile: false, hide_idcard: false, hide_bankno: false };
    const c = ctx.body.config;
    s.hide.set(m.userid, { hide_mobile: c.hide_mobile ?? prev.hide_mobile, hide_idcard: c.hide_idcard ?? prev.hide_idcard, hide_bankno: c.hide_bankno ?? prev.hide_bankno });
    return {};
  },
});

/** Scheduled work: an async program task answers when it is due (over the archive as it is then). */
export const chatdataTasks = defineTasks({
  'chatdata.program_task': (corp, a: { job: ProgramTask }) => {
    a.job.response = runAbility(corp.domains.msgaudit, a.job.ability_id, a.job.request);
  },
});
