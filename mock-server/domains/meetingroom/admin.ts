/**
 * Control plane of meeting rooms: book a room as a member would in the client (a test's fixture for
 * oa/meetingroom/get_booking_info), and cancel a booking.
 */
import { AdminError, corpOf as findCorp, type AdminRoutes } from '../../core/control/kit.js';
import type { MockHost } from '../types.js';

export function meetingroomAdmin(host: MockHost): AdminRoutes {
  return {
    mock_meetingroom_book: ({ params, body }) => {
      const corp = findCorp(host.registry, params['corpid']);
      const booker = String(body['booker']);
      if (!corp.domains.contacts.getUser(booker)) throw new AdminError(400, 'unknown_member', `member ${booker} does not exist`);
      const r = corp.domains.meetingroom.book({
        meetingroom_id: Number(params['meetingroom_id']),
        start_time: body['start_time'] as number,
        end_time: body['end_time'] as number,
        booker,
        ...(typeof body['schedule_id'] === 'string' && { schedule_id: body['schedule_id'] }),
      });
      if (r === 'room_not_found') throw new AdminError(404, 'meetingroom_not_found', `corp ${corp.corpid} has no meeting room ${params['meetingroom_id']}`);
      if (r === 'invalid_time') throw new AdminError(400, 'invalid_time', 'end_time must be later than start_time');
      if (r === 'conflict') throw new AdminError(409, 'already_booked', 'the room is booked at that time');
      return { status: 201, body: { booking_id: r.booking_id, schedule_id: r.schedule_id, meetingroom_id: r.meetingroom_id, start_time: r.start_time, end_time: r.end_time, booker: r.booker } };
    },
    mock_meetingroom_cancel: ({ params }) => {
      const corp = findCorp(host.registry, params['corpid']);
      if (!corp.domains.meetingroom.cancel(params['booking_id'] ?? '')) throw new AdminError(404, 'booking_not_found', `no live booking ${params['booking_id']}`);
      return { body: { booking_id: params['booking_id'], cancelled: true } };
    },
  };
}
