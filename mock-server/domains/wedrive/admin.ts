/** Control plane of 微盘: the corp's edition (专业版, VIP seats) and the capacity of its spaces, as a WeCom admin sets them. */
import { AdminError, corpOf as findCorp, type AdminRoutes } from '../../core/control/kit.js';
import type { Corp, MockHost } from '../types.js';

export function wedriveView(corp: Corp): Record<string, unknown> {
  const s = corp.domains.wedrive;
  return {
    is_pro: s.pro.isPro,
    total_vip_acct_num: s.pro.totalVip,
    pro_expire_time: s.pro.expireS,
    space_capacity: Object.fromEntries([...s.spaces.values()].filter((x) => !x.dismissed).map((x) => [x.spaceid, x.capacity])),
    used_bytes: s.store.used,
  };
}

export function wedriveAdmin(host: MockHost): AdminRoutes {
  return {
    mock_wedrive_update: ({ params, body }) => {
      const corp = findCorp(host.registry, params['corpid']);
      const s = corp.domains.wedrive;
      const caps = (body['space_capacity'] ?? {}) as Record<string, number>;
      for (const id of Object.keys(caps)) {
        const space = s.spaces.get(id);
        if (!space || space.dismissed) throw new AdminError(400, 'space_not_found', `corp ${corp.corpid} has no space ${id}`);
      }
      for (const [id, bytes] of Object.entries(caps)) s.spaces.get(id)!.capacity = bytes;
      if (typeof body['is_pro'] === 'boolean') s.pro.isPro = body['is_pro'];
      if (typeof body['total_vip_acct_num'] === 'number') s.pro.totalVip = body['total_vip_acct_num'];
      if (typeof body['pro_expire_time'] === 'number') s.pro.expireS = body['pro_expire_time'];
      return { body: wedriveView(corp) };
    },
  };
}
