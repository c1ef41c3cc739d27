/**
 * The meeting itself (doc path/99104 创建预约会议, 99047 修改预约会议, 99048 取消预约会议, 99049 获取会议详情, 99050
 * 获取成员会议ID列表): create, update, cancel, read; invitees and guests; attendees, quality and customer short links.
 */
import { err, invalidParameter } from '../../../core/errors/index.js';
import { defineRoutes, type BodyOf, type Ctx } from '../../types.js';
import { bookLifecycle, checkMembers, liveMeetingOf, meetingOf, meetingState, page, str } from '../shared.js';
import type { Meeting } from '../state.js';

const MAX_INVITEES = 300;

function settingsView(m: Meeting) {
  const st = m.settings;
  return {
    password: str(st['password']),
    enable_waiting_room: st['enable_waiting_room'] === true,
    allow_enter_before_host: st['allow_enter_before_host'] !== false,
    remind_scope: typeof st['remind_scope'] === 'number' ? st['remind_scope'] : 1,
    enable_enter_mute: st['enable_enter_mute'] === 1 || st['enable_enter_mute'] === true,
    enable_screen_watermark: st['enable_screen_watermark'] === true,
    hosts: { userid: [...m.hosts] },
    ring_users: { userid: ((st['ring_users'] as { userid?: string[] } | undefined)?.userid ?? []).slice() },
  };
}

function requireOwnApp(ctx: Ctx, m: Meeting): void {
  // 730005 meeting created by other app: an app may only change the meetings it created.
  if (m.agentid !== undefined && ctx.app && ctx.app.agentid !== m.agentid) throw err('MEETING_CREATED_BY_OTHER_APP');
}

type MeetingFields = Omit<BodyOf<'meeting_update'>, 'meetingid'>;

/**
 * The checks create and update share, over the fields a call gives (doc path/99104, 99047); `invitees` are the
 * meeting's invitees after the call (ring users must be among them or be its admin). Answers the title trimmed.
 */
function checkFields(ctx: Ctx, b: MeetingFields, admin: string, invitees: readonly string[]): { title: string | undefined; hosts: string[] | undefined } {
  const title = b.title?.trim();
  if (title !== undefined && (!title || [...title].length > 128)) throw err('MEETING_INVALID_TITLE');
  const now = ctx.clock.nowSec();
  if (b.meeting_start !== undefined && (!Number.isInteger(b.meeting_start) || b.meeting_start < now - 60)) throw err('MEETING_START_IN_PAST');
  const duration = b.meeting_duration;
  if (duration !== undefined && (!Number.isInteger(duration) || duration < 300 || duration > 86_400)) throw err('MEETING_INVALID_DURATION');
  if ([...(b.location ?? '')].length > 128) throw err('MEETING_LOCATION_TOO_LONG');
  const st = b.settings ?? {};
  if (st.password !== undefined && st.password !== '' && !/^\d{4,6}$/.test(st.password)) throw err('MEETING_INVALID_PASSWORD');
  if (st.remind_scope !== undefined && ![1, 2, 3, 4].includes(st.remind_scope)) throw err('MEETING_INVALID_REMIND_SCOPE');
  if (b.reminders?.repeat_type !== undefined && ![0, 1, 2, 3, 4, 5, 7].includes(b.reminders.repeat_type)) throw err('MEETING_INVALID_REPEAT_TYPE');
  checkMembers(ctx, invitees, 'MEETING_INVALID_ATTENDEE');
  const hosts = st.hosts?.userid && [...new Set(st.hosts.userid)];
  if (hosts && hosts.length > 10) throw err('MEETING_TOO_MANY_HOSTS');
  checkMembers(ctx, hosts, 'MEETING_INVALID_ATTENDEE');
  const ring = st.ring_users?.userid ?? [];
  if (ring.some((u) => !invitees.includes(u) && u !== admin)) throw err('MEETING_RING_USER_NOT_ATTENDEE');
  return { title, hosts };
}

