/**
 * 会议 callbacks (回调通知, doc path/99103): `meeting_change` with a ChangeType and the MeetingId, sent to the
 * app that created the meeting through the API (doc path/99081 modify_meeting, 99082 cancel_meeting, 98333
 * meeting_start, 98337 meeting_end, 98348 join_meeting, 98352 quit_meeting, 98353 join_meeting_before_host, 98354
 * join_waiting_room, 98355 quit_waiting_room, 98393 join_from_meeting_room, 98394 move_to_waiting_room, 98397
 * role_change, 98341 meeting_mute_all, 98345 meeting_unmute_all, 98402 recording_complete, 98404 delete_recording,
 * 98774 pstn_status_update, 98783 meeting_room_response, 98781 enroll, 98782 cancel_enroll, 98395 open_screen_share,
 * 98396 close_screen_share, 98398 start_recording, 98399 pause_recording, 98400 resume_recording, 98401
 * stop_recording, 98773 webinar_warm_up_upload, 98771 webinar_role_change). FromUserName is the acting member, `sys` when the system (or the API) acted, empty for an outside
 * attendee; FromUserTmpOpenId only on attendee actions. The screen-sharing and recording kinds carry nothing else
 * (the flat elements only; their element names come from a public SDK, README "Meetings"). Webinars report their
 * enrolments (98781: 会议或网络研讨会), warm-up uploads (98773) and role changes (98771); everything else only meetings do.
 * `meeting_statistics` / start_meeting (doc path/99648) is another Event: it goes to the apps callable in 会议 whose
 * visible range holds the member who started a meeting, with Status and no MeetingId.
 */
import { isMemberVisible } from '../contacts/index.js';
import type { Corp } from '../types.js';
import type { Meeting, Participant, RoomCall } from './state.js';

export type MeetingChange =
  | 'modify_meeting'
  | 'cancel_meeting'
  | 'meeting_start'
  | 'meeting_end'
  | 'join_meeting'
  | 'quit_meeting'
  | 'join_meeting_before_host'
  | 'join_waiting_room'
  | 'quit_waiting_room'
  | 'join_from_meeting_room'
  | 'move_to_waiting_room'
  | 'role_change'
  | 'meeting_mute_all'
  | 'meeting_unmute_all'
  | 'recording_complete'
  | 'delete_recording'
  | 'pstn_status_update'
  | 'meeting_room_response'
  | 'enroll'
  | 'cancel_enroll'
  | 'open_screen_share'
  | 'close_screen_share'
  | 'start_recording'
  | 'pause_recording'
  | 'resume_recording'
  | 'stop_recording'
  | 'webinar_warm_up_upload'
  | 'webinar_role_change';

/**
 * What an attendee does in the client (the control plane's attendee actions, admin.ts) and the ChangeType each
 * sends: 共享屏幕开启 / 结束 (doc path/98395, 98396) and 开始 / 暂停 / 恢复 / 结束录制 (98398, 98399, 98400, 98401).
 */
export const ATTENDEE_ACTIONS = {
  share_screen: 'open_screen_share',
  stop_sharing: 'close_screen_share',
  start_recording: 'start_recording',
  pause_recording: 'pause_recording',
  resume_recording: 'resume_recording',
  stop_recording: 'stop_recording',
} as const satisfies Record<string, MeetingChange>;

export type AttendeeAction = keyof typeof ATTENDEE_ACTIONS;

/**
 * What a webinar reports: its enrolments (98781: 会议或网络研讨会), its warm-up upload results (98773) and its role
 * changes, which have their own kind (98771 webinar_role_change, the elements of role_change).
 */
export const WEBINAR_CHANGES: ReadonlySet<MeetingChange> = new Set<MeetingChange>(['enroll', 'cancel_enroll', 'webinar_warm_up_upload', 'webinar_role_change']);

/**
 * webinar_warm_up_upload's WarmUpInfo (doc path/98773), after MeetingId: the picture and video the webinar now shows
 * and UploadStatus 1 (上传成功; ErrorMsg only comes with a failed upload, which the mock's uploads never are).
 */
export function warmUpInfo(w: { warm_up_picture?: string; warm_up_video?: string }): Record<string, unknown> {
  return { WarmUpInfo: { WarmUpPicture: w.warm_up_picture ?? '', WarmUpVideo: w.warm_up_video ?? '', UploadStatus: 1 } };
}

/** Who acted: an attendee (or enrolled user) with its tmp_openid, a member without one, or none (the system). */
export type MeetingActor = Participant | { userid?: string | undefined; tmp_openid?: string };

/**
 * The event object for the corp's stream; `by` is who acted (none: the system); `extra` goes before MeetingId,
 * `after` behind it (EnrollId follows MeetingId in doc path/98781's sample).
 */
export function meetingChange(m: Meeting, change: MeetingChange, by?: MeetingActor, extra: Record<string, unknown> = {}, after: Record<string, unknown> = {}): Record<string, unknown> {
  const actor = by === undefined ? 'sys' : (by.userid ?? '');
  return {
    Event: 'meeting_change',
    ChangeType: change,
    FromUserName: actor,
    ...(by?.tmp_openid !== undefined && { FromUserTmpOpenId: by.tmp_openid }),
    ...extra,
    MeetingId: m.meetingid,
    ...after,
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

/** The waiting-room kinds' OperatedUser (doc path/98355, 98393, 98394): UserId (members only) and TmpOpenId, no role. */
export function waitingRoomUser(p: Participant): Record<string, unknown> {
  return { OperatedUser: { ...(p.userid !== undefined && { UserId: p.userid }), TmpOpenId: p.tmp_openid } };
}

/**
 * meeting_statistics / start_meeting (会议发起事件, doc path/99648), one per app that hears it: the self-built apps
 * listed as 会议's 可调用接口的应用 whose visible range holds `userid` — the member who started the meeting, or the
 * meeting's creator when an outside attendee was first in. Status 1 发起成功 (the mock has no concurrency cap, so
 * never 2 发起失败).
 */
export function startMeetingEvents(corp: Corp, userid: string): Record<string, unknown>[] {
  const member = corp.domains.contacts.getUser(userid);
  const callable = corp.areas.get('meeting')?.callable;
  if (!member || !callable) return [];
  return [...corp.apps.values()]
    .filter((app) => !app.third_party && callable.has(app.agentid) && isMemberVisible(app, corp.domains.contacts, member))
    .sort((a, b) => a.agentid - b.agentid)
    .map((app) => ({ Event: 'meeting_statistics', ChangeType: 'start_meeting', FromUserName: userid, Status: 1, AgentID: app.agentid }));
}

/**
 * meeting_room_response's elements after MeetingId (doc path/98783): the Rooms device called (MeetingRoomId) or the
 * MRA device (MraAddress with Protocol 1 SIP / 2 H.323 and DialString), and RoomResponseStatus — 2 入会中 when it
 * answers, 5 取消呼叫 when the call is cancelled (the mock's rooms never refuse or let a call time out).
 */
export function roomResponse(c: RoomCall): Record<string, unknown> {
  return {
    ...(c.room !== undefined ? { MeetingRoomId: c.room } : { MraAddress: { Protocol: c.mra?.protocol ?? 1, DialString: c.mra?.dial_string ?? '' } }),
    RoomResponseStatus: c.status,
  };
}
