/**
 * 会议 (meetings) of one corp: meetings and webinars with their lifecycle on the mock clock, who joined and
 * left, and what hangs off a meeting (records, polls, layouts, enrolments …). Lifecycle (获取会议详情 status,
 * doc path/99049): 1 待开始 → 2 会议中 at meeting_start → 3 已结束 at meeting_start + meeting_duration;
 * 4 已取消 after meeting/cancel. Transitions are booked with the corp's timers, never polled.
 */
import type { Rng } from '../../core/runtime/rng.js';
import { snapshotClass } from '../../core/runtime/graph.js';
import type { Corp } from '../types.js';
import { meetingChange, startMeetingEvents, waitingRoomUser, WEBINAR_CHANGES, type MeetingActor, type MeetingChange } from './events.js';

export type MeetingStatus = 1 | 2 | 3 | 4;

export interface Participant {
  /** Members carry their userid; outside users only a tmp_openid. */
  userid: string | undefined;
  tmp_openid: string;
  instance_id: number;
  nickname: string;
  first_join: number;
  last_join: number;
  last_quit: number;
  cumulative: number;
  joins: number;
  online: boolean;
  /** 1 member, 2 creator, 3 host, 4 cohost … (get_realtime_attendee_list role). */
  role: number;
  audio: boolean;
  video: boolean;
  sharing: boolean;
  raise_hand: boolean;
  /** In the waiting room instead of the meeting. */
  waiting: boolean;
}

export interface Session {
  tmp_openid: string;
  join: number;
  quit: number | undefined;
}

export interface RecordFile {
  record_file_id: string;
  start_time: number;
  end_time: number;
  deleted: boolean;
  /** Transcript paragraphs: one per speaker turn. */
  paragraphs: { pid: string; start_time: number; end_time: number; userid: string; text: string }[];
}

export interface MeetingRecord {
  meeting_record_id: string;
  files: RecordFile[];
  sharing: Record<string, unknown>;
  views: { date: number; view_count: number; download_count: number }[];
  deleted: boolean;
}

export interface PollTheme {
  poll_theme_id: string;
  poll_topic: string;
  poll_desc: string;
  is_anony: number;
  questions: { question_desc: string; question_type: number; poll_option: string[] }[];
  polls: { poll_id: string; status: number; votes: Map<string, number[][]> }[];
}

export interface Enrolment {
  enroll_id: string;
  enroll_code: string;
  userid: string | undefined;
  tmp_openid: string;
  nick_name: string;
  area: string;
  phone_number: string;
  /** 1 待审批, 2 已拒绝, 3 已批准 (enroll/list status). */
  status: number;
  enroll_time: number;
  source: number;
}

export interface Meeting {
  meetingid: string;
  meeting_code: string;
  kind: 'meeting' | 'webinar';
  title: string;
  admin_userid: string;
  agentid: number | undefined;
  meeting_start: number;
  meeting_duration: number;
  description: string;
  location: string;
  cal_id: string;
  reminders: Record<string, unknown>;
  settings: Record<string, unknown>;
  hosts: string[];
  invitees: string[];
  guests: { area: string; phone_number: string; guest_name: string; guest_type?: number; email?: string; userid?: string }[];
  status: MeetingStatus;
  participants: Map<string, Participant>;
  sessions: Session[];
  realtime: Record<string, unknown>;
  records: MeetingRecord[];
  polls: Map<string, PollTheme>;
  layouts: Map<string, Record<string, unknown>>;
  advancedLayouts: Map<string, Record<string, unknown>>;
  selectedLayout: string;
  selectedAdvancedLayout: string;
  backgrounds: Map<string, { background_id: string; image_md5: string; image_url: string }>;
  selectedBackground: string;
  enrollConfig: Record<string, unknown>;
  enrolments: Map<string, Enrolment>;
  shortUrls: { customer_data: string; meeting_short_url: string }[];
  callouts: { area: number; phone: string; extension_number: string; status: string; tmp_openid: string }[];
  rooms: Set<string>;
  /**
   * Calls to Rooms / MRA devices by callKey (rooms/routes.ts): `meeting_room_id` holds the call's invite_id; `room`
   * or `mra` is who was called; status as rooms/get_response_status answers it (doc path/98806).
   */
  roomCalls: Map<string, RoomCall>;
  webinar: Record<string, unknown>;
  /**
   * Who started the meeting and when: the first one into the meeting itself (not its waiting room), or its creator
   * for an outside attendee (会议发起, doc path/99648, 99651 statistics/get_start_list).
   */
  started?: { userid: string; at: number };
  /**
   * The one attendee sharing a screen (tmp_openid; the client shares one screen at a time), absent when nobody
   * does — open_screen_share / close_screen_share (doc path/98395, 98396). The sharer's `sharing` follows it.
   */
  sharer?: string | undefined;
  /**
   * The cloud recording: absent (off), on or paused — start_recording → on ⇄ paused → stop_recording
   * (doc path/98398–98401).
   */
  recording?: 'on' | 'paused' | undefined;
}