export const meetingsRoutes = defineRoutes({
  meeting_create: (ctx) => {
    const s = meetingState(ctx);
    const b = ctx.body;
    if (!b.admin_userid) throw err('MEETING_ADMIN_USERID_MISSING');
    if (!ctx.corp.domains.contacts.getUser(b.admin_userid)) throw err('INVALID_USERID');
    const userids = [...new Set(b.invitees?.userid ?? [])];
    const checked = checkFields(ctx, b, b.admin_userid, userids);
    if (!checked.title) throw err('MEETING_INVALID_TITLE');
    const title = checked.title;
    const hosts = checked.hosts ?? [];
    const st = b.settings ?? {};
    const start = b.meeting_start ?? ctx.clock.nowSec();
    const duration = b.meeting_duration ?? 3600;
    // Beyond the seat limit the extra invitees are answered in excess_users instead of failing the call.
    const kept = userids.slice(0, MAX_INVITEES);
    const m = s.newMeeting({
      kind: 'meeting',
      title,
      admin_userid: b.admin_userid,
      agentid: ctx.app?.agentid ?? b.agentid,
      meeting_start: start,
      meeting_duration: duration,
      description: b.description ?? '',
      location: b.location ?? '',
      cal_id: b.cal_id ?? '',
      reminders: { ...(b.reminders ?? {}) },
      settings: { ...st },
      hosts,
      invitees: kept,
      guests: (b.guests ?? []).map((g) => ({ area: g.area ?? '86', phone_number: g.phone_number ?? '', guest_name: g.guest_name ?? '' })),
    });
    bookLifecycle(ctx, m);
    return { meetingid: m.meetingid, meeting_code: m.meeting_code, meeting_link: `https://meeting.example.invalid/${m.meeting_code}`, excess_users: userids.slice(MAX_INVITEES) };
  },

  meeting_update: (ctx) => {
    const b = ctx.body;
    const m = meetingOf(ctx, b.meetingid, 'meeting');
    requireOwnApp(ctx, m);
    if (m.status === 4) throw err('MEETING_CANCELLED');
    // 400221: a meeting that has started or ended cannot be updated.
    if (m.status !== 1) throw err('MEETING_STARTED_OR_ENDED_IMMUTABLE');
    // The start and the duration change together (doc path/99047); one without the other is not a time range.
    if ((b.meeting_start === undefined) !== (b.meeting_duration === undefined)) throw err('MEETING_INVALID_TIME_RANGE');
    const userids = b.invitees?.userid && [...new Set(b.invitees.userid)];
    if (userids && userids.length > MAX_INVITEES) throw err('MEETING_TOO_MANY_ATTENDEES');
    const { title, hosts } = checkFields(ctx, b, m.admin_userid, userids ?? m.invitees);
    if (title !== undefined) m.title = title;
    if (b.description !== undefined) m.description = b.description;
    if (b.location !== undefined) m.location = b.location;
    if (b.cal_id !== undefined) m.cal_id = b.cal_id;
    if (b.reminders !== undefined) m.reminders = { ...b.reminders };
    if (b.settings !== undefined) m.settings = { ...m.settings, ...b.settings };
    if (hosts) m.hosts = hosts;
    if (userids) m.invitees = userids;
    if (b.guests !== undefined) m.guests = b.guests.map((g) => ({ area: g.area ?? '86', phone_number: g.phone_number ?? '', guest_name: g.guest_name ?? '' }));
    if (b.meeting_start !== undefined && b.meeting_duration !== undefined) {
      m.meeting_start = b.meeting_start;
      m.meeting_duration = b.meeting_duration;
      // The lifecycle is booked again; the old times' tasks see a different start and do nothing.
      bookLifecycle(ctx, m);
    }
    // The app's own update sends no modify_meeting (that event reports the admin's edits in the client, doc path/99081).
    return {};
  },

  meeting_cancel: (ctx) => {
    const m = meetingOf(ctx, ctx.body.meetingid, 'meeting');
    requireOwnApp(ctx, m);
    if (m.status === 4) throw err('MEETING_CANCELLED');
    if (m.status !== 1) throw err('MEETING_STARTED_OR_ENDED_UNCANCELLABLE');
    m.status = 4;
    return {};
  },

  meeting_get_info: (ctx) => {
    const m = meetingOf(ctx, ctx.body.meetingid);
    const att = [...m.participants.values()];
    const view = (p: (typeof att)[number]) => ({
      status: p.online ? 1 : 2,
      first_join_time: p.first_join,
      last_quit_time: p.last_quit,
      total_join_count: p.joins,
      cumulative_time: p.cumulative + (p.online ? Math.max(0, ctx.clock.nowSec() - p.last_join) : 0),
    });
    const members = m.invitees.map((u) => {
      const p = att.find((x) => x.userid === u);
      return p ? { userid: u, ...view(p) } : { userid: u, status: 3, first_join_time: 0, last_quit_time: 0, total_join_count: 0, cumulative_time: 0 };
    });
    for (const p of att) if (p.userid !== undefined && !m.invitees.includes(p.userid)) members.push({ userid: p.userid, ...view(p) });
    const user = ctx.corp.domains.contacts.getUser(m.admin_userid);
    // The meeting's own fields, as created (or changed by its admin).
    const { admin_userid, title, meeting_start, meeting_duration, description, location, status, cal_id, meeting_code } = m;
    return {
      admin_userid,
      title,
      meeting_start,
      meeting_duration,
      description,
      location,
      main_department: user?.main_department ?? 1,
      status,
      ...(m.agentid !== undefined && { agentid: m.agentid }),
      cal_id,
      meeting_code,
      meeting_link: `https://meeting.example.invalid/${meeting_code}`,
      attendees: { member: members, tmp_external_user: att.filter((p) => p.userid === undefined).map((p) => ({ tmp_external_userid: p.tmp_openid, ...view(p) })) },
      settings: settingsView(m),
      reminders: {
        is_repeat: typeof m.reminders['is_repeat'] === 'number' ? m.reminders['is_repeat'] : 0,
        repeat_type: typeof m.reminders['repeat_type'] === 'number' ? m.reminders['repeat_type'] : 0,
        repeat_until: typeof m.reminders['repeat_until'] === 'number' ? m.reminders['repeat_until'] : 0,
        repeat_interval: typeof m.reminders['repeat_interval'] === 'number' ? m.reminders['repeat_interval'] : 1,
        remind_before: Array.isArray(m.reminders['remind_before']) ? (m.reminders['remind_before'] as number[]) : [],
      },
    };
  },

  meeting_get_user_meetingid: (ctx) => {
    const s = meetingState(ctx);
    const b = ctx.body;
    if (!b.userid) throw err('MEETING_USERID_MISSING');
    if (!ctx.corp.domains.contacts.getUser(b.userid)) throw err('INVALID_USERID');
    const now = ctx.clock.nowSec();
    const begin = b.begin_time ?? now - 30 * 86_400;
    const end = b.end_time ?? now + 30 * 86_400;
    // A window of more than 180 days → 40058: the mock's bound (its code chosen where WeCom is silent).
    if (end < begin || end - begin > 180 * 86_400) throw invalidParameter('begin_time..end_time must span at most 180 days');
    const ids = [...s.meetings.values()]
      .filter((m) => m.kind === 'meeting' && (m.admin_userid === b.userid || m.invitees.includes(b.userid!) || m.hosts.includes(b.userid!)))
      .filter((m) => m.meeting_start >= begin && m.meeting_start <= end)
      .sort((x, y) => x.meeting_start - y.meeting_start)
      .map((m) => m.meetingid);
    const p = page(ctx, ids, b.cursor, b.limit, 100);
    return { meetingid_list: p.items, next_cursor: p.next_cursor };
  },

  meeting_get_invitees: (ctx) => {
    const m = meetingOf(ctx, ctx.body.meetingid);
    const p = page(ctx, m.invitees, ctx.body.cursor, undefined, 100);
    return { invitees: p.items.map((userid) => ({ userid })), has_more: p.has_more, next_cursor: p.next_cursor };
  },

  meeting_set_invitees: (ctx) => {
    const m = liveMeetingOf(ctx, ctx.body.meetingid);
    requireOwnApp(ctx, m);
    if (m.status === 3) throw err('MEETING_STARTED_OR_ENDED_IMMUTABLE');
    const ids = [...new Set((ctx.body.invitees ?? []).map((i) => i.userid ?? ''))];
    checkMembers(ctx, ids, 'MEETING_INVALID_ATTENDEE');
    if (ids.length > MAX_INVITEES) throw err('MEETING_TOO_MANY_ATTENDEES');
    m.invitees = ids;
    return {};
  },

  meeting_get_guests: (ctx) => {
    const m = meetingOf(ctx, ctx.body.meetingid);
    return { meetingid: m.meetingid, meeting_code: m.meeting_code, title: m.title, guests: m.guests.map((g) => ({ area: g.area, phone_number: g.phone_number, guest_name: g.guest_name })) };
  },

  meeting_set_guests: (ctx) => {
    const m = liveMeetingOf(ctx, ctx.body.meetingid);
    if (m.status === 3) throw err('MEETING_STARTED_OR_ENDED_IMMUTABLE');
    const guests = ctx.body.guests ?? [];
    if (guests.some((g) => !g.phone_number || !/^\d{5,20}$/.test(g.phone_number))) throw invalidParameter('guest phone_number must be digits');
    m.guests = guests.map((g) => ({ area: g.area ?? '86', phone_number: g.phone_number!, guest_name: g.guest_name ?? '' }));
    return {};
  },

  meeting_get_attendee_list: (ctx) => {
    const b = ctx.body;
    const m = meetingOf(ctx, b.meetingid);
    const rows = m.sessions
      .filter((x) => (b.start_time === undefined || (x.quit ?? Infinity) >= b.start_time) && (b.end_time === undefined || x.join <= b.end_time))
      .map((x) => {
        const p = m.participants.get(x.tmp_openid)!;
        return {
          userid: p.userid ?? '',
          tmp_openid: p.tmp_openid,
          instance_id: p.instance_id,
          join_time: String(x.join),
          quit_time: String(x.quit ?? 0),
          join_type: 1,
          role: p.role,
          webinar_role: m.kind === 'webinar' ? 1 : 0,
          audio_state: p.audio,
          screen_shared_state: p.sharing,
          net: 'wifi',
          customer_data: '',
        };
      });
    const p = page(ctx, rows, b.cursor, b.limit, 100);
    return { attendees: p.items, has_more: p.has_more, next_cursor: p.next_cursor };
  },

  meeting_get_realtime_attendee_list: (ctx) => {
    const b = ctx.body;
    const m = meetingOf(ctx, b.meetingid);
    const online = [...m.participants.values()].filter((p) => p.online && !p.waiting);
    const p = page(ctx, online, b.cursor, b.limit, 20);
    return {
      status: m.status === 2 ? 'MEETING_STATE_STARTED' : m.status === 1 ? 'MEETING_STATE_INIT' : m.status === 4 ? 'MEETING_STATE_CANCELLED' : 'MEETING_STATE_ENDED',
      attendees: p.items.map((x) => ({ userid: x.userid ?? '', tmp_openid: x.tmp_openid, instance_id: x.instance_id, join_time: String(x.last_join), join_type: 1, role: x.role, audio_state: x.audio, video_state: x.video, screen_shared_state: x.sharing })),
      has_more: p.has_more,
      next_cursor: p.next_cursor,
    };
  },

  meeting_get_quality: (ctx) => {
    const b = ctx.body;
    const m = meetingOf(ctx, b.meetingid);
    if (m.status === 1) throw invalidParameter('the meeting has not started');
    const list = [...m.participants.values()].filter((p) => !p.waiting);
    const p = page(ctx, list, b.cursor, b.limit, 20);
    return {
      quality: 1,
      audio_quality: 1,
      video_quality: 1,
      screen_share_quality: 1,
      network_quality: 1,
      problems: [],
      attendees: p.items.map((x) => ({ userid: x.userid ?? '', tmp_openid: x.tmp_openid, instance_id: x.instance_id, quality: 1, audio_quality: 1, video_quality: 1, screen_share_quality: 1, network_quality: 1, problems: [] })),
      has_more: p.has_more,
      next_cursor: p.next_cursor,
    };
  },

  meeting_check_device_in_meeting: (ctx) => {
    const b = ctx.body;
    const s = meetingState(ctx);
    if (!b.userid || !ctx.corp.domains.contacts.getUser(b.userid)) throw err('INVALID_USERID');
    const result_list: { meetingid: string; instance_id: number }[] = [];
    for (const id of b.meetingid_list ?? []) {
      const m = s.meetings.get(id);
      if (!m) throw err('INVALID_MEETING_ID');
      s.advance(m, ctx.clock.nowSec());
      for (const p of m.participants.values())
        if (p.userid === b.userid && p.online && (!b.instance_id_list?.length || b.instance_id_list.includes(p.instance_id))) result_list.push({ meetingid: id, instance_id: p.instance_id });
    }
    return { result_list };
  },

  meeting_create_customer_short_url: (ctx) => {
    const m = liveMeetingOf(ctx, ctx.body.meetingid);
    const data = ctx.body.customer_data ?? '';
    if (!data || data.length > 256) throw invalidParameter('customer_data is 1..256 characters');
    let row = m.shortUrls.find((x) => x.customer_data === data);
    if (!row) m.shortUrls.push((row = { customer_data: data, meeting_short_url: `https://meeting.example.invalid/s/${m.meeting_code}-${m.shortUrls.length + 1}` }));
    return { meeting_short_url_customer_data: [{ ...row }] };
  },

  meeting_get_customer_short_url: (ctx) => {
    const m = meetingOf(ctx, ctx.body.meetingid);
    return { meeting_short_url_customer_data_list: m.shortUrls.map((x) => ({ ...x })) };
  },
});
