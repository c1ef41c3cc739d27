import { err } from '../../core/errors/index.js';
import { DAY_SECONDS, chinaDayStart, chinaMonth, chinaWeekStart } from '../../core/runtime/china-day.js';
import { RawResponse } from '../../core/pipeline/envelope.js';
import { operationUrl } from '../../core/pipeline/links.js';
import { downloadResponse } from '../../core/pipeline/range.js';
import { publicRoute } from '../../core/pipeline/typed-route.js';
import { defineRoutes, type Ctx } from '../types.js';
import { checkWindow, requireJournalArea } from './rules.js';
import { fileBytes, type JournalRecord, type JournalState, type JournalTemplate } from './state.js';

/** The cookie download_wedrive_file answers (its value opens one file for 2 hours). */
const COOKIE = 'wwfile_ticket';

function cookieOf(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === COOKIE && v) return v;
  }
  return undefined;
}

const EMPTY_VALUE = { tips: [], members: [], departments: [], files: [], children: [], stat_field: [], sum_field: [], related_approval: [], students: [], classes: [] };

function state(ctx: Ctx): JournalState {
  requireJournalArea(ctx);
  return ctx.corp.domains.journal;
}

/** Does a journal pass the list's filters (creator, department with sub-departments, template_id)? */
function matcher(ctx: Ctx, filters: ReadonlyArray<{ key: string; value: string }>): (r: JournalRecord) => boolean {
  const contacts = ctx.corp.domains.contacts;
  const tests = filters.map(({ key, value }) => {
    if (key === 'creator') return (r: JournalRecord) => r.submitter.toLowerCase() === value.toLowerCase();
    if (key === 'template_id') return (r: JournalRecord) => r.template_id === value;
    const dept = Number(value);
    if (!/^\d+$/.test(value)) throw err('OA_INVALID_PARAMETER', { message: 'invalid department filter' });
    return (r: JournalRecord) => (contacts.getUser(r.submitter)?.department ?? []).some((d) => contacts.isWithin(d, dept));
  });
  return (r) => tests.every((t) => t(r));
}

/** The cycles of a template that overlap [start, end]: days, Monday weeks or months (China time). */
function cycles(t: JournalTemplate, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let cur = t.report_type === 1 ? chinaDayStart(start) : t.report_type === 2 ? chinaWeekStart(start) : chinaMonth(start).start;
  while (cur <= end && out.length < 40) {
    const next = t.report_type === 1 ? cur + DAY_SECONDS : t.report_type === 2 ? cur + 7 * DAY_SECONDS : chinaMonth(cur).end;
    out.push([cur, next]);
    cur = next;
  }
  return out;
}

const users = (ids: readonly string[]) => ids.map((userid) => ({ userid }));

export const journalRoutes = defineRoutes({
  oa_journal_get_record_list: (ctx) => {
    const s = state(ctx);
    const { starttime, endtime, limit } = ctx.body;
    checkWindow(starttime, endtime);
    const match = matcher(ctx, ctx.body.filters ?? []);
    const hits = s.records.filter((r) => r.report_time >= starttime && r.report_time <= endtime && match(r));
    const from = ctx.body.cursor ?? 0;
    const page = hits.slice(from, from + limit);
    const next = from + page.length;
    return { journaluuid_list: page.map((r) => r.uuid), next_cursor: next, endflag: next >= hits.length ? 1 : 0 };
  },

  oa_journal_get_record_detail: (ctx) => {
    const s = state(ctx);
    const r = s.byUuid.get(ctx.body.journaluuid);
    if (!r) throw err('INVALID_JOURNAL_UUID');
    return {
      info: {
        journal_uuid: r.uuid,
        template_name: s.templates.get(r.template_id)?.template_name ?? '',
        report_time: r.report_time,
        submitter: { userid: r.submitter },
        receivers: users(r.receivers),
        readed_receivers: users(r.readed),
        apply_data: {
          contents: r.contents.map((c) => ({
            control: c.control,
            id: c.id,
            title: [{ text: c.title }],
            value: {
              ...EMPTY_VALUE,
              text: c.text,
              files: c.fileids.map((fileid) => ({ file_id: fileid })),
            },
          })),
        },
        comments: r.comments.map((c) => ({ commentid: c.commentid, tocommentid: c.tocommentid, comment_userinfo: { userid: c.userid }, content: c.content, comment_time: c.comment_time })),
      },
    };
  },

  oa_journal_get_stat_list: (ctx) => {
    const s = state(ctx);
    const { template_id, starttime, endtime } = ctx.body;
    checkWindow(starttime, endtime);
    const t = s.templates.get(template_id);
    if (!t) throw err('OA_INVALID_PARAMETER', { message: 'invalid template_id' });
    const range = { user_list: users(t.range_users), party_list: t.range_parties.map((p) => ({ open_partyid: String(p) })), tag_list: [] };
    const stat_list = cycles(t, starttime, endtime).map(([begin, end]) => {
      const inCycle = s.records.filter((r) => r.template_id === t.template_id && r.report_time >= begin && r.report_time < end);
      const reported = t.range_users.filter((u) => inCycle.some((r) => r.submitter === u));
      return {
        template_id: t.template_id,
        template_name: t.template_name,
        report_range: range,
        white_range: { user_list: [], party_list: [], tag_list: [] },
        receivers: { user_list: users(t.receivers), tag_list: [], leader_list: [] },
        cycle_begin_time: begin,
        cycle_end_time: end,
        stat_begin_time: Math.max(begin, starttime),
        stat_end_time: Math.min(end, endtime),
        report_list: reported.map((u) => ({
          user: { userid: u },
          itemlist: inCycle.filter((r) => r.submitter === u).map((r) => ({ journaluuid: r.uuid, reporttime: r.report_time, flag: 0 })),
        })),
        unreport_list: t.range_users.filter((u) => !reported.includes(u)).map((u) => ({ user: { userid: u }, itemlist: [{ journaluuid: '', reporttime: begin, flag: 0 }] })),
        report_type: t.report_type,
      };
    });
    return { stat_list };
  },

  oa_journal_download_wedrive_file: (ctx) => {
    const s = state(ctx);
    const r = s.byUuid.get(ctx.body.journaluuid);
    if (!r) throw err('INVALID_JOURNAL_UUID');
    const f = r.files.find((x) => x.fileid === ctx.body.fileid);
    if (!f) throw err('WEDRIVE_INVALID_FILEID');
    return {
      download_url: operationUrl(ctx.baseUrl, 'files_journal', { corpid: ctx.corp.corpid, file: f.fileid }),
      cookie_name: COOKIE,
      cookie_value: s.grantDownload(f.fileid, ctx.clock.nowMs()),
    };
  },

  files_journal: publicRoute((ctx) => {
    const { corpid, file } = ctx.query;
    const corp = ctx.registry.get(corpid);
    if (corp) ctx.corp = corp;
    const f = corp?.domains.journal.fileFor(file, cookieOf(ctx.headers['cookie']), corp.clock.nowMs());
    // Not a WeCom API: no cookie, an unknown file or an expired link answers as a file server would, 404.
    if (!f) return new RawResponse(404, { 'Content-Length': 0 }, Buffer.alloc(0));
    const range = ctx.headers['range'];
    return downloadResponse(typeof range === 'string' ? range : undefined, fileBytes(f), { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-cache' });
  }),
});
