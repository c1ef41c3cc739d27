/**
 * kf statistics (doc path/95489 企业汇总, 95490 接待人员明细): one entry per Beijing day of the range, counted
 * from the mock's sessions and messages as they happened (kept apart from the 3-day message retention).
 */
import { LIMITS } from '../../../spec/generated/limits.js';
import { invalidParameter } from '../../core/errors/index.js';
import { defineRoutes } from '../types.js';
import { accountOf, requireKf, servicersOf } from './rules.js';
import type { DayStat, KfState } from './state.js';
import { chinaDayStart } from '../../core/runtime/china-day.js';

const DAY = 86_400;
/** Queries reach back at most 180 days (doc path/95489). */
const LOOKBACK_DAYS = 180;

/** The Beijing days (00:00, Unix seconds) from start to end; 40058 for a reversed, too long or too old range. */
function days(start_time: number, end_time: number, nowMs: number): number[] {
  const first = chinaDayStart(start_time);
  const last = chinaDayStart(end_time);
  if (last < first) throw invalidParameter('end_time is before start_time');
  if ((last - first) / DAY + 1 > LIMITS.bound.kf_statistic_span_days.max) throw invalidParameter(`the range spans more than ${LIMITS.bound.kf_statistic_span_days.max} days`);
  if (first < nowMs / 1000 - LOOKBACK_DAYS * DAY) throw invalidParameter(`start_time is more than ${LOOKBACK_DAYS} days ago`);
  const out: number[] = [];
  for (let d = first; d <= last; d += DAY) out.push(d);
  return out;
}

/** Sums the counters of the keys (accounts or servicers) for one day. */
function sum(s: KfState, keys: string[], day: number): { sessions: number; customers: number; msgs: number; replied: number; firstReplySec: number } {
  const customers = new Set<string>();
  let sessions = 0;
  let msgs = 0;
  let replied = 0;
  let firstReplySec = 0;
  for (const k of keys) {
    const st: DayStat | undefined = s.stats.get(`${k}|${day}`);
    if (!st) continue;
    sessions += st.sessions;
    msgs += st.customerMsgs;
    replied += st.replied;
    firstReplySec += st.firstReplySec;
    for (const c of st.customers) customers.add(c);
  }
  return { sessions, customers: customers.size, msgs, replied, firstReplySec };
}

type DayTotals = ReturnType<typeof sum>;

/** One entry per day of the body's range: the common counters, then the operation's own fields. */
function statisticList<O extends Record<string, number>>(
  s: KfState,
  keys: string[],
  body: { start_time: number; end_time: number },
  nowMs: number,
  own: (t: DayTotals) => O,
): { stat_time: number; statistic: { session_cnt: number; customer_cnt: number; customer_msg_cnt: number } & O }[] {
  return days(body.start_time, body.end_time, nowMs).map((stat_time) => {
    const t = sum(s, keys, stat_time);
    return { stat_time, statistic: { session_cnt: t.sessions, customer_cnt: t.customers, customer_msg_cnt: t.msgs, ...own(t) } };
  });
}

export const kfStatisticRoutes = defineRoutes({
  kf_get_corp_statistic: (ctx) => {
    const s = requireKf(ctx);
    const { open_kfid } = ctx.body;
    const accounts = open_kfid ? [accountOf(s, open_kfid).open_kfid] : [...s.accounts.keys()];
    return {
      statistic_list: statisticList(s, accounts, ctx.body, ctx.clock.nowMs(), () => ({
        upgrade_service_customer_cnt: 0,
        ai_session_reply_cnt: 0,
        ai_transfer_rate: 0,
        ai_knowledge_hit_rate: 0,
        msg_rejected_customer_cnt: 0,
      })),
    };
  },

  kf_get_servicer_statistic: (ctx) => {
    const s = requireKf(ctx);
    const a = accountOf(s, ctx.body.open_kfid);
    const servicers = ctx.body.servicer_userid !== undefined ? [ctx.body.servicer_userid] : servicersOf(ctx.corp, a, false);
    const keys = servicers.map((u) => `${a.open_kfid}|${u}`);
    return {
      statistic_list: statisticList(s, keys, ctx.body, ctx.clock.nowMs(), (t) => ({
        reply_rate: t.sessions > 0 ? Math.min(1, t.replied / t.sessions) : 0,
        first_reply_average_sec: t.replied > 0 ? Math.round(t.firstReplySec / t.replied) : 0,
        satisfaction_investgate_cnt: 0,
        satisfaction_participation_rate: 0,
        satisfied_rate: 0,
        middling_rate: 0,
        dissatisfied_rate: 0,
        upgrade_service_customer_cnt: 0,
        upgrade_service_member_invite_cnt: 0,
        upgrade_service_member_customer_cnt: 0,
        upgrade_service_groupchat_invite_cnt: 0,
        upgrade_service_groupchat_customer_cnt: 0,
        msg_rejected_customer_cnt: 0,
      })),
    };
  },
});
