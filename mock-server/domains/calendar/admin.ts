/** Control plane of 日程: an attendee answers a schedule in the client (accept / decline / tentative). */
import { AdminError, corpRecord, type AdminRoutes } from '../../core/control/kit.js';
import type { MockHost } from '../types.js';
import { calEvent } from './rules.js';

export function calendarAdmin(host: MockHost): AdminRoutes {
  return {
    mock_schedule_attendee_respond: ({ params, body }) => {
      const { corp, record: sch } = corpRecord(host.registry, params, 'schedule_id', 'schedule_not_found', 'live schedule', (c, id) => {
        const found = c.domains.calendar.schedules.get(id);
        return found?.status === 0 ? found : undefined;
      });
      const a = sch.attendees.find((x) => x.userid === params['userid']);
      if (!a) throw new AdminError(404, 'attendee_not_found', `${params['userid']} is not an attendee`);
      a.response_status = Number(body['response_status']);
      // update_schedule_attendee_status (doc path/93704): the calendar's app hears that an attendee answered.
      corp.events.push(corp.clock.nowMs(), calEvent('update_schedule_attendee_status', corp.domains.calendar.calendars.get(sch.cal_id)!, sch.schedule_id));
      return { body: { schedule_id: sch.schedule_id, userid: a.userid, response_status: a.response_status } };
    },
  };
}
