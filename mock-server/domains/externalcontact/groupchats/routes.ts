/** Handlers of customer group chats (客户群): list and details (developer.work.weixin.qq.com/document/path/92120), join ways (92569), opengid (94822). */
import { err } from '../../../core/errors/index.js';
import { userKey } from '../../contacts/index.js';
import { defineRoutes, type AnswerOf } from '../../types.js';
import { cursorScope, decodeIntCursor, encodeCursor, offsetPage } from '../../../core/pipeline/cursor.js';
import { externalUseridOf, opengidOf } from '../ids.js';
import { callerOf, memberIn, requireCustomerContact, userOut } from '../rules.js';
import { drawUnused } from '../../../core/runtime/rng.js';

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

  externalcontact_groupchat_add_join_way: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    // At most 5 groups per join way (errcode 41091, doc path/92569).
    if (b.chat_id_list.length > 5) throw err('JOIN_WAY_TOO_MANY_CHATS');
    for (const id of b.chat_id_list) if (!s.chats.get(id) || s.chats.get(id)!.dismissed) throw err('CHAT_NOT_FOUND');
    const config_id = drawUnused(() => ctx.rng.hex(32), s.materials.joinWays);
    s.materials.joinWays.set(config_id, {
      config_id,
      scene: b.scene,
      remark: b.remark ?? '',
      auto_create_room: b.auto_create_room ?? 1,
      room_base_name: b.room_base_name ?? '',
      room_base_id: b.room_base_id ?? 0,
      chat_id_list: [...b.chat_id_list],
      state: b.state ?? '',
      // Whether a customer's join through this way is marked with it as its source (doc path/92229: default true).
      mark_source: b.mark_source ?? true,
      qr_code: b.scene === 2 ? `https://wework.qpic.cn/wwpic/mock_join_${config_id}/0` : '',
    });
    return { config_id };
  },

  externalcontact_opengid_to_chatid: (ctx) => {
    const s = requireCustomerContact(ctx);
    for (const c of s.chats.values()) if (!c.dismissed && opengidOf(s, c.chat_id) === ctx.body.opengid) return { chat_id: c.chat_id };
    throw err('INVALID_OPENGID');
  },
});
