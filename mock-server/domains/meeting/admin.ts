/**
 * Control plane of 会议: members (or outside guests) join and leave a meeting as they would from the client,
 * so attendee lists, statistics, records and polls have data. Joining is only possible while the meeting is
 * in progress; a meeting with its waiting room on puts joiners there first.
 */
import { AdminError, corpOf as findCorp, type AdminRoutes } from '../../core/control/kit.js';
import type { MockHost } from '../types.js';

export function meetingAdmin(host: MockHost): AdminRoutes {
  const find = (params: Record<string, string | undefined>) => {
    const corp = findCorp(host.registry, params['corpid']);
    const s = corp.domains.meeting;
    const m = s.meetings.get(params['meetingid'] ?? '');
    if (!m) throw new AdminError(404, 'meeting_not_found', `corp ${corp.corpid} has no meeting ${params['meetingid']}`);
    s.advance(m, corp.clock.nowSec());
    return { corp, s, m };
  };
  return {
    mock_meeting_join: ({ params, body }) => {
      const { corp, s, m } = find(params);
      const userid = typeof body['userid'] === 'string' ? body['userid'] : undefined;
      const nickname = typeof body['nickname'] === 'string' ? body['nickname'] : undefined;
      if (userid === undefined && nickname === undefined) throw new AdminError(400, 'who_missing', 'give a member userid or a guest nickname');
      if (userid !== undefined && !corp.domains.contacts.getUser(userid)) throw new AdminError(400, 'unknown_member', `member ${userid} does not exist`);
      if (m.status !== 2) throw new AdminError(409, 'not_in_progress', `meeting ${m.meetingid} is not in progress (status ${m.status})`);
      const waiting = m.settings['enable_waiting_room'] === true && userid !== m.admin_userid;
      const p = s.join(m, { ...(userid !== undefined && { userid }), ...(nickname !== undefined && { nickname }) }, corp.clock.nowSec(), waiting);
      return { status: 201, body: { tmp_openid: p.tmp_openid, userid: p.userid ?? null, waiting: p.waiting } };
    },
    mock_meeting_leave: ({ params }) => {
      const { corp, s, m } = find(params);
      if (!s.leave(m, params['tmp_openid'] ?? '', corp.clock.nowSec())) throw new AdminError(404, 'not_in_meeting', `${params['tmp_openid']} is not in meeting ${m.meetingid}`);
      return { body: { tmp_openid: params['tmp_openid'], left: true } };
    },
  };
}
