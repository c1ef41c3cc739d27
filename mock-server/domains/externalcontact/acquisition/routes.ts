/** Handlers of customer acquisition (获客助手): links, their customers, sessions and the quota (doc path/97297, 97305, 99337, 100254). */
import { err } from '../../../core/errors/index.js';
import { defineRoutes } from '../../types.js';
import { externalUseridOf } from '../ids.js';
import { pageOf } from '../paging.js';
import { callerOf, requireCustomerContact, userOut } from '../rules.js';

export const acquisitionRoutes = defineRoutes({
  externalcontact_customer_acquisition_list_link: (ctx) => {
    const s = requireCustomerContact(ctx);
    const { rows, next } = pageOf(ctx, [...s.acquisition.links.keys()], ctx.body.cursor, ctx.body.limit ?? 100);
    return { link_id_list: rows, next_cursor: next };
  },
  externalcontact_customer_acquisition_customer: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    // WeCom's code for an unknown link is not documented: 40058 naming the field (mock choice).
    if (!s.acquisition.links.has(b.link_id)) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: link_id' });
    const { rows, next } = pageOf(ctx, s.acquisition.customers.get(b.link_id) ?? [], b.cursor, b.limit ?? 1000);
    const caller = callerOf(ctx);
    return {
      customer_list: rows.map((r) => ({ external_userid: externalUseridOf(s, s.customers.get(r.customerId)!, caller), userid: userOut(ctx, r.userid), chat_status: r.chat_status, state: r.state })),
      next_cursor: next,
    };
  },
  externalcontact_customer_acquisition_quota: (ctx) => {
    const s = requireCustomerContact(ctx);
    const now = ctx.clock.nowSec();
    const live = s.acquisition.quota.filter((q) => q.expire_date > now);
    return {
      total: live.reduce((n, q) => n + q.total, 0),
      balance: live.reduce((n, q) => n + q.balance, 0),
      quota_list: live.map((q) => ({ expire_date: q.expire_date, balance: q.balance })),
    };
  },
  externalcontact_customer_acquisition_get_chat_info: (ctx) => {
    const s = requireCustomerContact(ctx);
    const hit = s.acquisition.byChatKey.get(ctx.body.chat_key);
    if (!hit) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: chat_key' });
    return {
      userid: userOut(ctx, hit.row.userid),
      external_userid: externalUseridOf(s, s.customers.get(hit.row.customerId)!, callerOf(ctx)),
      chat_info: { recv_msg_cnt: hit.row.recv_msg_cnt, link_id: hit.link_id, state: hit.row.state },
    };
  },
});
