/** Control plane of 直播: a viewer watches (for get_watch_stat, get_living_info and share codes). */
import { AdminError, corpRecord, type AdminRoutes } from '../../core/control/kit.js';
import type { MockHost } from '../types.js';

export function livingAdmin(host: MockHost): AdminRoutes {
  return {
    mock_living_watch: ({ params, body }) => {
      const { corp, record: l } = corpRecord(host.registry, params, 'livingid', 'living_not_found', 'living', (c, id) => c.domains.living.livings.get(id));
      if (l.status !== 1 && l.status !== 2) throw new AdminError(400, 'living_not_started', 'only a live or ended living has viewers');
      const userid = typeof body['userid'] === 'string' ? body['userid'] : '';
      const ext = typeof body['external_userid'] === 'string' ? body['external_userid'] : '';
      if (!userid === !ext) throw new AdminError(400, 'one_viewer', 'give exactly one of userid / external_userid');
      if (userid && !corp.domains.contacts.getUser(userid)) throw new AdminError(400, 'unknown_member', `member ${userid} does not exist`);
      const book = userid ? l.users : l.external;
      const key = userid || ext;
      const v = book.get(key) ?? { watch_time: 0, is_comment: 0, is_mic: 0, name: '' };
      v.watch_time += Number(body['watch_time']);
      if (body['is_comment'] === 1) {
        v.is_comment = 1;
        l.comments++;
      }
      if (body['is_mic'] === 1) v.is_mic = 1;
      if (typeof body['name'] === 'string') v.name = body['name'];
      book.set(key, v);
      const invitor = typeof body['invitor_userid'] === 'string' ? body['invitor_userid'] : '';
      const invitorExt = typeof body['invitor_external_userid'] === 'string' ? body['invitor_external_userid'] : '';
      let code = '';
      if (invitor || invitorExt) {
        const s = corp.domains.living;
        code = `ws${s.rng.hex(20)}`;
        s.shares.set(code, { livingid: l.livingid, viewer_userid: userid, viewer_external_userid: ext, invitor_userid: invitor, invitor_external_userid: invitorExt });
      }
      return { status: 201, body: { livingid: l.livingid, ww_share_code: code } };
    },
  };
}
