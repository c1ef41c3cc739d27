/**
 * idconvert/convert_tmp_external_userid (WeCom's "tmp_external_userid的转换" document, as public SDKs quote it:
 * at most 100 ids; the calling app must be the one that got them; user_type 1 needs 客户联系 permission): the app
 * that was handed a tmp_external_userid turns it into an external_userid (user_type 1, a customer) or into
 * corpid + userid (2 企业互联, 3 上下游, 4 互联企业).
 */
import { err } from '../../core/errors/index.js';
import { isCallableApp } from '../externalcontact/index.js';
import { defineRoutes } from '../types.js';

export const idconvertRoutes = defineRoutes({
  idconvert_convert_tmp_external_userid: (ctx) => {
    // Only an app converts, the one that received the ids ("调用此接口的应用，和获取到 tmp_external_userid 的应用必须是同一个").
    const agentid = ctx.token.kind === 'app' ? ctx.token.agentid : undefined;
    if (agentid === undefined) throw err('API_FORBIDDEN');
    const { business_type, user_type, tmp_external_userid_list } = ctx.body;
    // A customer's id needs the app to have 客户联系 permission (a callable app of customer contact).
    if (user_type === 1 && !isCallableApp(ctx.corp, agentid)) throw err('NO_PRIVILEGE');
    const state = ctx.corp.domains.idconvert;
    const results: Array<{ tmp_external_userid: string; external_userid?: string; corpid?: string; userid?: string }> = [];
    const invalid: string[] = [];
    for (const id of tmp_external_userid_list) {
      const t = state.tmp.get(id);
      if (!t || t.agentid !== agentid || t.business_type !== business_type || t.user_type !== user_type) {
        invalid.push(id);
        continue;
      }
      results.push(
        t.target.kind === 'customer'
          ? { tmp_external_userid: id, external_userid: t.target.external_userid }
          : { tmp_external_userid: id, corpid: t.target.corpid, userid: t.target.userid },
      );
    }
    return { results, invalid_tmp_external_userid_list: invalid };
  },
});
