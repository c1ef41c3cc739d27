/** Control plane of 打卡: a member punches from the phone (POST /__mock/corps/{corpid}/checkin/punches). */
import { AdminError, corpOf, type AdminRoutes } from '../../core/control/kit.js';
import type { MockHost } from '../types.js';
import { classify } from './rules.js';

export function checkinAdmin(host: MockHost): AdminRoutes {
  return {
    mock_checkin_punch: ({ params, body }) => {
      const corp = corpOf(host.registry, params['corpid']);
      const userid = body['userid'];
      const m = typeof userid === 'string' ? corp.domains.contacts.getUser(userid) : undefined;
      if (!m) throw new AdminError(404, 'user_not_found', `corp ${corp.corpid} has no member ${String(userid)}`);
      const now = Math.floor(corp.clock.nowMs() / 1000);
      const time = body['time'] === undefined ? now : Number(body['time']);
      if (!Number.isInteger(time) || time > now) throw new AdminError(400, 'bad_time', 'time must be unix seconds not in the future');
      const p = classify(corp, m, time, {
        location_title: typeof body['location_title'] === 'string' ? body['location_title'] : '',
        location_detail: '',
        wifiname: typeof body['wifiname'] === 'string' ? body['wifiname'] : '',
        wifimac: '',
        notes: typeof body['notes'] === 'string' ? body['notes'] : '',
        mediaids: [],
        lat: 0,
        lng: 0,
        deviceid: 'simulated',
      });
      corp.domains.checkin.addPunch(p);
      const { corrected: _, ...view } = p;
      return { status: 201, body: view };
    },
  };
}
