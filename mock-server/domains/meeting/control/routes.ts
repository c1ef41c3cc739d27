/**
 * Real-time control of a meeting in progress (会中控制: 管理会中设置 doc path/98175 …): settings, mute, video, cohost,
 * nicknames, kick-out, screen share, the waiting room, dismissal; MRA (会议室连接器) devices; phone callout.
 */
import { err, invalidParameter } from '../../../core/errors/index.js';
import { defineRoutes } from '../../types.js';
import { inProgress, meetingOf, meetingState, page, participantOf } from '../shared.js';
import type { Meeting } from '../state.js';
import { operatedUser, waitingRoomUser } from '../events.js';

function phoneKey(x: { area?: number | string; phone?: string; extension_number?: string }): string {
  return `${x.area ?? '86'}-${x.phone ?? ''}-${x.extension_number ?? ''}`;
}

function validPhone(x: { phone?: string }): boolean {
  return /^\d{5,20}$/.test(x.phone ?? '');
}

function mraOf(m: Meeting, tmp_openid: string | undefined) {
  const p = tmp_openid === undefined ? undefined : m.participants.get(tmp_openid);
  // An MRA (SIP/H.323 device) joins as an outside attendee; anything else → 40058.
  if (!p || p.userid !== undefined) throw invalidParameter('unknown MRA tmp_openid');
  return p;
}

