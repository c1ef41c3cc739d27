/** Handlers of customer group chats (客户群): list and details (developer.work.weixin.qq.com/document/path/92120). */
import { err } from '../../../core/errors/index.js';
import { userKey } from '../../contacts/index.js';
import { defineRoutes, type AnswerOf } from '../../types.js';
import { offsetPage } from '../../../core/pipeline/cursor.js';
import { externalUseridOf } from '../ids.js';
import { callerOf, memberIn, requireCustomerContact, userOut } from '../rules.js';

type ChatMemberView = NonNullable<AnswerOf<'externalcontact_groupchat_get'>['group_chat']>['member_list'][number];

export const groupchatsRoutes = defineRoutes({
  externalcontact_groupchat_list: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const owners = b.owner_filter?.userid_list;
    if (owners && owners.length > 100) throw err('INVALID_USERID_LIST_LENGTH');
    const ownerKeys = owners && owners.length > 0 ? new Set(owners.map((u) => userKey(memberIn(ctx, u)?.userid ?? u))) : undefined;
    const status = b.status_filter ?? 0;
    const all = [...s.chats.values()].filter(
      (c) => !c.dismissed && (status === 0 || c.status === status) && (!ownerKeys || ownerKeys.has(userKey(c.owner))),
    );
    const { page, next_cursor } = offsetPage(ctx, b.cursor, all, b.limit);
    return { group_chat_list: page.map((c) => ({ chat_id: c.chat_id, status: c.status })), next_cursor };
  },

  externalcontact_groupchat_get: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const chat = s.chats.get(b.chat_id);
    if (!chat) throw err('CHAT_NOT_FOUND');
    if (chat.dismissed) throw err('GROUP_CHAT_DISMISSED');
    const caller = callerOf(ctx);
    const member_list = [...chat.members.values()].map((gm) => {
      const row: ChatMemberView = { type: gm.type, join_time: gm.join_time, join_scene: gm.join_scene, userid: '' };
      let name: string;
      if (gm.type === 1) {
        const m = ctx.corp.domains.contacts.getUser(gm.ref);
        row.userid = m ? userOut(ctx, m.userid) : gm.ref;
        name = m?.name ?? gm.ref;
      } else {
        const c = s.customers.get(gm.ref)!;
        row.userid = externalUseridOf(s, c, caller);
        if (c.unionid) row.unionid = c.unionid;
        name = c.name;
      }
      if (gm.invitor) row.invitor = { userid: userOut(ctx, gm.invitor) };
      row.group_nickname = gm.group_nickname;
      if (b.need_name === 1) row.name = name;
      return row;
    });
    return {
      group_chat: {
        chat_id: chat.chat_id,
        name: chat.name,
        owner: userOut(ctx, chat.owner),
        create_time: chat.create_time,
        notice: chat.notice,
        member_list,
        admin_list: chat.admins.map((u) => ({ userid: userOut(ctx, u) })),
      },
    };
  },
});