export interface RoomCall {
  meeting_room_id: string;
  /** 0 无应答, 2 入会中, 3 被拒绝, 4 呼叫中, 5 取消呼叫 (doc path/98806). */
  status: number;
  at: number;
  room?: string;
  mra?: { protocol: number; dial_string: string };
}

export interface Room {
  meeting_room_id: string;
  rooms_id: string;
  name: string;
  city: string;
  building: string;
  floor: string;
  participant_number: number;
  /** 1 普通, 2 专款 (account_type). */
  account_type: number;
  config: { meeting_settings: Record<string, unknown>; record_settings: Record<string, unknown> };
}

export class MeetingState {
  readonly meetings = new Map<string, Meeting>();
  readonly rooms = new Map<string, Room>();
  readonly vip = new Set<string>();
  readonly jobs = new Map<string, { jobid: string; kind: 'add' | 'del'; userids: string[] }>();
  private seq = 0;
  /**
   * Where meeting events go: the corp (its event stream and clock; its apps and directory for start_meeting), set
   * by index.ts after the demo data is seeded. A reference, not a closure, so snapshots keep it (the corp is bound by name on load).
   */
  corp: Corp | undefined;
  constructor(readonly rng: Rng) {}

  /**
   * meeting_change is a meeting's callback (doc path/99103); of a webinar's own events only the enrolments are
   * sent (doc path/98781, 98782 name 网络研讨会 too).
   */
  changed(m: Meeting, change: MeetingChange, by?: MeetingActor, extra?: Record<string, unknown>, after?: Record<string, unknown>): void {
    const sent = m.kind === 'meeting' || WEBINAR_CHANGES.has(change);
    if (sent && this.corp) this.corp.events.push(this.corp.clock.nowMs(), meetingChange(m, change, by, extra, after));
  }

  /**
   * `p` enters the meeting itself — joining, or let in from the waiting room. The first one in starts it
   * (meeting_statistics / start_meeting, doc path/99648: the member, or the creator for an outside attendee);
   * join_meeting for every entry (98348); join_meeting_before_host (98353) when the meeting allows entering before
   * the host (settings.allow_enter_before_host, on unless set false) and no host — its creator or a named host — is in.
   */
  entered(m: Meeting, p: Participant, at: number): void {
    if (m.kind !== 'meeting') return;
    if (!m.started) {
      m.started = { userid: p.userid ?? m.admin_userid, at };
      if (this.corp) for (const e of startMeetingEvents(this.corp, m.started.userid)) this.corp.events.push(this.corp.clock.nowMs(), e);
    }
    this.changed(m, 'join_meeting', p);
    const hostIn = [...m.participants.values()].some((x) => x.online && !x.waiting && (x.role === 2 || x.role === 3));
    if (m.settings['allow_enter_before_host'] !== false && !hostIn) this.changed(m, 'join_meeting_before_host', p);
  }

  /** `p` starts sharing its screen (open_screen_share, doc path/98395); the caller checks nobody else shares. */
  shareScreen(m: Meeting, p: Participant): void {
    m.sharer = p.tmp_openid;
    p.sharing = true;
    this.changed(m, 'open_screen_share', p);
  }

