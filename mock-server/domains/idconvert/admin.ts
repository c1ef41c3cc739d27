/** Control plane of temporary external user ids: hand an app one, as a meeting, form or smart sheet would. */
import { ALNUM, drawUnused } from '../../core/runtime/rng.js';
import { AdminError, appOf, corpOf, type AdminRoutes } from '../../core/control/kit.js';
import { CORP_CALLER, customerByExternalUserid } from '../externalcontact/index.js';
import type { Corp, MockHost } from '../types.js';
import type { TmpTarget } from './state.js';

export function idconvertAdmin(host: MockHost): AdminRoutes {
  return {
    mock_tmp_external_userids_create: ({ params, body }) => {
      const corp = corpOf(host.registry, params['corpid']) as Corp;
      const app = appOf(corp, body['agentid']);
      const userType = body['user_type'] as number;
      let target: TmpTarget;
      if (userType === 1) {
        const ext = body['external_userid'];
        if (typeof ext !== 'string' || !customerByExternalUserid(corp.domains.externalcontact, ext, CORP_CALLER)) {
          throw new AdminError(400, 'unknown_customer', 'user_type 1 names a customer of the corp: external_userid as the corp sees it');
        }
        target = { kind: 'customer', external_userid: ext };
      } else {
        if (typeof body['corpid'] !== 'string' || typeof body['userid'] !== 'string') {
          throw new AdminError(400, 'bad_body', 'user_type 2 to 4 name a member of another corp: corpid and userid');
        }
        target = { kind: 'member', corpid: body['corpid'], userid: body['userid'] };
      }
      const state = corp.domains.idconvert;
      const id = drawUnused(() => `ou${corp.rng.string(26, ALNUM)}`, state.tmp);
      state.tmp.set(id, { agentid: app.agentid, business_type: body['business_type'] as number, user_type: userType, target });
      return { status: 201, body: { tmp_external_userid: id } };
    },
  };
}
