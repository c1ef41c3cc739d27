/**
 * 直播 (live streams, doc path/93633) of one corp. A living's status follows the mock clock (doc path/93635
 * status): 0 booked → 1 live at living_start → 2 ended after living_duration; 4 cancelled. The moves are booked
 * on the corp's scheduler when the living is created or re-timed.
 */
import { Rng } from '../../core/runtime/rng.js';
import { chinaDayStart } from '../../core/runtime/china-day.js';
import type { CorpTimers } from '../../core/tenancy/types.js';
import type { AnswerOf } from '../types.js';
import { snapshotClass } from '../../core/runtime/graph.js';
import { livingStatusChange } from './events.js';

export interface Viewer {
  watch_time: number;
  is_comment: number;
  is_mic: number;
  name: string;
}

export interface Living {
  livingid: string;
  anchor_userid: string;
  theme: string;
  living_start: number;
  living_duration: number;
  description: string;
  type: number;
  remind_time: number;
  activity_cover_mediaid: string;
  activity_share_mediaid: string;
  activity_detail: { description: string; image_list: string[] } | undefined;
  status: 0 | 1 | 2 | 4;
  /** The app that created it (undefined: the 直播 system secret or seeded). */
  agentid: number | undefined;
  replay: boolean;
  /** Bumped on every re-timing, so timers booked for an older schedule do nothing. */
  version: number;
  users: Map<string, Viewer>;
  external: Map<string, Viewer>;
  comments: number;
}

/** A share code's record: what get_living_share_info answers for it (its wire shape, from the spec). */
export type ShareInfo = Required<AnswerOf<'living_get_living_share_info'>>;

export class LivingState {
  readonly livings = new Map<string, Living>();
  readonly shares = new Map<string, ShareInfo>();
  /** `${livingid}\u0000${openid}` → living_code. */
  readonly codes = new Map<string, string>();
  constructor(readonly rng: Rng) {}

  add(l: Omit<Living, 'livingid' | 'status' | 'replay' | 'version' | 'users' | 'external' | 'comments'>): Living {
    const living: Living = { ...l, livingid: `lv${this.rng.hex(24)}`, status: 0, replay: false, version: 0, users: new Map(), external: new Map(), comments: 0 };
    this.livings.set(living.livingid, living);
    return living;
  }

  /** Livings anchored by a member, newest start first. */
  ofAnchor(userid: string): Living[] {
    return [...this.livings.values()].filter((l) => l.anchor_userid === userid).sort((a, b) => b.living_start - a.living_start || (a.livingid < b.livingid ? -1 : 1));
  }
}

/**
 * Moves a living along its status as the clock passes its start and end; a re-timing supersedes older timers.
 * With `announce` (livings made through the API) each move the timers make is a living_status_change in the
 * corp's event stream; seeded livings send nothing.
 */
export function scheduleStatus(timers: CorpTimers, nowSec: number, l: Living, announce = false): void {
  const v = ++l.version;
  const end = l.living_start + l.living_duration;
  if (nowSec >= end) {
    livingEnds(l, v);
    return;
  }
  if (nowSec >= l.living_start) livingStarts(l, v);
  else timers.at(l.living_start * 1000, `living ${l.livingid} starts`, 'living.starts', { l, v, announce });
  timers.at(end * 1000, `living ${l.livingid} ends`, 'living.ends', { l, v, announce });
}

/** The living goes live, unless it was re-timed since (version `v` is then old); true when it moved. */
function livingStarts(l: Living, v: number): boolean {
  if (l.version !== v || l.status !== 0) return false;
  l.status = 1;
  return true;
}

function livingEnds(l: Living, v: number): boolean {
  if (l.version !== v || (l.status !== 0 && l.status !== 1)) return false;
  l.status = 2;
  l.replay = true;
  return true;
}

/** living_status_change (doc path/94145) of a living's current status, into the corp's event stream. */
export function announceStatus(corp: { events: { push(atMs: number, e: Record<string, unknown>): unknown }; clock: { nowMs(): number } }, l: Living): void {
  corp.events.push(corp.clock.nowMs(), livingStatusChange(l));
}

type StatusTask = { l: Living; v: number; announce?: boolean };
type TaskCorp = Parameters<typeof announceStatus>[0];

/** Scheduled work: a living starts and ends on the corp's clock. */
export const livingTasks = {
  'living.starts': (corp: TaskCorp, a: StatusTask) => {
    if (livingStarts(a.l, a.v) && a.announce) announceStatus(corp, a.l);
  },
  'living.ends': (corp: TaskCorp, a: StatusTask) => {
    if (livingEnds(a.l, a.v) && a.announce) announceStatus(corp, a.l);
  },
};

/** Demo (typical/large corps): an ended training yesterday with viewers and a replay, and one booked for tomorrow. */
export function seedLivings(rng: Rng, members: string[], timers: CorpTimers, nowSec: number, demo: boolean): LivingState {
  const s = new LivingState(rng);
  if (!demo || members.length < 2) return s;
  const today = chinaDayStart(nowSec);
  const base = { anchor_userid: members[0]!, description: '', remind_time: 300, activity_cover_mediaid: '', activity_share_mediaid: '', activity_detail: undefined, agentid: undefined };
  const past = s.add({ ...base, theme: '新员工培训', living_start: today - 86_400 + 14 * 3600, living_duration: 3600, type: 3 });
  scheduleStatus(timers, nowSec, past);
  for (const u of members.slice(1, 6)) past.users.set(u, { watch_time: 600 + rng.int(3000), is_comment: rng.int(2), is_mic: 0, name: '' });
  past.comments = 7;
  const next = s.add({ ...base, theme: '季度全员会', living_start: today + 86_400 + 10 * 3600, living_duration: 5400, type: 0 });
  scheduleStatus(timers, nowSec, next);
  return s;
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(LivingState);