  /**
   * The shared screen (if any) is closed (close_screen_share, doc path/98396): by the sharer `by`, or by the
   * system (the meeting ended, or the host through realcontrol/close_screen_share) when `by` is absent.
   */
  stopSharing(m: Meeting, by?: Participant): void {
    if (m.sharer === undefined) return;
    const p = m.participants.get(m.sharer);
    if (p) p.sharing = false;
    m.sharer = undefined;
    this.changed(m, 'close_screen_share', by);
  }

  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${this.rng.hex(12)}${this.seq}`;
  }

  code(): string {
    return `${1 + (this.rng.nextUint32() % 9)}${this.rng.digits(8)}`;
  }

  tmpOpenid(key: string): string {
    return `tmp_${Buffer.from(key).toString('base64url')}`;
  }

  newMeeting(base: Pick<Meeting, 'kind' | 'title' | 'admin_userid' | 'agentid' | 'meeting_start' | 'meeting_duration'> & Partial<Meeting>): Meeting {
    const m: Meeting = {
      meetingid: this.nextId('hy'),
      meeting_code: this.code(),
      description: '',
      location: '',
      cal_id: '',
      reminders: {},
      settings: {},
      hosts: [],
      invitees: [],
      guests: [],
      status: 1,
      participants: new Map(),
      sessions: [],
      realtime: {},
      records: [],
      polls: new Map(),
      layouts: new Map(),
      advancedLayouts: new Map(),
      selectedLayout: '',
      selectedAdvancedLayout: '',
      backgrounds: new Map(),
      selectedBackground: '',
      enrollConfig: { approve_type: 1, is_collect_question: 1, no_registration_needed_for_staff: false, question_list: [] },
      enrolments: new Map(),
      shortUrls: [],
      callouts: [],
      rooms: new Set(),
      roomCalls: new Map(),
      webinar: {},
      ...base,
    };
    this.meetings.set(m.meetingid, m);
    return m;
  }

  /** Status as of `nowSec` (the timers move it too; this keeps reads right between a timer and its run). */
  advance(m: Meeting, nowSec: number): void {
    if (m.status === 4 || m.status === 3) return;
    if (m.status === 1 && nowSec >= m.meeting_start) {
      m.status = 2;
      this.changed(m, 'meeting_start');
    }
    if (m.status === 2 && nowSec >= m.meeting_start + m.meeting_duration) this.end(m, m.meeting_start + m.meeting_duration);
  }

  /**
   * The meeting ends: a screen still shared is closed and a recording still on (or paused) is stopped by the
   * system (doc path/98401: 会议结束时也会结束录制), everyone still online leaves, and when anyone took part a
   * cloud record is kept.
   */
  end(m: Meeting, at: number): void {
    if (m.status === 3 || m.status === 4) return;
    m.status = 3;
    this.stopSharing(m);
    if (m.recording !== undefined) {
      m.recording = undefined;
      this.changed(m, 'stop_recording');
    }
    for (const p of m.participants.values()) if (p.online) this.leave(m, p.tmp_openid, at);
    this.changed(m, 'meeting_end');
    const spoke = [...m.participants.values()].filter((p) => p.userid !== undefined && !p.waiting);
    if (spoke.length && m.records.length === 0) {
      this.addRecord(m, Math.min(...m.sessions.map((s) => s.join)), at, spoke.map((p) => p.userid!));
      // The meeting is over and its cloud record ready (recording_complete, doc path/98402; the mock transcodes at once).
      this.changed(m, 'recording_complete');
    }
  }

  addRecord(m: Meeting, start: number, end: number, speakers: string[]): MeetingRecord {
    const len = Math.max(60, end - start);
    const paragraphs = speakers.map((userid, i) => {
      const s = start + Math.floor((len * i) / speakers.length);
      return { pid: String(i + 1), start_time: s * 1000, end_time: (start + Math.floor((len * (i + 1)) / speakers.length)) * 1000, userid, text: `${m.title} 第${i + 1}段：${userid} 同步了进展与下一步计划。` };
    });
    const rec: MeetingRecord = {
      meeting_record_id: this.nextId('rec'),
      files: [{ record_file_id: this.nextId('file'), start_time: start, end_time: end, deleted: false, paragraphs }],
      sharing: { enable_sharing: true, sharing_auth_type: 0, allow_download: true, enable_password: false, password: '', enable_sharing_expire: false, sharing_expire: 0 },
      views: [],
      deleted: false,
    };
    m.records.push(rec);
    return rec;
  }

  join(m: Meeting, who: { userid?: string; nickname?: string; tmp_openid?: string }, at: number, waiting = false): Participant {
    const key = who.tmp_openid ?? this.tmpOpenid(`${m.meetingid}:${who.userid ?? who.nickname ?? 'guest'}`);
    let p = m.participants.get(key);
    if (!p) {
      p = {
        userid: who.userid,
        tmp_openid: key,
        instance_id: 1,
        nickname: who.nickname ?? who.userid ?? 'guest',
        first_join: at,
        last_join: at,
        last_quit: 0,
        cumulative: 0,
        joins: 0,
        online: false,
        role: who.userid === m.admin_userid ? 2 : m.hosts.includes(who.userid ?? '') ? 3 : 1,
        audio: !m.settings['mute_all'],
        video: false,
        sharing: false,
        raise_hand: false,
        waiting,
      };
      m.participants.set(key, p);
    }
    if (p.online) return p;
    p.online = true;
    p.waiting = waiting;
    p.joins += 1;
    p.last_join = at;
    m.sessions.push({ tmp_openid: key, join: at, quit: undefined });
    // The waiting room is not the meeting: join_waiting_room (doc path/98354) each time someone goes in there.
    if (waiting) this.changed(m, 'join_waiting_room', p);
    else this.entered(m, p, at);
    return p;
  }

  /** `byApi`: the API removed the attendee (the waiting-room event then names `sys` as the actor, like role_change). */
  leave(m: Meeting, tmp_openid: string, at: number, byApi = false): boolean {
    const p = m.participants.get(tmp_openid);
    if (!p || !p.online) return false;
    p.online = false;
    p.last_quit = at;
    p.cumulative += Math.max(0, at - p.last_join);
    // The sharer leaving ends the share first (close_screen_share, doc path/98396).
    if (m.sharer === tmp_openid) this.stopSharing(m, byApi ? undefined : p);
    p.sharing = false;
    const s = [...m.sessions].reverse().find((x) => x.tmp_openid === tmp_openid && x.quit === undefined);
    if (s) s.quit = at;
    // Leaving the waiting room is quit_waiting_room (doc path/98355), with the attendee as OperatedUser too.
    if (p.waiting) this.changed(m, 'quit_waiting_room', byApi ? undefined : p, waitingRoomUser(p));
    else this.changed(m, 'quit_meeting', p);
    return true;
  }
}

/** Demo data: meeting rooms and VIP seats for every non-empty corp, and a finished meeting with a record. */
export function seedMeetings(s: MeetingState, members: string[], nowSec: number, demo: boolean): void {
  if (!demo || members.length === 0) return;
  const names = ['深圳-腾讯大厦-10F-Rooms', '深圳-腾讯大厦-12F-Rooms', '北京-中关村-3F-Rooms'];
  names.forEach((name, i) => {
    const [city, building, floor] = name.split('-') as [string, string, string];
    const id = `room${i + 1}`;
    s.rooms.set(id, {
      meeting_room_id: id,
      rooms_id: `rooms${1000 + i}`,
      name,
      city,
      building,
      floor,
      participant_number: 8 + i * 4,
      account_type: i === 2 ? 2 : 1,
      config: { meeting_settings: { auto_response: true, caption: false, room_notification: true, room_pmi: false, water_mark: false }, record_settings: { download_record: true, share_record: true } },
    });
  });
  for (const u of members.slice(0, 2)) s.vip.add(u);
  const admin = members[0]!;
  const start = nowSec - 2 * 86_400 + 3_600;
  const m = s.newMeeting({ kind: 'meeting', title: '周例会', admin_userid: admin, agentid: undefined, meeting_start: start, meeting_duration: 3_600, invitees: members.slice(0, 4), hosts: [admin] });
  m.settings = { password: '', enable_waiting_room: false, allow_enter_before_host: true, remind_scope: 1, enable_enter_mute: 0, enable_screen_watermark: false, hosts: { userid: [admin] }, ring_users: { userid: [] } };
  m.status = 2;
  members.slice(0, 3).forEach((u, i) => s.join(m, { userid: u }, start + i * 60));
  s.end(m, start + 3_600);
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(MeetingState);
