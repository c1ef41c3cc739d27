import { err, invalidParameter } from '../../core/errors/index.js';
import { chinaDayStart } from '../../core/runtime/china-day.js';
import { areaState } from '../../core/tenancy/access.js';
import { defineRoutes, type Ctx } from '../types.js';
import type { MeetingroomState } from './state.js';

/** 会议室 APIs answer the 会议室 system secret and its 可调用接口的应用 (doc path/93619); others → 48002. */
function state(ctx: Ctx): MeetingroomState {
  return areaState(ctx, 'meetingroom');
}

export const meetingroomRoutes = defineRoutes({
  oa_meetingroom_add: (ctx) => {
    const s = state(ctx);
    const b = ctx.body;
    if ([...s.rooms.values()].some((r) => r.name === b.name)) throw invalidParameter('meetingroom name exists');
    if (b.building && !b.city) throw invalidParameter('building needs city');
    if (b.floor && !b.building) throw invalidParameter('floor needs building');
    const contacts = ctx.corp.domains.contacts;
    const badUser = b.range?.user_list?.find((u) => !contacts.getUser(u));
    if (badUser !== undefined) throw err('INVALID_USERID');
    if (b.range?.department_list?.some((d) => !contacts.departments.has(d))) throw err('DEPARTMENT_NOT_FOUND');
    const room = s.addRoom({
      name: b.name,
      capacity: b.capacity,
      city: b.city ?? '',
      building: b.building ?? '',
      floor: b.floor ?? '',
      equipment: [...new Set(b.equipment ?? [])],
      coordinate: b.coordinate,
      range: b.range ? { user_list: b.range.user_list ?? [], department_list: b.range.department_list ?? [] } : undefined,
    });
    return { meetingroom_id: room.meetingroom_id };
  },

  oa_meetingroom_get_booking_info: (ctx) => {
    const s = state(ctx);
    const b = ctx.body;
    const today = chinaDayStart(ctx.clock.nowSec());
    const start = b.start_time ?? (b.end_time !== undefined ? chinaDayStart(b.end_time) : today);
    const end = b.end_time ?? chinaDayStart(start) + 86_400;
    if (end <= start) throw invalidParameter('end_time must be later than start_time');
    // 不支持跨天查询 (doc path/93620): the span must stay inside one China day (its end may be the next midnight).
    if (chinaDayStart(end - 1) !== chinaDayStart(start)) throw invalidParameter('query across days is not supported');
    if (b.building && !b.city) throw invalidParameter('building needs city');
    if (b.floor && !b.building) throw invalidParameter('floor needs building');
    if (b.meetingroom_id !== undefined && !s.rooms.has(b.meetingroom_id)) throw invalidParameter('invalid meetingroom_id');
    const rooms = [...s.rooms.values()].filter(
      (r) =>
        (b.meetingroom_id === undefined || r.meetingroom_id === b.meetingroom_id) &&
        (!b.city || r.city === b.city) &&
        (!b.building || r.building === b.building) &&
        (!b.floor || r.floor === b.floor),
    );
    return {
      booking_list: rooms.map((r) => ({
        meetingroom_id: r.meetingroom_id,
        schedule: s.bookingsOf(r.meetingroom_id, start, end).map((x) => ({
          booking_id: x.booking_id,
          schedule_id: x.schedule_id,
          start_time: x.start_time,
          end_time: x.end_time,
          booker: x.booker,
          status: 0,
        })),
      })),
    };
  },
});
