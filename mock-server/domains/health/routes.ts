import { invalidParameter, found } from '../../core/errors/index.js';
import { DAY_SECONDS, chinaDayStart, parseChinaDate } from '../../core/runtime/china-day.js';
import { areaState } from '../../core/tenancy/access.js';
import { defineRoutes, type Ctx } from '../types.js';
import type { HealthJob, HealthState, Question } from './state.js';

/** 健康上报 APIs answer its system secret and its 可调用接口的应用 (doc path/93677: 仅健康上报应用可调用); others → 48002. */
function state(ctx: Ctx): HealthState {
  return areaState(ctx, 'health');
}

/** A date of the last 30 China days, today included (the statistics keep 30 days), as its day start. */
function dayOf(ctx: Ctx, date: string): number {
  const day = parseChinaDate(date);
  const today = chinaDayStart(ctx.clock.nowSec());
  if (day === undefined || day > today || day < today - 29 * DAY_SECONDS) throw invalidParameter('date out of range');
  return day;
}

function jobOf(s: HealthState, jobid: string): HealthJob {
  return found(s.jobs.get(jobid), 'JOBID_NOT_FOUND');
}

/** A question as get_report_job_info answers it: the same fields, its options (copied) under option_list. */
function questionTemplate({ options, ...q }: Question) {
  return { ...q, ...(options && { option_list: options.map((o) => ({ ...o })) }) };
}

export const healthRoutes = defineRoutes({
  health_get_health_report_stat: (ctx) => {
    const s = state(ctx);
    const day = dayOf(ctx, ctx.body.date);
    const of = s.answers.filter((a) => a.day === day);
    return { pv: of.length, uv: new Set(of.map((a) => a.userid)).size };
  },

  health_get_report_jobids: (ctx) => {
    const s = state(ctx);
    const offset = ctx.body.offset ?? 0;
    const limit = ctx.body.limit ?? 100;
    const ids = [...s.jobs.keys()];
    return { ending: offset + limit >= ids.length ? 1 : 0, jobids: ids.slice(offset, offset + limit) };
  },

  health_get_report_job_info: (ctx) => {
    const s = state(ctx);
    const j = jobOf(s, ctx.body.jobid);
    const day = dayOf(ctx, ctx.body.date);
    return {
      job_info: {
        title: j.title,
        creator: j.creator,
        type: j.type,
        apply_range: { userids: [...j.userids], partyids: [...j.partyids] },
        report_to: { userids: [...j.report_to] },
        report_type: j.report_type,
        skip_weekend: j.skip_weekend,
        finish_cnt: s.answers.filter((a) => a.jobid === j.jobid && a.day === day).length,
        question_templates: j.questions.map(questionTemplate),
      },
    };
  },

  health_get_report_answer: (ctx) => {
    const s = state(ctx);
    const j = jobOf(s, ctx.body.jobid);
    const day = dayOf(ctx, ctx.body.date);
    const offset = ctx.body.offset ?? 0;
    const limit = ctx.body.limit ?? 100;
    const of = s.answers.filter((a) => a.jobid === j.jobid && a.day === day).slice(offset, offset + limit);
    return {
      answers: of.map((a) => ({ id_type: 1, userid: a.userid, report_time: a.report_time, report_values: a.values.map((v) => ({ ...v })) })),
    };
  },
});
