/**
 * Control plane of 政民沟通: file an order as a grid member (巡查上报) or a resident (居民上报) would in the client,
 * and advance it (受理 / 分派 → 办结), so the order lists, details and counts have something to show.
 */
import { AdminError, corpOf as findCorp, type AdminRoutes } from '../../core/control/kit.js';
import type { MockHost } from '../types.js';
import type { OrderKind } from './state.js';

export function reportAdmin(host: MockHost): AdminRoutes {
  return {
    mock_report_orders_create: ({ params, body }) => {
      const corp = findCorp(host.registry, params['corpid']);
      const s = corp.domains.report;
      const kind = body['kind'] as OrderKind;
      const grid = s.grids.get(String(body['grid_id']));
      if (!grid) throw new AdminError(400, 'unknown_grid', `no grid ${String(body['grid_id'])}`, 90604);
      const cata = s.categories.get(String(body['category_id']));
      if (!cata) throw new AdminError(400, 'unknown_category', `no event category ${String(body['category_id'])}`, 90603);
      const reporter = typeof body['reporter_userid'] === 'string' ? corp.domains.contacts.getUser(body['reporter_userid']) : undefined;
      if (kind === 'patrol' && !reporter) throw new AdminError(400, 'unknown_member', 'a patrol order needs reporter_userid, an existing member');
      const now = corp.clock.nowSec();
      const o = s.fileOrder({
        kind,
        desc: String(body['desc'] ?? ''),
        urge_type: body['urge_type'] === 1 ? 1 : 0,
        category_id: cata.category_id,
        case_name: cata.category_name,
        grid_id: grid.grid_id,
        grid_name: grid.grid_name,
        create_time: now,
        location: { name: String(body['location_name'] ?? ''), address: String(body['address'] ?? ''), latitude: 0, longitude: 0 },
        reporter_userid: reporter?.userid ?? '',
        reporter_name: reporter?.name ?? String(body['reporter_name'] ?? '居民'),
        reporter_mobile: kind === 'resident' ? String(body['reporter_mobile'] ?? '') : '',
        unionid: kind === 'resident' ? String(body['unionid'] ?? '') : '',
      });
      return { status: 201, body: { order_id: o.order_id, kind: o.kind, status: o.status } };
    },
    mock_report_orders_advance: ({ params, body }) => {
      const corp = findCorp(host.registry, params['corpid']);
      const s = corp.domains.report;
      const o = s.orders.find((x) => x.order_id === params['order_id']);
      if (!o) throw new AdminError(404, 'order_not_found', `no order ${params['order_id']}`);
      const m = corp.domains.contacts.getUser(String(body['processor']));
      if (!m) throw new AdminError(400, 'unknown_member', `member ${String(body['processor'])} does not exist`);
      if (!s.advance(o, m.userid, String(body['desc'] ?? ''), corp.clock.nowSec())) throw new AdminError(409, 'order_solved', 'the order is already solved');
      return { body: { order_id: o.order_id, kind: o.kind, status: o.status } };
    },
  };
}
