/** 政民沟通 orders (事件) of 巡查上报 (report/patrol/*) and 居民上报 (report/resident/*): lists, details, counts. */
import { err, invalidParameter } from '../../core/errors/index.js';
import { offsetPage } from '../../core/pipeline/cursor.js';
import { chinaDayStart } from '../../core/runtime/china-day.js';
import { defineRoutes, type Ctx } from '../types.js';
import { categoryOf, gridOf, reportState } from './rules.js';
import type { Order, OrderKind, ReportState } from './state.js';

function view(o: Order) {
  const base = {
    order_id: o.order_id,
    desc: o.desc,
    urge_type: o.urge_type,
    case_name: o.case_name,
    grid_name: o.grid_name,
    grid_id: o.grid_id,
    create_time: o.create_time,
    image_urls: [],
    video_media_ids: [],
    location: { ...o.location },
    processor_userids: [...o.processors],
    process_list: o.steps.map((p) => ({ ...p, image_urls: [], video_media_ids: [] })),
  };
  return o.kind === 'resident' ? { ...base, reporter_name: o.reporter_name, reporter_mobile: o.reporter_mobile, unionid: o.unionid } : base;
}

function ordersOf(s: ReportState, kind: OrderKind): Order[] {
  return s.orders.filter((o) => o.kind === kind);
}

function counts(ctx: Ctx, list: Order[]) {
  const today = chinaDayStart(ctx.clock.nowSec());
  return {
    processing: list.filter((o) => o.status === 'processing').length,
    added_today: list.filter((o) => o.create_time >= today).length,
    solved_today: list.filter((o) => o.status === 'solved' && o.solved_time >= today).length,
  };
}

function corpStatus(ctx: Ctx, kind: OrderKind, gridId: string | undefined) {
  const s = reportState(ctx);
  let list = ordersOf(s, kind);
  if (gridId) {
    const ids = new Set(s.subtree(gridOf(s, gridId).grid_id).map((g) => g.grid_id));
    list = list.filter((o) => ids.has(o.grid_id));
  }
  return { list, base: { ...counts(ctx, list), total_case: list.length, total_solved: list.filter((o) => o.status === 'solved').length } };
}

function userStatus(ctx: Ctx, kind: OrderKind, userid: string) {
  const s = reportState(ctx);
  const m = ctx.corp.domains.contacts.getUser(userid);
  if (!m) throw err('USERID_NOT_FOUND');
  const mine = ordersOf(s, kind).filter((o) => o.processors.includes(m.userid));
  const adminOf = new Set(s.gridsAdministeredBy(m.userid).map((g) => g.grid_id));
  return { base: counts(ctx, mine), pending: ordersOf(s, kind).filter((o) => o.status === 'pending' && adminOf.has(o.grid_id)).length };
}

/** Per level-1 category, or per child of one; orders of a deleted category count under 其他 (category_type 0). */
function categoryStatistic(ctx: Ctx, kind: OrderKind, categoryId: string | undefined) {
  const s = reportState(ctx);
  const list = ordersOf(s, kind);
  const all = [...s.categories.values()];
  let rows;
  if (categoryId) {
    const top = categoryOf(s, categoryId);
    if (top.level !== 1) throw err('INVALID_EVENT_CATEGORY_ID');
    rows = all.filter((c) => c.parent === top.category_id).map((c) => ({ c, hits: list.filter((o) => o.category_id === c.category_id) }));
  } else {
    rows = all.filter((c) => c.level === 1).map((c) => ({ c, hits: list.filter((o) => o.category_id === c.category_id || s.categories.get(o.category_id)?.parent === c.category_id) }));
  }
  const dashboard_list = rows.map(({ c, hits }) => ({
    category_id: c.category_id,
    category_name: c.category_name,
    category_level: c.level,
    total_case: hits.length,
    total_solved: hits.filter((o) => o.status === 'solved').length,
    category_type: 1,
  }));
  const orphans = categoryId ? [] : list.filter((o) => !s.categories.has(o.category_id));
  if (orphans.length) dashboard_list.push({ category_id: '', category_name: '其他', category_level: 1, total_case: orphans.length, total_solved: orphans.filter((o) => o.status === 'solved').length, category_type: 0 });
  return { dashboard_list };
}

interface ListBody {
  begin_create_time?: number;
  begin_modify_time?: number;
  cursor?: string;
  limit?: number;
}

function orderList(ctx: Ctx, kind: OrderKind, b: ListBody) {
  const s = reportState(ctx);
  const hits = ordersOf(s, kind)
    .filter((o) => o.create_time >= (b.begin_create_time ?? 0) && o.modify_time >= (b.begin_modify_time ?? 0))
    .sort((x, y) => x.create_time - y.create_time || (x.order_id < y.order_id ? -1 : 1));
  const { page, next_cursor } = offsetPage(ctx, b.cursor, hits, b.limit ?? 20);
  return { next_cursor, order_list: page.map(view) };
}

function orderInfo(ctx: Ctx, kind: OrderKind, orderId: string) {
  const o = ordersOf(reportState(ctx), kind).find((x) => x.order_id === orderId);
  if (!o) throw invalidParameter('invalid order_id');
  return { order_info: view(o) };
}

export const orderRoutes = defineRoutes({
  report_patrol_get_corp_status: (ctx) => {
    const { list, base } = corpStatus(ctx, 'patrol', ctx.body.grid_id || undefined);
    return { ...base, to_be_assigned: list.filter((o) => o.status === 'to_be_assigned').length };
  },
  report_resident_get_corp_status: (ctx) => {
    const { list, base } = corpStatus(ctx, 'resident', ctx.body.grid_id || undefined);
    return { ...base, pending: list.filter((o) => o.status === 'pending').length, total_accepted: list.filter((o) => o.status !== 'pending').length };
  },
  report_patrol_get_user_status: (ctx) => userStatus(ctx, 'patrol', ctx.body.userid).base,
  report_resident_get_user_status: (ctx) => {
    const { base, pending } = userStatus(ctx, 'resident', ctx.body.userid);
    return { ...base, pending };
  },
  report_patrol_category_statistic: (ctx) => categoryStatistic(ctx, 'patrol', ctx.body.category_id || undefined),
  report_resident_category_statistic: (ctx) => categoryStatistic(ctx, 'resident', ctx.body.category_id || undefined),
  report_patrol_get_order_list: (ctx) => orderList(ctx, 'patrol', ctx.body),
  report_resident_get_order_list: (ctx) => orderList(ctx, 'resident', ctx.body),
  report_patrol_get_order_info: (ctx) => orderInfo(ctx, 'patrol', ctx.body.order_id),
  report_resident_get_order_info: (ctx) => orderInfo(ctx, 'resident', ctx.body.order_id),
});
