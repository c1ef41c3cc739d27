/**
 * get_launch_code: a code the WeCom client takes to open a one-to-one chat (唤起单聊). Both members must be
 * active and inside the calling app's visible range (60111 / 60011, as the contacts reads answer). The mock
 * derives the code from the corp and the pair, so the same pair always gets the same code.
 */
import { createHash } from 'node:crypto';
import { err } from '../../core/errors/index.js';
import { isMemberVisible } from '../contacts/index.js';
import { defineRoutes, type Ctx } from '../types.js';

function member(ctx: Ctx, userid: string): string {
  const c = ctx.corp.domains.contacts;
  const m = c.getUser(userid);
  if (!m || m.status !== 1) throw err('USERID_NOT_FOUND');
  if (ctx.app && !isMemberVisible(ctx.app, c, m)) throw err('NO_PRIVILEGE');
  return m.userid;
}

export const launchRoutes = defineRoutes({
  get_launch_code: (ctx) => {
    const from = member(ctx, ctx.body.operator_userid);
    const to = member(ctx, ctx.body.single_chat.userid);
    const launch_code = createHash('sha256').update(`launch\0${ctx.corp.corpid}\0${from.toLowerCase()}\0${to.toLowerCase()}`).digest('base64url').slice(0, 32);
    return { launch_code };
  },
});
