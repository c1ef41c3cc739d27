import { err, invalidParameter } from '../../core/errors/index.js';
import { cursorScope, decodeIntCursor, encodeCursor, offsetPage } from '../../core/pipeline/cursor.js';
import { areaState } from '../../core/tenancy/access.js';
import { defineRoutes, type Ctx } from '../types.js';
import { announceStatus, scheduleStatus, type Living, type LivingState } from './state.js';

/** 直播 APIs answer the 直播 system secret and its 可调用接口的应用 (doc path/93633); any other token → 48002. */
function state(ctx: Ctx): LivingState {
  return areaState(ctx, 'living');
}

const callerApp = (ctx: Ctx): number | undefined => (ctx.token.kind === 'app' ? ctx.token.agentid : undefined);

/** A living of the corp (unknown → 40058, our choice); an app acts only on the ones it created (92008). */
function living(ctx: Ctx, s: LivingState, id: string, write = true): Living {
  const l = s.livings.get(id);
  if (!l) throw invalidParameter('invalid livingid');
  const app = callerApp(ctx);
  if (write && app !== undefined && l.agentid !== app) throw err('LIVING_NO_PRIVILEGE');
  return l;
}

function checkMedia(ctx: Ctx, ids: (string | undefined)[]): void {
  for (const id of ids) if (id && ctx.corp.domains.media.getMedia(id, ctx.clock.nowMs())?.type !== 'image') throw err('INVALID_MEDIA_ID');
}

const WATCH_PAGE = 100;


