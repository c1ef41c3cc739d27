/** Handlers of tags (标签): tag/* (developer.work.weixin.qq.com/document/path/90210). */
import { defineRoutes } from '../../types.js';
import { requireContactsReader } from '../rules.js';
import { mayReadTag, readableTag, requireTagWriter } from './rules.js';
import { applyTagCreate, applyTagDelete, applyTagMembers, applyTagUpdate } from './writes.js';
import { thirdPartyNames, visibility } from '../caller.js';

export const tagsRoutes = defineRoutes({
  tag_create: (ctx) => {
    const owner = requireTagWriter(ctx);
    const t = applyTagCreate(ctx.corp.domains.contacts, ctx.body, owner);
    return { tagid: t.tagid };
  },

  tag_update: (ctx) => {
    const owner = requireTagWriter(ctx);
    applyTagUpdate(ctx.corp.domains.contacts, ctx.body, owner);
    return {};
  },

  tag_delete: (ctx) => {
    const owner = requireTagWriter(ctx);
    applyTagDelete(ctx.corp.domains.contacts, ctx.query.tagid, owner);
    return {};
  },

  tag_get: (ctx) => {
    const app = requireContactsReader(ctx, { details: false });
    const c = ctx.corp.domains.contacts;
    const t = readableTag(c, ctx.query.tagid, app);
    // An app sees the tag's members and departments inside its visible range only (doc path/90210).
    const can = visibility(app, c);
    const userlist: Array<{ userid: string; name: string }> = [];
    for (const key of t.users) {
      const m = c.users.get(key);
      if (!m || !can.member(m)) continue;
      if (app?.third_party) {
        const { userid, name } = thirdPartyNames(ctx, app, m);
        userlist.push({ userid, name });
      } else userlist.push({ userid: m.userid, name: m.name });
    }
    return { tagname: t.tagname, userlist, partylist: [...t.parties].filter((p) => can.department(p)) };
  },

  tag_list: (ctx) => {
    const app = requireContactsReader(ctx, { details: false });
    const c = ctx.corp.domains.contacts;
    // Self-built apps and contacts sync list every tag of the corp (developer.work.weixin.qq.com/document/path/90216);
    // a third-party app lists those it may read (mayReadTag).
    const taglist = [...c.tags.values()]
      .filter((t) => mayReadTag(t, app))
      .sort((a, b) => a.tagid - b.tagid)
      .map((t) => ({ tagid: t.tagid, tagname: t.tagname }));
    return { taglist };
  },

  tag_addtagusers: (ctx) => {
    const owner = requireTagWriter(ctx);
    const c = ctx.corp.domains.contacts;
    return { ...applyTagMembers(c, ctx.body, owner, 'add', visibility(ctx.app, c), ctx.emit) };
  },

  tag_deltagusers: (ctx) => {
    const owner = requireTagWriter(ctx);
    const c = ctx.corp.domains.contacts;
    return { ...applyTagMembers(c, ctx.body, owner, 'del', visibility(ctx.app, c), ctx.emit) };
  },
});
