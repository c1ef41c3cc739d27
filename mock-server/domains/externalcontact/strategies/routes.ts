/** Handlers of rule groups (规则组): customer and moment strategy lists, a customer strategy's tags (doc path/94883, 94890, 94882). */
import { err } from '../../../core/errors/index.js';
import { defineRoutes, type Ctx } from '../../types.js';
import { pageOf } from '../paging.js';
import { requireCustomerContact } from '../rules.js';
import type { Strategy } from './state.js';

function list(ctx: Ctx, kind: Strategy['kind'], cursor: string | undefined, limit: number | undefined) {
  const s = requireCustomerContact(ctx);
  const all = [...s.strategies.byId.values()].filter((x) => x.kind === kind);
  const { rows, next } = pageOf(ctx, all, cursor, limit ?? 1000);
  return { strategy: rows.map((x) => ({ strategy_id: x.strategy_id })), next_cursor: next };
}

export const strategiesRoutes = defineRoutes({
  externalcontact_customer_strategy_list: (ctx) => list(ctx, 'customer', ctx.body.cursor, ctx.body.limit),
  externalcontact_moment_strategy_list: (ctx) => list(ctx, 'moment', ctx.body.cursor, ctx.body.limit),
  externalcontact_get_strategy_tag_list: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const st = s.strategies.byId.get(b.strategy_id);
    // WeCom's code for an unknown strategy is not documented: 40058 naming the field (mock choice).
    if (!st || st.kind !== 'customer') throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: strategy_id' });
    // group_id filters and wins over tag_id when both are given (doc path/94882, as get_corp_tag_list).
    const groupIds = b.group_id && b.group_id.length > 0 ? new Set(b.group_id) : undefined;
    const tagIds = !groupIds && b.tag_id && b.tag_id.length > 0 ? new Set(b.tag_id) : undefined;
    const tag_group = [...st.tagGroups.values()]
      .filter((g) => !groupIds || groupIds.has(g.group_id))
      .map((g) => ({
        group_id: g.group_id,
        group_name: g.group_name,
        create_time: g.create_time,
        order: g.order,
        strategy_id: st.strategy_id,
        tag: [...g.tags.values()].filter((t) => !tagIds || tagIds.has(t.id)).map((t) => ({ id: t.id, name: t.name, create_time: t.create_time, order: t.order })),
      }))
      .filter((g) => !tagIds || g.tag.length > 0);
    return { tag_group };
  },
});
