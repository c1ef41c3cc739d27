/**
 * 汇报 (journal) state of one corp: report templates and submitted journals (doc path/93393, 93394). Demo corps
 * get a 日报 and a 周报 template and two weeks of journals drawn from the domain's own rng, so the other
 * domains' seeded output is untouched.
 */
import { Rng } from '../../core/runtime/rng.js';
import { DAY_SECONDS, chinaDayStart, chinaWeekStart } from '../../core/runtime/china-day.js';
import { snapshotClass } from '../../core/runtime/graph.js';

/** 1 日报, 2 周报, 3 月报. */
export type ReportType = 1 | 2 | 3;

export interface JournalTemplate {
  template_id: string;
  template_name: string;
  report_type: ReportType;
  /** Who must report (members; departments are listed as open_partyid). */
  range_users: string[];
  range_parties: number[];
  receivers: string[];
}

export interface JournalControl {
  control: 'Text' | 'File';
  id: string;
  title: string;
  text: string;
  /** File controls: the attached files' ids. */
  fileids: string[];
}

export interface JournalComment {
  commentid: number;
  tocommentid: number;
  userid: string;
  content: string;
  comment_time: number;
}

export interface JournalFile {
  fileid: string;
  name: string;
  size: number;
}

export interface JournalRecord {
  uuid: string;
  template_id: string;
  submitter: string;
  /** Unix seconds. */
  report_time: number;
  receivers: string[];
  readed: string[];
  contents: JournalControl[];
  comments: JournalComment[];
  files: JournalFile[];
}

export class JournalState {
  readonly templates = new Map<string, JournalTemplate>();
  /** Journals by report_time, oldest first. */
  readonly records: JournalRecord[] = [];
  readonly byUuid = new Map<string, JournalRecord>();
  constructor(readonly rng: Rng) {}

  add(r: JournalRecord): void {
    let i = this.records.length;
    while (i > 0 && this.records[i - 1]!.report_time > r.report_time) i--;
    this.records.splice(i, 0, r);
    this.byUuid.set(r.uuid, r);
  }

  newUuid(): string {
    return this.rng.string(64);
  }

  /** Download cookies by value: the file they open and until when (a link lives 2 hours, mock choice). */
  private readonly grants = new Map<string, { fileid: string; untilMs: number }>();

  /** A cookie that opens one file of a journal for 2 hours of mock time. */
  grantDownload(fileid: string, nowMs: number): string {
    for (const [k, g] of this.grants) if (g.untilMs <= nowMs) this.grants.delete(k);
    const cookie = this.rng.string(40);
    this.grants.set(cookie, { fileid, untilMs: nowMs + 2 * 3600_000 });
    return cookie;
  }

  /** The file a cookie opens now, or undefined. */
  fileFor(fileid: string, cookie: string | undefined, nowMs: number): JournalFile | undefined {
    const g = cookie === undefined ? undefined : this.grants.get(cookie);
    if (!g || g.fileid !== fileid || g.untilMs <= nowMs) return undefined;
    for (const r of this.records) for (const f of r.files) if (f.fileid === fileid) return f;
    return undefined;
  }
}

/** A file's bytes: repeatable pseudo-content of its size, derived from its id (no storage). */
export function fileBytes(f: JournalFile): Buffer {
  const out = Buffer.alloc(f.size);
  const rng = new Rng(`journal-file:${f.fileid}`);
  for (let i = 0; i < f.size; i++) out[i] = rng.int(256);
  return out;
}

const WORK = ['整理本周客户回访记录', '完成季度预算初稿', '跟进合同审批', '修复报表导出问题', '参加产品评审会', '准备培训材料'];
const PLAN = ['继续推进客户回访', '提交预算终稿', '与财务确认付款节点', '上线新版报表', '整理会议纪要'];
const COMMENTS = ['加油', '收到', '辛苦了', '下周同步一下进度'];

/** Builds a corp's journals: nothing for an empty corp, templates and two weeks of journals otherwise. */
export function seedJournal(rng: Rng, activeUserids: string[], nowSec: number, demo: boolean): JournalState {
  const s = new JournalState(rng);
  if (!demo || activeUserids.length === 0) return s;
  const reporters = activeUserids.slice(0, Math.min(8, activeUserids.length));
  const boss = reporters[0]!;
  const daily: JournalTemplate = {
    template_id: rng.string(40),
    template_name: '日报',
    report_type: 1,
    range_users: reporters.slice(1).length ? reporters.slice(1) : reporters,
    range_parties: [],
    receivers: [boss],
  };
  const weekly: JournalTemplate = { ...daily, template_id: rng.string(40), template_name: '周报', report_type: 2 };
  s.templates.set(daily.template_id, daily);
  s.templates.set(weekly.template_id, weekly);
  const today = chinaDayStart(nowSec);
  for (let d = 14; d >= 1; d--) {
    const day = today - d * DAY_SECONDS;
    for (const u of daily.range_users) {
      if (!rng.chance(0.7)) continue;
      s.add(journalOf(s, rng, daily, u, day + 17 * 3600 + rng.int(3 * 3600), nowSec));
    }
  }
  for (const week of [chinaWeekStart(today) - 14 * DAY_SECONDS, chinaWeekStart(today) - 7 * DAY_SECONDS]) {
    for (const u of weekly.range_users) if (rng.chance(0.8)) s.add(journalOf(s, rng, weekly, u, week + 4 * DAY_SECONDS + 16 * 3600 + rng.int(7200), nowSec));
  }
  return s;
}

function journalOf(s: JournalState, rng: Rng, t: JournalTemplate, submitter: string, at: number, nowSec: number): JournalRecord {
  const stamp = (at - 600) * 1000;
  const contents: JournalControl[] = [
    { control: 'Text', id: `Text-${stamp}`, title: '工作内容', text: rng.pick(WORK), fileids: [] },
    { control: 'Text', id: `Text-${stamp + 1}`, title: '明日计划', text: rng.pick(PLAN), fileids: [] },
  ];
  const files: JournalFile[] = [];
  if (rng.chance(0.3)) {
    const f = { fileid: rng.string(48), name: `附件${rng.range(1, 9)}.pdf`, size: rng.range(2_000, 200_000) };
    files.push(f);
    contents.push({ control: 'File', id: `File-${stamp + 2}`, title: '附件', text: '', fileids: [f.fileid] });
  }
  const readed = t.receivers.filter(() => rng.chance(0.6));
  const comments: JournalComment[] = [];
  if (readed.length && rng.chance(0.3)) {
    comments.push({ commentid: Number(rng.digits(15)), tocommentid: 0, userid: readed[0]!, content: rng.pick(COMMENTS), comment_time: Math.min(nowSec, at + rng.range(600, 7200)) });
  }
  return { uuid: s.newUuid(), template_id: t.template_id, submitter, report_time: at, receivers: [...t.receivers], readed, contents, comments, files };
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(JournalState);
