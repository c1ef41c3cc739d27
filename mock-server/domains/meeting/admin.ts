/**
 * Control plane of 会议: members (or outside guests) join and leave a meeting as they would from the client,
 * so attendee lists, statistics, records and polls have data. Joining is only possible while the meeting is
 * in progress; a meeting with its waiting room on puts joiners there first. The meeting's admin edits or cancels
 * it in the client, which WeCom reports to the creating app (meeting_change, doc path/99081, 99082). People enrol
 * through the enrolment page and withdraw (enroll, cancel_enroll: doc path/98781, 98782). Attendees share a screen
 * and the host (or a cohost) controls the cloud recording (doc path/98395–98401).
 */
import { AdminError, corpRecord, type AdminRoutes } from '../../core/control/kit.js';
import type { MockHost } from '../types.js';
import type { Enrolment } from './state.js';
import { bookLifecycle } from './shared.js';
import { ATTENDEE_ACTIONS, type AttendeeAction } from './events.js';

export function meetingAdmin(host: MockHost): AdminRoutes {
  const find = (params: Record<string, string>) => {
    const { corp, record: m } = corpRecord(host.registry, params, 'meetingid', 'meeting_not_found', 'meeting', (c, id) => c.domains.meeting.meetings.get(id));
    const s = corp.domains.meeting;
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
    mock_meeting_admin_edit: ({ params, body }) => {
      const { corp, s, m } = find(params);
      if (m.kind !== 'meeting') throw new AdminError(404, 'meeting_not_found', `${m.meetingid} is a webinar`);
      if (m.status === 4) throw new AdminError(409, 'cancelled', `meeting ${m.meetingid} is cancelled`);
      const admin = { userid: m.admin_userid };
      if (body['action'] === 'cancel') {
        // Like meeting/cancel (doc path/99048): only a meeting that has not started can be cancelled.
        if (m.status !== 1) throw new AdminError(409, 'started', `meeting ${m.meetingid} has started (status ${m.status})`);
        m.status = 4;
        s.changed(m, 'cancel_meeting', admin);
        return { body: { meetingid: m.meetingid, status: m.status } };
      }
      if (body['action'] !== 'modify') throw new AdminError(400, 'bad_action', 'action is modify or cancel');
      const text = (k: 'title' | 'description' | 'location') => {
        const v = body[k];
        if (v === undefined) return;
        if (typeof v !== 'string' || [...v].length > 128 || (k === 'title' && !v.trim())) throw new AdminError(400, 'bad_field', `${k}: a string of up to 128 characters`);
        m[k] = k === 'title' ? v.trim() : v;
      };
      const start = body['meeting_start'];
      const duration = body['meeting_duration'];
      const retime = start !== undefined || duration !== undefined;
      if (retime) {
        if (m.status !== 1) throw new AdminError(409, 'started', `meeting ${m.meetingid} has started; its time is fixed`);
        if (start !== undefined && (!Number.isInteger(start) || (start as number) < corp.clock.nowSec() - 60)) throw new AdminError(400, 'bad_field', 'meeting_start: a unix time not in the past');
        if (duration !== undefined && (!Number.isInteger(duration) || (duration as number) < 300 || (duration as number) > 86_400)) throw new AdminError(400, 'bad_field', 'meeting_duration: 300..86400 seconds');
      }
      text('title');
      text('description');
      text('location');
      if (retime) {
        if (start !== undefined) m.meeting_start = start as number;
        if (duration !== undefined) m.meeting_duration = duration as number;
        bookLifecycle({ corp }, m);
      }
      s.changed(m, 'modify_meeting', admin);
      s.advance(m, corp.clock.nowSec());
      return { body: { meetingid: m.meetingid, status: m.status } };
    },
    mock_meeting_enrol: ({ params, body }) => {
      const { corp, s, m } = find(params);
      // The page takes enrolments while the meeting can still be attended, and only when enrolment is on
      // (meetings: settings.enable_enroll; every webinar enrols — as the enroll/* APIs check).
      if (m.status === 3 || m.status === 4) throw new AdminError(409, 'closed', `meeting ${m.meetingid} has ${m.status === 3 ? 'ended' : 'been cancelled'}`);
      if (m.kind === 'meeting' && m.settings['enable_enroll'] !== true) throw new AdminError(409, 'enroll_off', `meeting ${m.meetingid} does not take enrolments`);
      const userid = typeof body['userid'] === 'string' ? body['userid'] : undefined;
      const phone = typeof body['phone_number'] === 'string' ? body['phone_number'] : undefined;
      if (userid === undefined && phone === undefined) throw new AdminError(400, 'who_missing', 'give a member userid, or a guest phone_number (and nick_name)');
      if (userid !== undefined && !corp.domains.contacts.getUser(userid)) throw new AdminError(400, 'unknown_member', `member ${userid} does not exist`);
      if (userid === undefined && !/^\d{5,20}$/.test(phone!)) throw new AdminError(400, 'bad_phone', 'phone_number: 5 to 20 digits');
      // The same key as enroll/import gives the person, so a member keeps one tmp_openid per meeting.
      const tmp_openid = s.tmpOpenid(`${m.meetingid}:${userid ?? phone}`);
      if ([...m.enrolments.values()].some((e) => e.tmp_openid === tmp_openid)) throw new AdminError(409, 'already_enrolled', `${userid ?? phone} has enrolled in ${m.meetingid}`);
      const nick = typeof body['nick_name'] === 'string' && body['nick_name'] ? body['nick_name'] : (userid ?? phone!);
      // approve_type 1 自动审批 → 3 已批准 at once; 2 手动审批 → 1 待审批 (enroll/get_config, enroll/list status).
      const status = Number(m.enrollConfig['approve_type'] ?? 1) === 1 ? 3 : 1;
      const area = typeof body['area'] === 'string' ? body['area'] : '86';
      // enroll_source_type 1: the person enrolled themselves (an enroll/import row is 2).
      const e: Enrolment = { enroll_id: s.nextId('enr'), enroll_code: s.rng.digits(6), userid, tmp_openid, nick_name: nick, area, phone_number: phone ?? '', status, enroll_time: corp.clock.nowSec(), source: 1 };
      m.enrolments.set(e.enroll_id, e);
      s.changed(m, 'enroll', { userid, tmp_openid }, {}, { EnrollId: e.enroll_id });
      return { status: 201, body: { enroll_id: e.enroll_id, status, tmp_openid } };
    },
    mock_meeting_unenrol: ({ params }) => {
      const { s, m } = find(params);
      const e = m.enrolments.get(params['enroll_id'] ?? '');
      if (!e) throw new AdminError(404, 'enrolment_not_found', `meeting ${m.meetingid} has no enrolment ${params['enroll_id']}`);
      m.enrolments.delete(e.enroll_id);
      s.changed(m, 'cancel_enroll', { userid: e.userid, tmp_openid: e.tmp_openid }, {}, { EnrollId: e.enroll_id });
      return { body: { enroll_id: e.enroll_id, cancelled: true } };
    },
    mock_meeting_attendee_action: ({ params, body }) => {
      const { s, m } = find(params);
      const action = body['action'];
      if (typeof action !== 'string' || !Object.hasOwn(ATTENDEE_ACTIONS, action)) throw new AdminError(400, 'bad_action', `action is one of ${Object.keys(ATTENDEE_ACTIONS).join(', ')}`);
      if (m.status !== 2) throw new AdminError(409, 'not_in_progress', `meeting ${m.meetingid} is not in progress (status ${m.status})`);
      const p = m.participants.get(params['tmp_openid'] ?? '');
      if (!p || !p.online) throw new AdminError(404, 'not_in_meeting', `${params['tmp_openid']} is not in meeting ${m.meetingid}`);
      if (p.waiting) throw new AdminError(409, 'in_waiting_room', `${p.tmp_openid} is in the waiting room of ${m.meetingid}, not in the meeting`);
      const sharer = m.sharer === undefined ? undefined : m.participants.get(m.sharer);
      const who = (x: typeof p) => (x.userid !== undefined ? `${x.userid} (${x.tmp_openid})` : x.tmp_openid);
      const a = action as AttendeeAction;
      if (a === 'share_screen') {
        // The client shares one screen at a time: a second sharer waits for the first to stop.
        if (sharer) throw new AdminError(409, 'screen_shared', `${who(sharer)} is sharing a screen in ${m.meetingid}`);
        s.shareScreen(m, p);
      } else if (a === 'stop_sharing') {
        if (sharer !== p) throw new AdminError(409, 'not_sharing', `${who(p)} is not sharing a screen (${sharer ? `${who(sharer)} is` : 'nobody is'})`);
        s.stopSharing(m, p);
      } else {
        // Recording is the host's (the creator or a named host) or a cohost's (doc path/98398: 主持人/联席主持人).
        const host = p.role === 4 || (p.userid !== undefined && (p.userid === m.admin_userid || m.hosts.includes(p.userid)));
        if (!host) throw new AdminError(403, 'not_host', `${who(p)} is neither a host nor a cohost of ${m.meetingid}`);
        const state = m.recording ?? 'off';
        const from: Record<typeof a, string> = { start_recording: 'off', pause_recording: 'on', resume_recording: 'paused', stop_recording: 'on|paused' };
        if (!from[a].split('|').includes(state)) throw new AdminError(409, 'recording_state', `the recording of ${m.meetingid} is ${state}; ${a} needs it ${from[a].replace('|', ' or ')}`);
        m.recording = a === 'stop_recording' ? undefined : a === 'pause_recording' ? 'paused' : 'on';
        s.changed(m, ATTENDEE_ACTIONS[a], p);
      }
      return { body: { tmp_openid: p.tmp_openid, action: a, sharer: m.sharer ?? null, recording: m.recording ?? 'off' } };
    },
    mock_meeting_leave: ({ params }) => {
      const { corp, s, m } = find(params);
      if (!s.leave(m, params['tmp_openid'] ?? '', corp.clock.nowSec())) throw new AdminError(404, 'not_in_meeting', `${params['tmp_openid']} is not in meeting ${m.meetingid}`);
      return { body: { tmp_openid: params['tmp_openid'], left: true } };
    },
  };
}
