/**
 * Webinars (网络研讨会, doc path/98842 创建网络研讨会 …) — a meeting of kind 'webinar' on the same lifecycle — and the
 * enrolment (报名) of meetings and webinars: the form, imports, approvals, lists.
 */
import { err, invalidParameter } from '../../../core/errors/index.js';
import { defineRoutes, type Ctx } from '../../types.js';
import { bookLifecycle, checkMembers, liveMeetingOf, meetingOf, meetingState, page, str } from '../shared.js';
import type { Enrolment, Meeting } from '../state.js';
import { warmUpInfo } from '../events.js';
import { chinaDateTime } from '../../../core/runtime/china-day.js';

type Question = { is_required?: number; question_type?: number; special_type?: number; question_title?: string; option_list?: { content?: string }[] };

/** Enrolment needs the meeting's enable_enroll setting (webinars always enrol); WeCom is silent → 40058. */
function enrollable(ctx: Ctx, meetingid: string | undefined, kind: Meeting['kind']): Meeting {
  const m = liveMeetingOf(ctx, meetingid, kind);
  if (kind === 'meeting' && m.settings['enable_enroll'] !== true) throw invalidParameter('enroll is not enabled for this meeting');
  return m;
}

function setConfig(ctx: Ctx, b: { meetingid?: string; approve_type?: number; is_collect_question?: number; no_registration_needed_for_staff?: boolean; question_list?: Question[] }, kind: Meeting['kind']) {
  const m = enrollable(ctx, b.meetingid, kind);
  const qs = b.question_list ?? [];
  // 1 单选, 2 多选, 3 简答; at most 20 questions (修改会议报名配置, doc path/98797 — the bound of 20 is the mock's).
  if (qs.length > 20 || qs.some((q) => !q.question_title || ![1, 2, 3].includes(q.question_type ?? 0) || (q.question_type !== 3 && (q.option_list?.length ?? 0) < 1))) throw invalidParameter('question_list: ≤20 questions with a title, type 1..3 and options');
  if (b.approve_type !== undefined && ![1, 2].includes(b.approve_type)) throw invalidParameter('approve_type: 1 自动 or 2 手动');
  m.enrollConfig = { approve_type: b.approve_type ?? m.enrollConfig['approve_type'], is_collect_question: b.is_collect_question ?? m.enrollConfig['is_collect_question'], no_registration_needed_for_staff: b.no_registration_needed_for_staff ?? m.enrollConfig['no_registration_needed_for_staff'], question_list: qs };
  return { question_count: qs.length };
}

function getConfig(ctx: Ctx, meetingid: string | undefined, kind: Meeting['kind']) {
  const m = enrollable(ctx, meetingid, kind);
  const c = m.enrollConfig;
  return {
    approve_type: Number(c['approve_type'] ?? 1),
    is_collect_question: Number(c['is_collect_question'] ?? 1),
    no_registration_needed_for_staff: c['no_registration_needed_for_staff'] === true,
    question_list: ((c['question_list'] as Question[] | undefined) ?? []).map((q) => ({ is_required: q.is_required ?? 1, question_type: q.question_type ?? 1, special_type: q.special_type ?? 0, question_title: q.question_title ?? '', option_list: (q.option_list ?? []).map((o) => ({ content: o.content ?? '' })) })),
  };
}

function importList(ctx: Ctx, b: { meetingid?: string; enroll_list?: { userid?: string; area?: string; phone_number?: string; nick_name?: string }[] }, kind: Meeting['kind']) {
  const m = enrollable(ctx, b.meetingid, kind);
  const s = meetingState(ctx);
  const rows = b.enroll_list ?? [];
  if (!rows.length || rows.length > 2000) throw invalidParameter('enroll_list: 1..2000');
  checkMembers(ctx, rows.flatMap((r) => (r.userid ? [r.userid] : [])));
  if (rows.some((r) => !r.userid && !/^\d{5,20}$/.test(r.phone_number ?? ''))) throw invalidParameter('each enrolment needs a userid or a phone_number');
  const out = rows.map((r) => {
    const e: Enrolment = { enroll_id: s.nextId('enr'), enroll_code: s.rng.digits(6), userid: r.userid, tmp_openid: s.tmpOpenid(`${m.meetingid}:${r.userid ?? r.phone_number}`), nick_name: r.nick_name ?? r.userid ?? '', area: r.area ?? '86', phone_number: r.phone_number ?? '', status: 3, enroll_time: ctx.clock.nowSec(), source: 2 };
    m.enrolments.set(e.enroll_id, e);
    return e;
  });
  return { total_count: out.length, enroll_list: out.map((e) => ({ enroll_id: e.enroll_id, enroll_code: e.enroll_code, userid: e.userid ?? '', area: e.area, phone_number: e.phone_number, nick_name: e.nick_name })) };
}

