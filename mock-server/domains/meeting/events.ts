/**
 * 会议 callbacks (回调通知, doc path/99103): `meeting_change` with a ChangeType and the MeetingId, sent to the
 * app that created the meeting through the API (doc path/99081 modify_meeting, 99082 cancel_meeting, 98333
 * meeting_start, 98337 meeting_end, 98348 join_meeting, 98352 quit_meeting, 98397 role_change). FromUserName is the acting member,
 * `sys` when the system acted, empty for an outside attendee; FromUserTmpOpenId only on member actions. The
 * other ChangeTypes WeCom lists (waiting room, screen sharing, recordings, enrolment …) are not sent:
 * README "Meetings", "Callbacks".
 */
import type { Meeting, Participant } from './state.js';

export type MeetingChange = 'modify_meeting' | 'cancel_meeting' | 'meeting_start' | 'meeting_end' | 'join_meeting' | 'quit_meeting' | 'role_change';

/** The event object for the corp's stream; `by` is the attendee who acted (none: the system); `extra` goes before MeetingId. */
export function meetingChange(m: Meeting, change: MeetingChange, by?: Participant | { userid: string }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const actor = by === undefined ? 'sys' : (by.userid ?? '');
  return {
    Event: 'meeting_change',
    ChangeType: change,
    FromUserName: actor,
    ...(by !== undefined && 'tmp_openid' in by && { FromUserTmpOpenId: by.tmp_openid }),
    ...extra,
    MeetingId: m.meetingid,
    ...(m.agentid !== undefined && { AgentID: m.agentid }),
  };
}

/**
 * role_change's OperatedUser (doc path/98397): the attendee and its new UserRole — 0 普通成员, 6 联席主持人 are the
 * two a cohost change gives (the mock's roles: 1 member, 4 cohost).
 */
export function operatedUser(p: Participant): Record<string, unknown> {
  return { OperatedUser: { ...(p.userid !== undefined && { UserId: p.userid }), TmpOpenId: p.tmp_openid, UserRole: p.role === 4 ? 6 : 0 } };
}
