/**
 * Cloud records and their transcripts (a record is kept when a meeting with attendees ends), polls during a
 * meeting, 会议开始统计 and the VIP (会议高级功能账号) seats.
 */
import { err, invalidParameter } from '../../../core/errors/index.js';
import { defineRoutes, type Ctx } from '../../types.js';
import { inProgress, liveMeetingOf, meetingOf, meetingState, page } from '../shared.js';
import type { Meeting, MeetingRecord, PollTheme, RecordFile } from '../state.js';
import { chinaDate } from '../../../core/runtime/china-day.js';
import { isMemberVisible } from '../../contacts/index.js';

function recordOf(m: Meeting, id: string | undefined): MeetingRecord {
  const r = m.records.find((x) => x.meeting_record_id === id && !x.deleted);
  if (!r) throw err('MEETING_INVALID_RECORD_ID');
  return r;
}

function fileOf(ctx: Ctx, meetingid: string | undefined, id: string | undefined): { m: Meeting; r: MeetingRecord; f: RecordFile } {
  const m = meetingOf(ctx, meetingid);
  for (const r of m.records) {
    const f = r.files.find((x) => x.record_file_id === id);
    if (f && !f.deleted && !r.deleted) return { m, r, f };
  }
  throw err('MEETING_INVALID_RECORD_FILE_ID');
}

function themeOf(m: Meeting, id: string | undefined): PollTheme {
  const t = id === undefined ? undefined : m.polls.get(id);
  if (!t) throw invalidParameter('unknown poll_theme_id');
  return t;
}

function pollOf(m: Meeting, pollId: string | undefined): { t: PollTheme; p: PollTheme['polls'][number] } {
  for (const t of m.polls.values()) {
    const p = t.polls.find((x) => x.poll_id === pollId);
    if (p) return { t, p };
  }
  throw invalidParameter('unknown poll_id');
}

function checkQuestions(qs: { question_desc?: string; question_type?: number; poll_option?: string[] }[] | undefined): PollTheme['questions'] {
  // 1 单选, 2 多选; each question 2..10 options (创建会议投票主题, doc path/98834 — the bounds are the mock's).
  if (!qs?.length || qs.length > 10) throw invalidParameter('poll_questions: 1..10 questions');
  return qs.map((q) => {
    if (!q.question_desc || ![1, 2].includes(q.question_type ?? 0) || (q.poll_option?.length ?? 0) < 2 || q.poll_option!.length > 10) throw invalidParameter('each question needs a text, type 1|2 and 2..10 options');
    return { question_desc: q.question_desc, question_type: q.question_type!, poll_option: [...q.poll_option!] };
  });
}

function fileView(m: Meeting, f: RecordFile) {
  const url = `https://meeting.example.invalid/record/${f.record_file_id}`;
  return { record_file_id: f.record_file_id, view_address: url, download_address: `${url}.mp4`, download_address_file_type: 'MP4', audio_address: `${url}.m4a`, audio_address_file_type: 'M4A', meeting_summary: [{ download_address: `${url}.summary.txt`, file_type: 'txt' }], meetingid: m.meetingid };
}