function list(ctx: Ctx, b: { meetingid?: string; status?: number; cursor?: string; limit?: number }, kind: Meeting['kind']) {
  const m = enrollable(ctx, b.meetingid, kind);
  // status 0 全部, 1 待审批, 2 已拒绝, 3 已批准.
  if (b.status !== undefined && ![0, 1, 2, 3].includes(b.status)) throw invalidParameter('status: 0..3');
  const rows = [...m.enrolments.values()].filter((e) => !b.status || e.status === b.status);
  const p = page(ctx, rows, b.cursor, b.limit, 50);
  const fmt = (t: number) => chinaDateTime(t).slice(0, 16).replace('T', ' ').replace(/-/g, '/');
  return { has_more: p.has_more, next_cursor: p.next_cursor, enroll_list: p.items.map((e) => ({ enroll_id: e.enroll_id, enroll_time: fmt(e.enroll_time), enroll_source_type: e.source, nick_name: e.nick_name, status: e.status, userid: e.userid ?? '', tmp_openid: e.tmp_openid, enroll_code: e.enroll_code, answer_list: [] })) };
}

function approve(ctx: Ctx, b: { meetingid?: string; action?: number; enroll_id_list?: string[] }, kind: Meeting['kind']) {
  const m = enrollable(ctx, b.meetingid, kind);
  // action 1 取消批准, 2 拒绝, 3 批准 → the enrolment's status follows (1 待审批, 2 已拒绝, 3 已批准).
  if (![1, 2, 3].includes(b.action ?? 0)) throw invalidParameter('action: 1..3');
  const es = (b.enroll_id_list ?? []).map((id) => m.enrolments.get(id));
  if (es.some((e) => !e)) throw err('MEETING_INVALID_ENROLL_ID');
  for (const e of es) e!.status = b.action!;
  return { handled_count: es.length };
}

function remove(ctx: Ctx, b: { meetingid?: string; enroll_id_list?: { enroll_id?: string }[] }, kind: Meeting['kind']) {
  const m = enrollable(ctx, b.meetingid, kind);
  const ids = (b.enroll_id_list ?? []).map((x) => x.enroll_id ?? '');
  if (ids.some((id) => !m.enrolments.has(id))) throw err('MEETING_INVALID_ENROLL_ID');
  for (const id of ids) m.enrolments.delete(id);
  return { total_count: ids.length };
}

function byTmpOpenid(ctx: Ctx, b: { meetingid?: string; sorting_rules?: number; tmp_openid_list?: string[] }, kind: Meeting['kind']) {
  const m = enrollable(ctx, b.meetingid, kind);
  const want = b.tmp_openid_list ?? [];
  const rows = [...m.enrolments.values()].filter((e) => !want.length || want.includes(e.tmp_openid));
  if (b.sorting_rules === 2) rows.reverse();
  return { enroll_id_list: rows.map((e) => ({ enroll_id: e.enroll_id, tmp_openid: e.tmp_openid })) };
}

function toSec(v: unknown): number {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : NaN;
  return Number.isInteger(n) ? n : NaN;
}