export const controlRoutes = defineRoutes({
  meeting_realcontrol_set: (ctx) => {
    const b = ctx.body;
    const m = inProgress(ctx, b.meetingid);
    const { meetingid: _id, ...rest } = b;
    Object.assign(m.realtime, rest);
    if (b.mute_all === true) for (const p of m.participants.values()) if (p.role === 1) p.audio = false;
    // 全体静音 / 解除全体静音 (doc path/98341, 98345; the API acted, so FromUserName sys). Not paired: each call reports.
    if (b.mute_all !== undefined) meetingState(ctx).changed(m, b.mute_all ? 'meeting_mute_all' : 'meeting_unmute_all');
    if (b.enable_waiting_room !== undefined) m.settings['enable_waiting_room'] = b.enable_waiting_room;
    return {};
  },

  meeting_realcontrol_mute_user: (ctx) => {
    const b = ctx.body;
    const m = inProgress(ctx, b.meetingid);
    const targets = (b.operated_user ?? []).map((u) => participantOf(m, u));
    // option: true 静音, false 解除静音.
    for (const p of targets) p.audio = !b.option;
    return {};
  },

  meeting_realcontrol_switch_user_video: (ctx) => {
    const b = ctx.body;
    const m = inProgress(ctx, b.meetingid);
    const p = participantOf(m, b.operated_user);
    if (b.video === true) throw invalidParameter('a host can only turn a video off');
    p.video = false;
    return {};
  },

  meeting_realcontrol_close_screen_share: (ctx) => {
    const m = inProgress(ctx, ctx.body.meetingid);
    const p = participantOf(m, ctx.body.operated_user);
    // The host closing it through the API: close_screen_share from sys (doc path/98396).
    if (m.sharer === p.tmp_openid) meetingState(ctx).stopSharing(m);
    p.sharing = false;
    return {};
  },

  meeting_realcontrol_set_cohost: (ctx) => {
    const b = ctx.body;
    const m = inProgress(ctx, b.meetingid);
    const p = participantOf(m, b.operated_user);
    if (p.role === 2 || p.role === 3) throw invalidParameter('the creator or host is not a cohost');
    // action: true 设置, false 撤销; WeCom caps cohosts at 10 per meeting.
    if (b.action && [...m.participants.values()].filter((x) => x.role === 4).length >= 10) throw invalidParameter('at most 10 cohosts');
    const before = p.role;
    p.role = b.action ? 4 : 1;
    // role_change (doc path/98397; a webinar's is webinar_role_change, 98771) when the role really changed; the API
    // acted, so FromUserName is sys.
    if (p.role !== before) meetingState(ctx).changed(m, m.kind === 'webinar' ? 'webinar_role_change' : 'role_change', undefined, operatedUser(p));
    return {};
  },

  meeting_realcontrol_set_nicknames: (ctx) => {
    const b = ctx.body;
    const m = inProgress(ctx, b.meetingid);
    const rows = (b.opereated_users ?? []).map((u) => ({ p: participantOf(m, u), nickname: u.nickname ?? '' }));
    if (rows.some((r) => !r.nickname || [...r.nickname].length > 20)) throw invalidParameter('nickname: 1..20 characters');
    for (const r of rows) r.p.nickname = r.nickname;
    return {};
  },

  meeting_realcontrol_kickout_users: (ctx) => {
    const b = ctx.body;
    const m = inProgress(ctx, b.meetingid);
    const targets = (b.operated_users ?? []).map((u) => participantOf(m, u));
    const now = ctx.clock.nowSec();
    for (const p of targets) meetingState(ctx).leave(m, p.tmp_openid, now);
    return {};
  },

  meeting_realcontrol_manage_waiting_room_users: (ctx) => {
    const b = ctx.body;
    const m = inProgress(ctx, b.meetingid);
    const s = meetingState(ctx);
    const now = ctx.clock.nowSec();
    const targets = (b.operated_users ?? []).map((u) => participantOf(m, u));
    // operate_type (管理等候室成员, doc path/98186): 1 等候室成员移入会议, 2 会中成员移入等候室, 3 等候室成员移出等候室.
    if (![1, 2, 3].includes(b.operate_type ?? 0)) throw invalidParameter('operate_type: 1, 2 or 3');
    const intoRoom = b.operate_type === 2;
    const misplaced = targets.find((p) => !p.online || p.waiting === intoRoom);
    if (misplaced) throw invalidParameter(`${misplaced.tmp_openid} is not ${intoRoom ? 'in the meeting' : 'in the waiting room'}`);
    // The host (here the API, so FromUserName sys) acted on the attendee named by OperatedUser (doc path/98393, 98394, 98355).
    for (const p of targets) {
      if (intoRoom) {
        p.waiting = true;
        // Out of the meeting, the share ends (close_screen_share from sys: the API moved the sharer).
        if (m.sharer === p.tmp_openid) s.stopSharing(m);
        s.changed(m, 'quit_meeting', p);
        s.changed(m, 'move_to_waiting_room', undefined, waitingRoomUser(p));
      } else if (b.operate_type === 1) {
        p.waiting = false;
        s.changed(m, 'join_from_meeting_room', undefined, waitingRoomUser(p));
        s.entered(m, p, now);
      } else s.leave(m, p.tmp_openid, now, true);
    }
    return {};
  },

  meeting_realcontrol_dismiss: (ctx) => {
    const m = inProgress(ctx, ctx.body.meetingid);
    meetingState(ctx).end(m, ctx.clock.nowSec());
    return {};
  },

  meeting_waitingroom_get_current_user_list: (ctx) => {
    const b = ctx.body;
    const m = meetingOf(ctx, b.meetingid);
    const list = [...m.participants.values()].filter((p) => p.online && p.waiting);
    const p = page(ctx, list, b.cursor, b.limit, 20);
    return { user_list: p.items.map((x) => ({ userid: x.userid ?? '', tmp_openid: x.tmp_openid, instance_id: x.instance_id, customer_data: '' })), has_more: p.has_more, next_cursor: p.next_cursor };
  },

  meeting_waitingroom_get_user_list: (ctx) => {
    const b = ctx.body;
    const m = meetingOf(ctx, b.meetingid);
    const list = [...m.participants.values()].filter((p) => p.waiting || m.settings['enable_waiting_room'] === true);
    const p = page(ctx, list, b.cursor, b.limit, 20);
    return { user_list: p.items.map((x) => ({ userid: x.userid ?? '', tmp_openid: x.tmp_openid, instance_id: x.instance_id, join_time: x.first_join, quit_time: x.online ? 0 : x.last_quit })), has_more: p.has_more, next_cursor: p.next_cursor };
  },

  meeting_mra_query_status: (ctx) => {
    const m = meetingOf(ctx, ctx.body.meetingid);
    const p = mraOf(m, ctx.body.tmp_openid);
    return { tmp_openid: p.tmp_openid, instance_id: p.instance_id, name: p.nickname, ip: '10.0.0.1', user_role: p.role, webinar_member_role: 0, audio_state: p.audio, video_state: p.video, screen_shared_state: p.sharing, raise_hands_state: p.raise_hand, default_layout: 1 };
  },

  meeting_mra_set_raise_hand: (ctx) => {
    const m = inProgress(ctx, ctx.body.meetingid);
    mraOf(m, ctx.body.mra?.tmp_openid).raise_hand = ctx.body.raise_hand === true;
    return {};
  },

  meeting_mra_hangup: (ctx) => {
    const m = inProgress(ctx, ctx.body.meetingid);
    const p = mraOf(m, ctx.body.mra?.tmp_openid);
    if (!meetingState(ctx).leave(m, p.tmp_openid, ctx.clock.nowSec())) throw invalidParameter('the MRA is not in the meeting');
    return {};
  },

  meeting_phone_callout: (ctx) => {
    const b = ctx.body;
    const m = inProgress(ctx, b.meetingid);
    const nums = b.phone_numbers ?? [];
    if (!nums.length || nums.length > 20) throw invalidParameter('phone_numbers: 1..20');
    const invalid = nums.filter((x) => !validPhone(x));
    const ok = nums.filter((x) => validPhone(x));
    const s = meetingState(ctx);
    const rows = ok.map((x) => {
      const key = phoneKey(x);
      let row = m.callouts.find((c) => phoneKey(c) === key);
      if (!row) m.callouts.push((row = { area: x.area ?? 86, phone: x.phone!, extension_number: x.extension_number ?? '', status: 'CALLING', tmp_openid: s.tmpOpenid(`${m.meetingid}:tel:${key}`) }));
      return row!;
    });
    // A called phone answers after 10 s of mock time and joins the meeting (CALLING → ANSWERED; WeCom documents the field as a state name).
    // pstn_status_update (doc path/98774) START_INVITE for every number now ringing, START_ACCEPT when it answers (shared.ts).
    for (const r of rows) if (r.status === 'CALLING') s.changed(m, 'pstn_status_update', undefined, {}, { PstnStatus: 'START_INVITE' });
    const due = ctx.clock.nowMs() + 10_000;
    ctx.corp.timers.at(due, `meeting ${m.meetingid} callout answered`, 'meeting.callout_answered', { m, rows, due });
    return { phone_numbers: rows.map((r) => ({ area: r.area, phone: r.phone, extension_number: r.extension_number, status: r.status })), invalid_phone_numbers: invalid.map((x) => ({ area: x.area ?? 86, phone: x.phone ?? '', extension_number: x.extension_number ?? '' })) };
  },

  meeting_phone_get_callout_status: (ctx) => {
    const b = ctx.body;
    const m = meetingOf(ctx, b.meetingid);
    const p = page(ctx, m.callouts, b.cursor, b.limit, 20);
    return { phone_numbers: p.items.map((c) => ({ ...c })), has_more: p.has_more, next_cursor: p.next_cursor };
  },

  meeting_phone_get_tmp_openid: (ctx) => {
    const b = ctx.body;
    const m = meetingOf(ctx, b.meetingid);
    const out = (b.phone_numbers ?? []).map((x) => {
      const row = m.callouts.find((c) => phoneKey(c) === phoneKey(x));
      if (!row) throw err('INVALID_TMP_OPENID');
      return { area: row.area, phone: row.phone, extension_number: row.extension_number, tmp_openid: row.tmp_openid };
    });
    return { tmp_openid_list: out };
  },
});
