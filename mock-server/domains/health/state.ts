/**
 * 健康上报 of one corp: report jobs with their questions and the answers per China day (doc path/93677). Demo
 * corps get one daily staff job answered by most of its range over the last week.
 */
import { Rng } from '../../core/runtime/rng.js';
import { DAY_SECONDS, chinaDayStart } from '../../core/runtime/china-day.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export interface Question {
  question_id: number;
  title: string;
  /** 1 text, 2 single choice, 3 multiple choice, 4 files. */
  question_type: 1 | 2 | 3 | 4;
  is_required: 0 | 1;
  options?: Array<{ option_id: number; option_text: string }>;
}

export interface HealthJob {
  jobid: string;
  title: string;
  creator: string;
  type: 1 | 2;
  userids: string[];
  partyids: number[];
  report_to: string[];
  report_type: 1 | 2;
  skip_weekend: 0 | 1;
  questions: Question[];
}

export interface ReportValue {
  question_id: number;
  single_choice?: number;
  text?: string;
  multi_choice?: number[];
  fileid?: string[];
}

export interface Answer {
  jobid: string;
  /** China day start (Unix seconds). */
  day: number;
  userid: string;
  report_time: number;
  values: ReportValue[];
}

export class HealthState {
  readonly jobs = new Map<string, HealthJob>();
  readonly answers: Answer[] = [];
}

const QUESTIONS: Question[] = [
  { question_id: 1, title: '请问你有任何身体不适吗？', question_type: 2, is_required: 1, options: [{ option_id: 1, option_text: '有' }, { option_id: 2, option_text: '没有' }] },
  { question_id: 2, title: '常驻地址', question_type: 1, is_required: 0 },
  { question_id: 3, title: '今日出行方式', question_type: 3, is_required: 0, options: [{ option_id: 1, option_text: '步行' }, { option_id: 2, option_text: '公共交通' }, { option_id: 3, option_text: '自驾' }] },
];
const CITIES = ['广东省深圳市', '广东省广州市', '北京市', '上海市'];

export function seedHealth(rng: Rng, userids: string[], nowSec: number, demo: boolean): HealthState {
  const s = new HealthState();
  if (!demo || userids.length === 0) return s;
  const range = userids.slice(0, Math.min(10, userids.length));
  const job: HealthJob = {
    jobid: `job${rng.hex(16)}`,
    title: '职工健康收集任务',
    creator: range[0]!,
    type: 1,
    userids: range,
    partyids: [],
    report_to: [range[0]!],
    report_type: 2,
    skip_weekend: 0,
    questions: QUESTIONS,
  };
  s.jobs.set(job.jobid, job);
  const today = chinaDayStart(nowSec);
  for (let d = 7; d >= 1; d--) {
    const day = today - d * DAY_SECONDS;
    for (const u of range) {
      if (!rng.chance(0.8)) continue;
      s.answers.push({
        jobid: job.jobid,
        day,
        userid: u,
        report_time: day + 8 * 3600 + rng.int(4 * 3600),
        values: [
          { question_id: 1, single_choice: rng.chance(0.9) ? 2 : 1 },
          { question_id: 2, text: rng.pick(CITIES) },
          { question_id: 3, multi_choice: [rng.range(1, 3)] },
        ],
      });
    }
  }
  return s;
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(HealthState);