function webinarView(m: Meeting) {
  const w = m.webinar;
  const ms = (w['media_setting'] as Record<string, unknown> | undefined) ?? {};
  return {
    meetingid: m.meetingid,
    title: m.title,
    sponsor: str(w['sponsor']),
    start_time: String(m.meeting_start),
    end_time: String(m.meeting_start + m.meeting_duration),
    admission_type: Number(w['admission_type'] ?? 0),
    password: str(w['password']),
    hosts: m.hosts.map((userid) => ({ userid })),
    cover_url: str(w['cover_url']),
    description: m.description,
    enable_guest_invite_link: w['enable_guest_invite_link'] === true,
    enable_qa: w['enable_qa'] === true,
    activity_page: w['activity_page'] === true,
    display_number_of_attendees: Number(w['display_number_of_attendees'] ?? 0),
    playback_for_audience: w['playback_for_audience'] !== false,
    preparation_mode: w['preparation_mode'] === true,
    audience_join_link: `https://meeting.example.invalid/w/${m.meeting_code}`,
    guest_join_link: `https://meeting.example.invalid/w/${m.meeting_code}/guest`,
    manual_check_link: w['enable_manual_check'] === true ? `https://meeting.example.invalid/w/${m.meeting_code}/check` : '',
    manual_check_password: w['enable_manual_check'] === true ? m.meeting_code.slice(-6) : '',
    warm_up_picture: str(w['warm_up_picture']),
    warm_up_video: str(w['warm_up_video']),
    allow_attendees_invite_others: w['allow_attendees_invite_others'] === true,
    playback_url: m.records.length ? `https://meeting.example.invalid/record/${m.records[0]!.meeting_record_id}` : '',
    media_setting: {
      allow_enter_before_host: ms['allow_enter_before_host'] === true,
      allow_external_user: ms['allow_external_user'] === true,
      allow_unmute_self: ms['allow_unmute_self'] === true,
      attendee_join_auto_record: ms['attendee_join_auto_record'] === true,
      auto_record_type: str(ms['auto_record_type'], 'none'),
      enable_host_pause_auto_record: ms['enable_host_pause_auto_record'] === true,
      enable_screen_watermark: ms['enable_screen_watermark'] === true,
      mute_enable_join: ms['enable_enter_mute'] === true,
      watermark_type: Number(ms['watermark_type'] ?? 0),
    },
  };
}

function checkWebinarTimes(ctx: Ctx, start: number, end: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || end <= start) throw err('MEETING_INVALID_TIME_RANGE');
  if (start < ctx.clock.nowSec() - 60) throw err('MEETING_START_IN_PAST');
  if (end - start > 86_400) throw err('MEETING_INVALID_DURATION');
}

