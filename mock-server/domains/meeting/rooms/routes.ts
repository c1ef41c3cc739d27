/**
 * Rooms (Rooms会议室, 获取Rooms会议室列表 doc path/98795 …): the corp's Rooms accounts and devices, booking them into a
 * meeting, calling a room or an MRA address, and the meetings a room takes part in. Rooms are seeded for
 * demo corps; an unknown meeting_room_id → 40058.
 */
import { invalidParameter } from '../../../core/errors/index.js';
import { defineRoutes, type Ctx } from '../../types.js';
import { liveMeetingOf, meetingOf, meetingState, page } from '../shared.js';
import { roomResponse } from '../events.js';
import type { Meeting, Room } from '../state.js';

function roomOf(ctx: Ctx, id: string | number | undefined): Room {
  const r = id === undefined ? undefined : meetingState(ctx).rooms.get(String(id));
  if (!r) throw invalidParameter('unknown meeting_room_id');
  return r;
}

/** The state names get_realtime_attendee_list and rooms/list_meetings answer. */
export function stateName(status: number): string {
  return status === 2 ? 'MEETING_STATE_STARTED' : status === 1 ? 'MEETING_STATE_INIT' : status === 4 ? 'MEETING_STATE_CANCELLED' : 'MEETING_STATE_ENDED';
}

function location(r: Room): string {
  return `${r.city}-${r.building}-${r.floor}`;
}

/** 0 空闲, 1 使用中 (in a meeting now); scheduled_status 0 无预定, 1 有预定. */
function busy(ctx: Ctx, r: Room): { inUse: boolean; scheduled: boolean } {
  const s = meetingState(ctx);
  const now = ctx.clock.nowSec();
  let inUse = false;
  let scheduled = false;
  for (const m of s.meetings.values()) {
    if (!m.rooms.has(r.meeting_room_id)) continue;
    s.advance(m, now);
    if (m.status === 2) inUse = true;
    if (m.status === 1) scheduled = true;
  }
  return { inUse, scheduled };
}

function callKey(m: Meeting, room: string | number | undefined, mra: { dial_string?: string; protocol?: number } | undefined): string {
  return room !== undefined && room !== '' ? `room:${room}` : `mra:${mra?.protocol ?? 1}:${mra?.dial_string ?? ''}@${m.meetingid}`;
}

/** A page of the rooms whose name holds `meeting_room_name` (all without it). */
function roomsPage(ctx: Ctx, b: { meeting_room_name?: string | undefined; cursor?: string | number | undefined; limit?: string | number | undefined }) {
  const rooms = [...meetingState(ctx).rooms.values()].filter((r) => !b.meeting_room_name || r.name.includes(b.meeting_room_name));
  return page(ctx, rooms, b.cursor === undefined ? undefined : String(b.cursor), b.limit === undefined ? undefined : Number(b.limit), 100);
}