export const recordsRoutes = defineRoutes({
  meeting_record_get_file_list: (ctx) => {
    const m = meetingOf(ctx, ctx.body.meetingid);
    const recs = m.records.filter((r) => !r.deleted && (ctx.body.meeting_record_id === undefined || r.meeting_record_id === ctx.body.meeting_record_id));
    if (ctx.body.meeting_record_id !== undefined && !recs.length) throw err('MEETING_INVALID_RECORD_ID');
    const r = recs[0];
    return {
      meetingid: m.meetingid,
      meeting_code: m.meeting_code,
      title: m.title,
      meeting_record_id: r?.meeting_record_id ?? '',
      record_files: (r?.files ?? []).filter((f) => !f.deleted).map((f) => { const v = fileView(m, f); return { record_file_id: v.record_file_id, view_address: v.view_address, download_address: v.download_address, download_address_file_type: v.download_address_file_type, audio_address: v.audio_address, audio_address_file_type: v.audio_address_file_type, meeting_summary: v.meeting_summary }; }),
    };
  },

  meeting_record_get_file: (ctx) => {
    const { m, r, f } = fileOf(ctx, ctx.body.meetingid, ctx.body.record_file_id);
    const v = fileView(m, f);
    r.views.push({ date: ctx.clock.nowSec(), view_count: 1, download_count: 1 });
    return { ...v, meeting_code: m.meeting_code, meeting_record_name: m.title, record_name: `${m.title}.mp4`, start_time: f.start_time * 1000, end_time: f.end_time * 1000, ai_meeting_transcripts: [{ download_address: `${v.view_address}.transcript.txt`, file_type: 'txt' }] };
  },

  meeting_record_delete: (ctx) => {
    const m = meetingOf(ctx, ctx.body.meetingid);
    recordOf(m, ctx.body.meeting_record_id).deleted = true;
    // delete_recording (doc path/98404) names deletions through the API too; the API acted, so FromUserName sys.
    meetingState(ctx).changed(m, 'delete_recording');
    return {};
  },

  meeting_record_delete_file: (ctx) => {
    const { m, f } = fileOf(ctx, ctx.body.meetingid, ctx.body.record_file_id);
    f.deleted = true;
    meetingState(ctx).changed(m, 'delete_recording');
    return {};
  },

  meeting_record_update_sharing_config: (ctx) => {
    const m = meetingOf(ctx, ctx.body.meetingid);
    const r = recordOf(m, ctx.body.meeting_record_id);
    const c = ctx.body.sharing_config ?? {};
    if (c.enable_password && !/^[0-9A-Za-z]{4,6}$/.test(c.password ?? '')) throw invalidParameter('password: 4..6 letters or digits');
    Object.assign(r.sharing, c);
    return {};
  },

  meeting_record_get_statistics: (ctx) => {
    const s = meetingState(ctx);
    const b = ctx.body;
    const r = [...s.meetings.values()].flatMap((m) => m.records).find((x) => x.meeting_record_id === b.meeting_record_id && !x.deleted);
    if (!r) throw err('MEETING_INVALID_RECORD_ID');
    if (b.start_time !== undefined && b.end_time !== undefined && b.end_time < b.start_time) throw invalidParameter('end_time before start_time');
    const byDay = new Map<string, { view_count: number; download_count: number }>();
    for (const v of r.views) {
      if ((b.start_time !== undefined && v.date < b.start_time) || (b.end_time !== undefined && v.date > b.end_time)) continue;
      const d = chinaDate(v.date);
      const row = byDay.get(d) ?? { view_count: 0, download_count: 0 };
      row.view_count += v.view_count;
      row.download_count += v.download_count;
      byDay.set(d, row);
    }
    return { summaries: [...byDay].map(([date, x]) => ({ date, ...x })) };
  },

  meeting_record_transcript_get_paragraph_list: (ctx) => {
    const { f } = fileOf(ctx, ctx.body.meetingid, ctx.body.record_file_id);
    return { audio_detect: 1, paragraphs: f.paragraphs.map((p) => ({ pid: p.pid, start_time: p.start_time, end_time: p.end_time })) };
  },

  meeting_record_transcript_get_detail: (ctx) => {
    const b = ctx.body;
    const { f } = fileOf(ctx, b.meetingid, b.record_file_id);
    const from = b.pid === undefined ? 0 : f.paragraphs.findIndex((p) => p.pid === b.pid);
    if (from < 0) throw invalidParameter('unknown pid');
    const n = Number(b.limit ?? 1000);
    const list = f.paragraphs.slice(from, from + n);
    return {
      has_more: from + n < f.paragraphs.length,
      transcripts: {
        audio_detect: 1,
        keywords: [],
        paragraphs: list.map((p) => ({
          pid: p.pid,
          start_time: p.start_time,
          end_time: p.end_time,
          speaker_info: { userid: p.userid },
          sentences: [{ sid: '1', start_time: p.start_time, end_time: p.end_time, words: [...p.text].map((text, i) => ({ wid: String(i + 1), text, start_time: p.start_time + i * 200, end_time: p.start_time + i * 200 + 200 })) }],
        })),
      },
    };
  },

  meeting_record_transcript_search: (ctx) => {
    const b = ctx.body;
    const { f } = fileOf(ctx, b.meetingid, b.record_file_id);
    if (!b.text) throw invalidParameter('text is required');
    const hits = f.paragraphs.filter((p) => p.text.includes(b.text!)).map((p) => ({ pid: p.pid, sid: '1', offset: p.text.indexOf(b.text!), length: [...b.text!].length }));
    return { hits, timelines: hits.map((h) => ({ pid: h.pid, sid: h.sid, start_time: f.paragraphs.find((p) => p.pid === h.pid)!.start_time })) };
  },

  meeting_poll_create_theme: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    if (!b.poll_topic) throw invalidParameter('poll_topic is required');
    const t: PollTheme = { poll_theme_id: meetingState(ctx).nextId('poll'), poll_topic: b.poll_topic, poll_desc: b.poll_desc ?? '', is_anony: Number(b.is_anony ?? 0), questions: checkQuestions(b.poll_questions), polls: [] };
    m.polls.set(t.poll_theme_id, t);
    return { poll_theme_id: t.poll_theme_id };
  },

  meeting_poll_update_theme: (ctx) => {
    const b = ctx.body;
    const t = themeOf(liveMeetingOf(ctx, b.meetingid), b.poll_theme_id);
    if (t.polls.some((p) => p.status === 1)) throw invalidParameter('a poll of this theme is running');
    if (b.poll_topic !== undefined) t.poll_topic = b.poll_topic;
    if (b.poll_desc !== undefined) t.poll_desc = b.poll_desc;
    if (b.is_anony !== undefined) t.is_anony = Number(b.is_anony);
    if (b.poll_questions !== undefined) t.questions = checkQuestions(b.poll_questions);
    return {};
  },

  meeting_poll_delete: (ctx) => {
    const m = liveMeetingOf(ctx, ctx.body.meetingid);
    themeOf(m, ctx.body.poll_theme_id);
    m.polls.delete(ctx.body.poll_theme_id!);
    return {};
  },

  meeting_poll_start: (ctx) => {
    const m = inProgress(ctx, ctx.body.meetingid);
    const t = themeOf(m, ctx.body.poll_theme_id);
    if (t.polls.some((p) => p.status === 1)) throw invalidParameter('the poll is already running');
    const p = { poll_id: meetingState(ctx).nextId('vote'), status: 1, votes: new Map<string, number[][]>() };
    // Everyone in the meeting votes for the first option of each question: the mock's stand-in for the client.
    for (const u of m.participants.values()) if (u.online && !u.waiting) p.votes.set(u.tmp_openid, t.questions.map(() => [0]));
    t.polls.push(p);
    return { poll_id: p.poll_id };
  },

  meeting_poll_finish: (ctx) => {
    const m = liveMeetingOf(ctx, ctx.body.meetingid);
    const { p } = pollOf(m, ctx.body.poll_id);
    if (p.status !== 1) throw invalidParameter('the poll is not running');
    p.status = 2;
    return {};
  },

  meeting_poll_get_theme_info: (ctx) => {
    const t = themeOf(meetingOf(ctx, ctx.body.meetingid), ctx.body.poll_theme_id);
    return { poll_topic: t.poll_topic, poll_desc: t.poll_desc, is_anony: t.is_anony, poll_question_data: t.questions.map((q) => ({ question_desc: q.question_desc, question_type: q.question_type, option_info: q.poll_option.map((option_desc) => ({ option_desc })) })) };
  },

  meeting_poll_get_poll_list: (ctx) => {
    const m = meetingOf(ctx, ctx.body.meetingid);
    return { polls_theme_info: [...m.polls.values()].map((t) => ({ poll_theme_id: t.poll_theme_id, polls_info: t.polls.map((p) => ({ poll_id: p.poll_id, poll_topic: t.poll_topic, status: p.status, is_anony: t.is_anony, is_shared: 0 })) })) };
  },

  meeting_poll_get_poll_detail: (ctx) => {
    const m = meetingOf(ctx, ctx.body.meetingid);
    const { t, p } = pollOf(m, ctx.body.poll_id);
    const voters = [...p.votes];
    return {
      poll_theme_id: t.poll_theme_id,
      poll_topic: t.poll_topic,
      poll_desc: t.poll_desc,
      is_anony: t.is_anony,
      is_shared: 0,
      status: p.status,
      vote_total_num: voters.length,
      poll_question_data: t.questions.map((q, qi) => ({
        question_id: String(qi + 1),
        question_desc: q.question_desc,
        question_type: q.question_type,
        option_info: q.poll_option.map((option_desc, oi) => {
          const who = voters.filter(([, v]) => v[qi]?.includes(oi)).map(([k]) => m.participants.get(k)!);
          return { option_id: oi + 1, option_desc, option_num: who.length, rate: voters.length ? Math.round((who.length * 100) / voters.length) : 0, option_user: t.is_anony ? [] : who.map((u) => ({ userid: u.userid ?? '', tmp_openid: u.tmp_openid })) };
        }),
      })),
    };
  },

  meeting_statistics_get_start_list: (ctx) => {
    const s = meetingState(ctx);
    const b = ctx.body;
    // 获取会议发起记录 (doc path/99651): type 1 发起成功, 2 发起失败 (the mock caps nothing, so none fail); a window of at
    // most 30 days, [begin_time, end_time); newest first; only starters in the calling app's visible range.
    if (b.type !== 1 && b.type !== 2) throw invalidParameter('type: 1 or 2');
    if (b.begin_time === undefined || b.end_time === undefined || b.end_time < b.begin_time || b.end_time - b.begin_time > 30 * 86_400) throw invalidParameter('begin_time..end_time: at most 30 days');
    const now = ctx.clock.nowSec();
    const contacts = ctx.corp.domains.contacts;
    const seen = (userid: string) => {
      const member = contacts.getUser(userid);
      return !ctx.app || (member !== undefined && isMemberVisible(ctx.app, contacts, member));
    };
    const rows = b.type === 2 ? [] : [...s.meetings.values()]
      .flatMap((m) => (s.advance(m, now), m.started ? [{ userid: m.started.userid, start_time: m.started.at }] : []))
      .filter((r) => r.start_time >= b.begin_time! && r.start_time < b.end_time! && seen(r.userid))
      .sort((x, y) => y.start_time - x.start_time);
    const p = page(ctx, rows, b.cursor, b.limit ?? 200, 1000);
    return { meeting_list: p.items, next_cursor: p.next_cursor, has_more: p.has_more };
  },

  meeting_vip_list: (ctx) => {
    const s = meetingState(ctx);
    const p = page(ctx, [...s.vip].sort(), ctx.body.cursor, ctx.body.limit, 100);
    return { userid_list: p.items, has_more: p.has_more, next_cursor: p.next_cursor };
  },

  meeting_vip_submit_batch_add_job: (ctx) => {
    const s = meetingState(ctx);
    const ids = ctx.body.userid_list ?? [];
    if (!ids.length || ids.length > 100) throw invalidParameter('userid_list: 1..100');
    const invalid = ids.filter((u) => !ctx.corp.domains.contacts.getUser(u));
    for (const u of ids) if (!invalid.includes(u)) s.vip.add(u);
    const jobid = s.nextId('vipjob');
    s.jobs.set(jobid, { jobid, kind: 'add', userids: ids.filter((u) => !invalid.includes(u)) });
    return { jobid, invalid_userid_list: invalid };
  },

  meeting_vip_submit_batch_del_job: (ctx) => {
    const s = meetingState(ctx);
    const ids = ctx.body.userid_list ?? [];
    if (!ids.length || ids.length > 100) throw invalidParameter('userid_list: 1..100');
    const invalid = ids.filter((u) => !s.vip.has(u));
    for (const u of ids) s.vip.delete(u);
    const jobid = s.nextId('vipjob');
    s.jobs.set(jobid, { jobid, kind: 'del', userids: ids.filter((u) => !invalid.includes(u)) });
    return { jobid, invalid_userid_list: invalid };
  },
});