export const livingRoutes = defineRoutes({
  living_create: (ctx) => {
    const s = state(ctx);
    const b = ctx.body;
    if (!ctx.corp.domains.contacts.getUser(b.anchor_userid)) throw err('INVALID_USERID');
    if (b.living_start <= ctx.clock.nowSec()) throw invalidParameter('living_start must be in the future');
    checkMedia(ctx, [b.activity_cover_mediaid, b.activity_share_mediaid, ...(b.activity_detail?.image_list ?? [])]);
    const l = s.add({
      anchor_userid: b.anchor_userid, theme: b.theme, living_start: b.living_start, living_duration: b.living_duration, description: b.description ?? '',
      type: b.type ?? 0, remind_time: b.remind_time ?? 0, activity_cover_mediaid: b.activity_cover_mediaid ?? '', activity_share_mediaid: b.activity_share_mediaid ?? '',
      activity_detail: b.activity_detail ? { description: b.activity_detail.description ?? '', image_list: b.activity_detail.image_list ?? [] } : undefined,
      agentid: callerApp(ctx),
    });
    // 预约直播 is the first of the status changes WeCom calls back (Status 0, doc path/94145).
    announceStatus(ctx.corp, l);
    scheduleStatus(ctx.corp.timers, ctx.clock.nowSec(), l, true);
    return { livingid: l.livingid };
  },

  living_modify: (ctx) => {
    const s = state(ctx);
    const b = ctx.body;
    const l = living(ctx, s, b.livingid);
    if (l.status !== 0) throw err('LIVING_STARTED_OR_CANCELLED');
    if (b.living_start !== undefined && b.living_start <= ctx.clock.nowSec()) throw invalidParameter('living_start must be in the future');
    checkMedia(ctx, [b.activity_cover_mediaid, b.activity_share_mediaid, ...(b.activity_detail?.image_list ?? [])]);
    const retimed = (b.living_start !== undefined && b.living_start !== l.living_start) || (b.living_duration !== undefined && b.living_duration !== l.living_duration);
    Object.assign(l, {
      ...(b.theme !== undefined && { theme: b.theme }),
      ...(b.living_start !== undefined && { living_start: b.living_start }),
      ...(b.living_duration !== undefined && { living_duration: b.living_duration }),
      ...(b.description !== undefined && { description: b.description }),
      ...(b.type !== undefined && { type: b.type }),
      ...(b.remind_time !== undefined && { remind_time: b.remind_time }),
      ...(b.activity_cover_mediaid !== undefined && { activity_cover_mediaid: b.activity_cover_mediaid }),
      ...(b.activity_share_mediaid !== undefined && { activity_share_mediaid: b.activity_share_mediaid }),
      ...(b.activity_detail && { activity_detail: { description: b.activity_detail.description ?? '', image_list: b.activity_detail.image_list ?? [] } }),
    });
    if (retimed) scheduleStatus(ctx.corp.timers, ctx.clock.nowSec(), l, true);
    return {};
  },

  living_cancel: (ctx) => {
    const s = state(ctx);
    const l = living(ctx, s, ctx.body.livingid);
    if (l.status !== 0) throw err('LIVING_STARTED_OR_CANCELLED');
    l.status = 4;
    l.version++;
    announceStatus(ctx.corp, l);
    return {};
  },

  living_delete_replay_data: (ctx) => {
    const s = state(ctx);
    const l = living(ctx, s, ctx.body.livingid);
    if (l.status !== 2 || !l.replay) throw err('LIVING_REPLAY_UNDELETABLE');
    l.replay = false;
    return {};
  },

  living_get_living_code: (ctx) => {
    const s = state(ctx);
    const l = living(ctx, s, ctx.body.livingid, false);
    const key = `${l.livingid}\u0000${ctx.body.openid}`;
    let code = s.codes.get(key);
    if (!code) s.codes.set(key, (code = s.rng.hex(16)));
    return { living_code: code };
  },

  living_get_living_share_info: (ctx) => {
    const s = state(ctx);
    const info = s.shares.get(ctx.body.ww_share_code);
    if (!info) throw invalidParameter('invalid ww_share_code');
    return { ...info };
  },

  living_get_user_all_livingid: (ctx) => {
    const s = state(ctx);
    const b = ctx.body;
    if (!ctx.corp.domains.contacts.getUser(b.userid)) throw err('INVALID_USERID');
    const scope = cursorScope(ctx, `living_get_user_all_livingid:${b.userid}`);
    const { page, next_cursor } = offsetPage(ctx, b.cursor, s.ofAnchor(b.userid), b.limit ?? 100, { scope });
    return { next_cursor, livingid_list: page.map((l) => l.livingid) };
  },

  living_get_living_info: (ctx) => {
    const s = state(ctx);
    const l = living(ctx, s, ctx.query.livingid, false);
    const viewers = [...l.users.values(), ...l.external.values()];
    return {
      living_info: {
        theme: l.theme, living_start: l.living_start, living_duration: l.living_duration, status: l.status,
        reserve_start: l.living_start, reserve_living_duration: l.living_duration, description: l.description, anchor_userid: l.anchor_userid,
        main_department: ctx.corp.domains.contacts.getUser(l.anchor_userid)?.main_department ?? 1,
        viewer_num: viewers.length, comment_num: l.comments, mic_num: viewers.filter((v) => v.is_mic === 1).length,
        open_replay: 1, replay_status: l.replay ? 1 : 0, type: l.type, push_stream_url: '', online_count: l.status === 1 ? viewers.length : 0, subscribe_count: 0,
      },
    };
  },

  living_get_watch_stat: (ctx) => {
    const s = state(ctx);
    const l = living(ctx, s, ctx.body.livingid, false);
    const scope = cursorScope(ctx, `living_get_watch_stat:${l.livingid}`);
    let from = 0;
    if (ctx.body.next_key) {
      const pos = decodeIntCursor(scope, ctx.body.next_key, 1);
      if (!pos) throw err('INVALID_CURSOR');
      from = pos[0]!;
    }
    const rows = [
      ...[...l.users].map(([userid, v]) => ({ kind: 'user' as const, id: userid, v })),
      ...[...l.external].map(([id, v]) => ({ kind: 'ext' as const, id, v })),
    ];
    const page = rows.slice(from, from + WATCH_PAGE);
    const next = from + WATCH_PAGE;
    return {
      ending: next >= rows.length ? 1 : 0,
      next_key: next < rows.length ? encodeCursor(scope, [next]) : '',
      stat_info: {
        users: page.filter((r) => r.kind === 'user').map((r) => ({ userid: r.id, watch_time: r.v.watch_time, is_comment: r.v.is_comment, is_mic: r.v.is_mic })),
        external_users: page.filter((r) => r.kind === 'ext').map((r) => ({ external_userid: r.id, type: 1, name: r.v.name, watch_time: r.v.watch_time, is_comment: r.v.is_comment, is_mic: r.v.is_mic })),
      },
    };
  },
});
