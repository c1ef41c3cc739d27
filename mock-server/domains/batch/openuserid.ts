/**
 * batch/openuserid_to_userid: a self-built app maps the open_userids a third-party app of the same corp handed
 * out back to userids (doc path/95884). The open_userid of a member is fixed per provider (domains/provider).
 */
import { err, invalidParameter } from '../../core/errors/index.js';
import { openUseridFor } from '../provider/index.js';
import { defineRoutes } from '../types.js';

export const openUseridRoutes = defineRoutes({
  batch_openuserid_to_userid: (ctx) => {
    const { open_userid_list, source_agentid } = ctx.body;
    if (open_userid_list.length > 1000) throw invalidParameter('open_userid_list has more than 1000 entries');
    const app = ctx.corp.apps.get(source_agentid);
    // source_agentid must be a third-party app installed in this corp (40056 invalid agentid otherwise).
    if (!app?.third_party) throw err('INVALID_AGENTID');
    const provider = app.third_party.provider_corpid;
    const want = new Set(open_userid_list);
    const found = new Map<string, string>();
    for (const m of ctx.corp.domains.contacts.users.values()) {
      const o = openUseridFor(provider, ctx.corp.corpid, m.userid);
      if (want.has(o)) found.set(o, m.userid);
      if (found.size === want.size) break;
    }
    return {
      userid_list: open_userid_list.filter((o) => found.has(o)).map((o) => ({ open_userid: o, userid: found.get(o)! })),
      invalid_open_userid_list: open_userid_list.filter((o) => !found.has(o)),
    };
  },
});
