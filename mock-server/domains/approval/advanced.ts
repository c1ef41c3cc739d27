/** 高级功能 — members' applications approved by the developer's own system (doc path/99883, 99880). */
import { err, invalidParameter } from '../../core/errors/index.js';
import { cursorScope, offsetPage } from '../../core/pipeline/cursor.js';
import { userKey } from '../contacts/index.js';
import { defineRoutes } from '../types.js';
import { guard } from './access.js';

export const advancedRoutes = defineRoutes({
  advanced_feature_get_apply_id_list: (ctx) => {
    guard(ctx);
    const b = ctx.body;
    if (b.userid !== undefined && !ctx.corp.domains.contacts.getUser(b.userid)) throw err('USERID_NOT_FOUND');
    const limit = b.limit || 100;
    if (limit > 100) throw invalidParameter('limit is over 100');
    const list = [...ctx.corp.domains.approval.applies.values()]
      .filter((a) => a.business_type === b.business_type && (b.userid === undefined || userKey(a.userid) === userKey(b.userid)))
      // req_type 1: waiting for the developer's decision; otherwise every application.
      .filter((a) => b.req_type !== 1 || a.approval === undefined || a.approval.approval_status === 1)
      .sort((x, y) => x.create_time - y.create_time || x.apply_id.localeCompare(y.apply_id));
    const scope = cursorScope(ctx, `advanced_feature_get_apply_id_list:${b.business_type}:${b.userid ?? ''}:${b.req_type ?? 0}`);
    const { page, has_more, next_cursor } = offsetPage(ctx, b.cursor, list, limit, { scope, badCursor: () => invalidParameter('cursor is not a cursor of this list') });
    return { apply_id_list: page.map((a) => a.apply_id), has_more, next_cursor };
  },

  advanced_feature_set_approval_detail: (ctx) => {
    guard(ctx);
    const b = ctx.body;
    const a = ctx.corp.domains.approval.applies.get(b.apply_id);
    if (!a) throw invalidParameter(`apply_id ${b.apply_id} does not exist`);
    if (![1, 2, 3, 4].includes(b.approval_status)) throw invalidParameter('approval_status must be 1, 2, 3 or 4');
    // A decided application (2 通过, 3 驳回, 4 撤销) is final.
    if (a.approval && a.approval.approval_status !== 1) throw err('OPERATION_NO_PRIVILEGE');
    a.approval = { approval_id: b.approval_id, approval_status: b.approval_status, approval_url: b.approval_url ?? '', process_list: structuredClone(b.process_list) };
    return {};
  },
});
