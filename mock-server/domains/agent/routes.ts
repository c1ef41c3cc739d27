/** 应用管理 handlers: agent/get, list, set, the workbench template and data, and the app menu (doc path/90227, 90228, 90231–90233, 92535). */
import { err } from '../../core/errors/index.js';
import type { AppState } from '../../core/tenancy/types.js';
import { memberVisibility, userKey } from '../contacts/index.js';
import { defineRoutes, type Ctx } from '../types.js';
import { checkAppTexts, checkDomain, checkMenu, checkWorkbench } from './rules.js';

/**
 * The app a call may manage: its own (doc path/90227: 企业仅可获取当前凭证对应的应用). A secret that is not an
 * app's → 48002; an agentid the corp does not have → 40056; another app of the corp → 301002.
 */
function ownApp(ctx: Ctx, agentid: number): AppState {
  if (ctx.secretKind !== 'app' || !ctx.app) throw err('API_FORBIDDEN');
  if (agentid === ctx.app.agentid) return ctx.app;
  throw err(ctx.corp.apps.has(agentid) ? 'AGENT_MISMATCH' : 'INVALID_AGENTID');
}

export const agentRoutes = defineRoutes({
  agent_get: (ctx) => {
    const app = ownApp(ctx, ctx.query.agentid);
    const p = ctx.corp.domains.agent.profile(app.agentid);
    return {
      agentid: app.agentid,
      name: app.name,
      square_logo_url: p.square_logo_url,
      description: p.description,
      // The visible range is the app's own (core/tenancy AppState), the one every contacts read checks.
      allow_userinfos: { user: app.allow_user.map((userid) => ({ userid })) },
      allow_partys: { partyid: [...app.allow_party] },
      allow_tags: { tagid: [...app.allow_tag] },
      close: 0,
      redirect_domain: app.trusted_domain,
      report_location_flag: p.report_location_flag,
      isreportenter: p.isreportenter,
      home_url: p.home_url,
      customized_publish_status: 0,
    };
  },

  agent_list: (ctx) => {
    if (ctx.secretKind !== 'app' || !ctx.app) throw err('API_FORBIDDEN');
    const p = ctx.corp.domains.agent.profile(ctx.app.agentid);
    return { agentlist: [{ agentid: ctx.app.agentid, name: ctx.app.name, square_logo_url: p.square_logo_url }] };
  },

  agent_set: (ctx) => {
    const b = ctx.body;
    const app = ownApp(ctx, b.agentid);
    checkAppTexts(b.name, b.description);
    let logo: string | undefined;
    if (b.logo_mediaid !== undefined) {
      const media = ctx.corp.domains.media.getMedia(b.logo_mediaid, ctx.clock.nowMs());
      if (!media || media.type !== 'image') throw err('INVALID_MEDIA_ID');
      logo = `https://wework.qpic.cn/wwpic/${b.logo_mediaid.slice(0, 24)}/0`;
    }
    if (b.redirect_domain !== undefined) checkDomain(b.redirect_domain);
    if (b.home_url !== undefined && !/^https?:\/\/[^/\s]+/i.test(b.home_url)) throw err('INVALID_PARAMETER', { message: 'home_url must be an http(s) URL. invalid Request Parameter' });
    const p = ctx.corp.domains.agent.profile(app.agentid);
    if (b.name !== undefined) app.name = b.name;
    if (b.description !== undefined) p.description = b.description;
    if (logo !== undefined) p.square_logo_url = logo;
    // redirect_domain is the app's trusted domain (可信域名): the OAuth pages check redirect_uri against it.
    if (b.redirect_domain !== undefined) app.trusted_domain = b.redirect_domain;
    if (b.home_url !== undefined) p.home_url = b.home_url;
    if (b.isreportenter !== undefined) p.isreportenter = b.isreportenter;
    if (b.report_location_flag !== undefined) p.report_location_flag = b.report_location_flag;
    return {};
  },

  agent_get_workbench_template: (ctx) => {
    const app = ownApp(ctx, ctx.body.agentid);
    const w = ctx.corp.domains.agent.workbenchOf(app.agentid);
    return { type: w.type, ...(w.content && { [w.type]: w.content }), replace_user_data: w.replace_user_data };
  },

  agent_set_workbench_template: (ctx) => {
    const app = ownApp(ctx, ctx.body.agentid);
    const t = checkWorkbench(ctx.body);
    const w = ctx.corp.domains.agent.workbenchOf(app.agentid);
    if (w.type !== t.type) w.userData.clear();
    w.type = t.type;
    w.content = t.content;
    w.replace_user_data = ctx.body.replace_user_data ?? false;
    return {};
  },

  agent_set_workbench_data: (ctx) => {
    const app = ownApp(ctx, ctx.body.agentid);
    const w = ctx.corp.domains.agent.workbench.get(app.agentid);
    // doc path/92535: data needs a template of the same type set first (94008), and custom mode on (94000).
    if (!w) throw err('WORKBENCH_TEMPLATE_TYPE_NOT_SET');
    if (w.type === 'normal') throw err('WORKBENCH_CUSTOM_MODE_OFF');
    const member = ctx.corp.domains.contacts.getUser(ctx.body.userid);
    if (!member) throw err('USERID_NOT_FOUND');
    if (!memberVisibility(app, ctx.corp.domains.contacts)(member)) throw err('USERID_NOT_IN_VISIBLE_RANGE');
    if (ctx.body.type !== w.type) throw err('WORKBENCH_INVALID_TYPE');
    const t = checkWorkbench(ctx.body);
    if (t.content) w.userData.set(userKey(member.userid), { type: t.type, content: t.content });
    return {};
  },

  menu_create: (ctx) => {
    const app = ownApp(ctx, ctx.query.agentid);
    ctx.corp.domains.agent.menus.set(app.agentid, checkMenu(ctx.body.button));
    return {};
  },

  menu_get: (ctx) => {
    const app = ownApp(ctx, ctx.query.agentid);
    const menu = ctx.corp.domains.agent.menus.get(app.agentid);
    if (!menu) throw err('MENU_NOT_SET');
    // Menus are two levels deep (checkMenu refuses a third): sub-buttons are answered without sub_button.
    return { button: menu.map(({ sub_button, ...b }) => (sub_button ? { ...b, sub_button: sub_button.map(({ sub_button: _, ...s }) => s) } : { ...b })) };
  },

  menu_delete: (ctx) => {
    const app = ownApp(ctx, ctx.query.agentid);
    ctx.corp.domains.agent.menus.delete(app.agentid);
    return {};
  },
});