export const webinarRoutes = defineRoutes({
  meeting_webinar_create: (ctx) => {
    const b = ctx.body;
    const s = meetingState(ctx);
    if (!b.admin_userid) throw err('MEETING_ADMIN_USERID_MISSING');
    if (!ctx.corp.domains.contacts.getUser(b.admin_userid)) throw err('INVALID_USERID');
    if (!b.title || [...b.title].length > 128) throw err('MEETING_INVALID_TITLE');
    const start = toSec(b.start_time);
    const end = toSec(b.end_time);
    checkWebinarTimes(ctx, start, end);
    if (b.password && !/^\d{4,6}$/.test(b.password)) throw err('MEETING_INVALID_PASSWORD');
    const hosts = (b.hosts ?? []).map((h) => h.userid ?? '');
    checkMembers(ctx, hosts, 'MEETING_INVALID_ATTENDEE');
    if (hosts.length > 10) throw err('MEETING_TOO_MANY_HOSTS');
    const { admin_userid: _a, title: _t, start_time: _s, end_time: _e, hosts: _h, description, ...rest } = b;
    const m = s.newMeeting({ kind: 'webinar', title: b.title, admin_userid: b.admin_userid, agentid: ctx.app?.agentid, meeting_start: start, meeting_duration: end - start, hosts, description: description ?? '', webinar: { ...rest } });
    bookLifecycle(ctx, m);
    const v = webinarView(m);
    return { meetingid: m.meetingid, meeting_code: m.meeting_code, title: v.title, start_time: v.start_time, end_time: v.end_time, admission_type: v.admission_type, password: v.password, audience_join_link: v.audience_join_link, guest_join_link: v.guest_join_link, manual_check_link: v.manual_check_link, manual_check_password: v.manual_check_password };
  },

  meeting_webinar_update: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid, 'webinar');
    if (m.status !== 1) throw err('MEETING_STARTED_OR_ENDED_IMMUTABLE');
    const start = b.start_time !== undefined ? toSec(b.start_time) : m.meeting_start;
    const end = b.end_time !== undefined ? toSec(b.end_time) : m.meeting_start + m.meeting_duration;
    checkWebinarTimes(ctx, start, end);
    if (b.title !== undefined && (!b.title || [...b.title].length > 128)) throw err('MEETING_INVALID_TITLE');
    if (b.password && !/^\d{4,6}$/.test(b.password)) throw err('MEETING_INVALID_PASSWORD');
    if (b.hosts) checkMembers(ctx, b.hosts.map((h) => h.userid ?? ''), 'MEETING_INVALID_ATTENDEE');
    const { meetingid: _m, title, start_time: _s, end_time: _e, hosts, description, ...rest } = b;
    if (title !== undefined) m.title = title;
    if (description !== undefined) m.description = description;
    if (hosts) m.hosts = hosts.map((h) => h.userid ?? '');
    m.meeting_start = start;
    m.meeting_duration = end - start;
    Object.assign(m.webinar, rest);
    bookLifecycle(ctx, m);
    return {};
  },

  meeting_webinar_cancel: (ctx) => {
    const m = meetingOf(ctx, ctx.body.meetingid, 'webinar');
    if (m.status === 4) throw err('MEETING_CANCELLED');
    if (m.status !== 1) throw err('MEETING_STARTED_OR_ENDED_UNCANCELLABLE');
    m.status = 4;
    return {};
  },

  meeting_webinar_get: (ctx) => webinarView(meetingOf(ctx, ctx.body.meetingid, 'webinar')),

  meeting_webinar_update_warm_up: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid, 'webinar');
    if (m.status === 3) throw err('MEETING_STARTED_OR_ENDED_IMMUTABLE');
    for (const k of ['warm_up_picture', 'warm_up_video', 'allow_attendees_invite_others'] as const) if (b[k] !== undefined) m.webinar[k] = b[k];
    // A new picture or video is uploaded, and the result reported to the webinar's app (doc path/98773).
    if (b.warm_up_picture || b.warm_up_video) {
      meetingState(ctx).changed(m, 'webinar_warm_up_upload', undefined, {}, warmUpInfo({ warm_up_picture: str(m.webinar['warm_up_picture']), warm_up_video: str(m.webinar['warm_up_video']) }));
    }
    return {};
  },

  meeting_webinar_update_guest_list: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid, 'webinar');
    const guests = b.guests ?? [];
    // guest_type 0 企业内成员 (userid), 1 外部 (phone or email).
    for (const g of guests) {
      if (g.guest_type === 0 || (g.guest_type === undefined && g.userid)) checkMembers(ctx, [g.userid ?? '']);
      else if (!g.phone_number && !g.email) throw invalidParameter('an outside guest needs a phone_number or an email');
    }
    m.guests = guests.map((g) => ({ area: g.area ?? '86', phone_number: g.phone_number ?? '', guest_name: g.guest_name ?? '', guest_type: g.guest_type ?? (g.userid ? 0 : 1), email: g.email ?? '', userid: g.userid ?? '' }));
    return {};
  },

  meeting_webinar_list_guest: (ctx) => {
    const b = ctx.body;
    const s = meetingState(ctx);
    const m = b.meetingid !== undefined ? meetingOf(ctx, b.meetingid, 'webinar') : [...s.meetings.values()].find((x) => x.kind === 'webinar' && x.meeting_code === b.meeting_code);
    if (!m) throw err('MEETING_INVALID_CODE');
    return { guests: m.guests.map((g) => ({ guest_type: g.guest_type ?? 1, userid: g.userid ?? '', area: g.area, phone_number: g.phone_number, email: g.email ?? '', guest_name: g.guest_name })) };
  },

  meeting_enroll_set_config: (ctx) => setConfig(ctx, ctx.body, 'meeting'),
  meeting_enroll_get_config: (ctx) => getConfig(ctx, ctx.body.meetingid, 'meeting'),
  meeting_enroll_import: (ctx) => importList(ctx, ctx.body, 'meeting'),
  meeting_enroll_list: (ctx) => list(ctx, ctx.body, 'meeting'),
  meeting_enroll_approve: (ctx) => approve(ctx, ctx.body, 'meeting'),
  meeting_enroll_delete: (ctx) => remove(ctx, ctx.body, 'meeting'),
  meeting_enroll_query_by_tmp_openid: (ctx) => byTmpOpenid(ctx, ctx.body, 'meeting'),
  meeting_webinar_enroll_set_config: (ctx) => setConfig(ctx, ctx.body, 'webinar'),
  meeting_webinar_enroll_get_config: (ctx) => getConfig(ctx, ctx.body.meetingid, 'webinar'),
  meeting_webinar_enroll_import: (ctx) => importList(ctx, ctx.body, 'webinar'),
  meeting_webinar_enroll_list: (ctx) => list(ctx, ctx.body, 'webinar'),
  meeting_webinar_enroll_approve: (ctx) => approve(ctx, ctx.body, 'webinar'),
  meeting_webinar_enroll_delete: (ctx) => remove(ctx, ctx.body, 'webinar'),
  meeting_webinar_enroll_query_by_tmp_openid: (ctx) => byTmpOpenid(ctx, ctx.body, 'webinar'),
});