export const roomsRoutes = defineRoutes({
  meeting_rooms_list: (ctx) => {
    const p = roomsPage(ctx, ctx.body);
    return {
      has_more: p.has_more,
      next_cursor: p.next_cursor,
      meeting_room_list: p.items.map((r) => {
        const u = busy(ctx, r);
        return { meeting_room_id: r.meeting_room_id, meeting_room_name: r.name, meeting_room_location: location(r), account_type: r.account_type, active_code: `AC${r.rooms_id}`, participant_number: r.participant_number, meeting_room_status: u.inUse ? 1 : 0, scheduled_status: u.scheduled ? 1 : 0, is_allow_call: true };
      }),
    };
  },

  meeting_rooms_get_info: (ctx) => {
    const r = roomOf(ctx, ctx.body.meeting_room_id);
    const u = busy(ctx, r);
    return {
      basic_info: { meeting_room_name: r.name, city: r.city, building: r.building, floor: r.floor, participant_number: r.participant_number, device: 'Rooms', desc: '', password: '', rooms_id_list: [r.rooms_id] },
      account_info: { account_type: r.account_type, valid_period: '2099-12-31' },
      hardware_info: { rooms_version: '3.0.0', device_model: 'MockRooms', sn: `SN${r.rooms_id}`, mac: '00:00:00:00:00:01', ip: '10.0.0.2', factory: 'mock', system_type: 'Android', health_status: 'NORMAL', meeting_room_status: u.inUse ? 1 : 0, cpu_info: '8 cores', cpu_usage: '10%', gpu_info: '', memory_info: '4 GB', monitor_frequency: 60, camera_model: 'cam', microphone_info: 'mic', speaker_info: 'speaker', net_type: 'wired', firmware_version: '1.0', enable_video_mirror: false, active_time: '2024-01-01' },
      pmi_info: { pmi_code: `8${r.rooms_id.slice(-8).padStart(8, '0')}`, pmi_pwd: '' },
      monitor_status: 1,
      is_allow_call: true,
      scheduled_status: u.scheduled ? 1 : 0,
    };
  },

  meeting_rooms_get_config: (ctx) => {
    const r = roomOf(ctx, ctx.body.meeting_room_id);
    const ms = r.config.meeting_settings;
    const rs = r.config.record_settings;
    return {
      meeting_settings: { auto_response: ms['auto_response'] === true ? 1 : 0, caption: ms['caption'] === true, room_notification: ms['room_notification'] === true, room_pmi: ms['room_pmi'] === true, water_mark: ms['water_mark'] === true ? 1 : 0 },
      record_settings: { download_record: rs['download_record'] === true, share_record: rs['share_record'] === true ? 1 : 0 },
    };
  },

  meeting_rooms_get_inventory: (ctx) => {
    const rooms = [...meetingState(ctx).rooms.values()];
    const normal = rooms.filter((r) => r.account_type === 1).length;
    const special = rooms.length - normal;
    // The mock's purchased stock: ten of each kind, of which the seeded/created rooms are in use.
    return { normal_count: 10, normal_used_count: normal, normal_expired_count: 0, special_count: 10, special_used_count: special, special_expired_count: 0 };
  },

  meeting_rooms_list_devices: (ctx) => {
    const p = roomsPage(ctx, ctx.body);
    return {
      has_more: p.has_more,
      next_cursor: p.next_cursor,
      device_info_list: p.items.map((r) => ({ meeting_room_id: r.meeting_room_id, meeting_room_name: r.name, meeting_room_location: location(r), rooms_id: r.rooms_id, device_model: 'MockRooms', app_version: '3.0.0', meeting_room_status: busy(ctx, r).inUse ? 1 : 0, device_monitor_info: { camera_status: true, microphone_status: true, speaker_status: true } })),
    };
  },

  meeting_rooms_list_controllers: (ctx) => {
    const b = ctx.body;
    const rooms = [...meetingState(ctx).rooms.values()].filter((r) => !b.controller_name || `${r.name}-控制器`.includes(b.controller_name));
    const p = page(ctx, rooms, b.cursor === undefined ? undefined : String(b.cursor), b.limit === undefined ? undefined : Number(b.limit), 100);
    return {
      has_more: p.has_more,
      next_cursor: p.next_cursor,
      controller_info_list: p.items.map((r) => ({ controller_name: `${r.name}-控制器`, rooms_id: r.rooms_id, meeting_room_name: r.name, meeting_room_location: location(r), status: '0', manufacture_name: 'mock', controller_model: 'MockPad', app_version: '3.0.0', framework_version: '1.0', cpu_type: 'arm64', cpu_usage: '5%', mem_usage: '20%', network_type: 'wifi', ip_address: '10.0.0.3', mac_address: '00:00:00:00:00:02' })),
    };
  },

  meeting_rooms_book: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    if (m.status === 3) throw invalidParameter('the meeting has ended');
    const ids = b.meeting_room_id_list ?? [];
    if (!ids.length || ids.length > 20) throw invalidParameter('meeting_room_id_list: 1..20');
    const rooms = ids.map((id) => roomOf(ctx, id));
    for (const r of rooms) m.rooms.add(r.meeting_room_id);
    return { meeting_room_list: rooms.map((r) => ({ meeting_room_id: r.meeting_room_id, meeting_room_name: r.name, meeting_room_location: location(r) })) };
  },

  meeting_rooms_release: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    const ids = (b.meeting_room_id_list ?? []).map((id) => roomOf(ctx, id).meeting_room_id);
    if (ids.some((id) => !m.rooms.has(id))) throw invalidParameter('the room is not booked into this meeting');
    for (const id of ids) m.rooms.delete(id);
    return {};
  },

  meeting_rooms_list_meetings: (ctx) => {
    const b = ctx.body;
    const r = roomOf(ctx, b.meeting_room_id ?? [...meetingState(ctx).rooms.values()].find((x) => x.rooms_id === String(b.rooms_id ?? ''))?.meeting_room_id);
    const s = meetingState(ctx);
    const now = ctx.clock.nowSec();
    const rows = [...s.meetings.values()]
      .filter((m) => m.rooms.has(r.meeting_room_id))
      .filter((m) => (b.start_time === undefined || m.meeting_start + m.meeting_duration >= Number(b.start_time)) && (b.end_time === undefined || m.meeting_start <= Number(b.end_time)))
      .sort((x, y) => x.meeting_start - y.meeting_start);
    for (const m of rows) s.advance(m, now);
    const p = page(ctx, rows, b.cursor === undefined ? undefined : String(b.cursor), b.limit === undefined ? undefined : Number(b.limit), 100);
    return {
      has_more: p.has_more,
      next_cursor: p.next_cursor,
      meeting_info_list: p.items.map((m) => ({ meetingid: m.meetingid, meeting_code: m.meeting_code, subject: m.title, status: stateName(m.status), meeting_type: m.kind === 'webinar' ? 1 : 0, start_time: m.meeting_start, end_time: m.meeting_start + m.meeting_duration })),
    };
  },

  meeting_rooms_call: (ctx) => {
    const b = ctx.body;
    const m = meetingOf(ctx, b.meetingid);
    if (m.status !== 2) throw invalidParameter('the meeting is not in progress');
    if (b.meeting_room_id !== undefined && b.meeting_room_id !== '') roomOf(ctx, b.meeting_room_id);
    else if (!b.mra_address?.dial_string) throw invalidParameter('meeting_room_id or mra_address is required');
    const key = callKey(m, b.meeting_room_id, b.mra_address);
    const invite_id = meetingState(ctx).nextId('inv');
    // status 4 呼叫中 (get_response_status, doc path/98806); the room answers after 5 s of mock time (2 入会中).
    const called = b.meeting_room_id !== undefined && b.meeting_room_id !== '' ? { room: String(b.meeting_room_id) } : { mra: { protocol: b.mra_address?.protocol ?? 1, dial_string: b.mra_address!.dial_string! } };
    m.roomCalls.set(key, { meeting_room_id: invite_id, status: 4, at: ctx.clock.nowSec(), ...called });
    ctx.corp.timers.at(ctx.clock.nowMs() + 5_000, `meeting ${m.meetingid} room answers`, 'meeting.room_answers', { m, key });
    return { invite_id };
  },

  meeting_rooms_cancel_call: (ctx) => {
    const b = ctx.body;
    const m = meetingOf(ctx, b.meetingid);
    const c = m.roomCalls.get(callKey(m, b.meeting_room_id, b.mra_address));
    if (!c || c.meeting_room_id !== b.invite_id) throw invalidParameter('unknown invite_id');
    if (c.status !== 4) throw invalidParameter('the call is no longer ringing');
    // 5 取消呼叫, which meeting_room_response reports too (doc path/98783).
    c.status = 5;
    meetingState(ctx).changed(m, 'meeting_room_response', undefined, {}, roomResponse(c));
    return {};
  },

  meeting_rooms_get_response_status: (ctx) => {
    const b = ctx.body;
    const m = meetingOf(ctx, b.meetingid);
    const c = m.roomCalls.get(callKey(m, b.meeting_room_id, b.mra_address));
    if (!c) throw invalidParameter('the room was not called');
    return { status: c.status, response_time: c.status === 2 ? String(c.at + 5) : '' };
  },
});
