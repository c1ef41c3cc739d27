/**
 * Meeting layouts and backgrounds (会议布局: 获取布局模板列表 doc path/98844 …) and advanced layouts (高级自定义布局): per
 * meeting lists of what was added, a selected default, and the templates layouts are drawn from.
 * Unknown layout/background ids and templates → 40058 (WeCom is silent on a dedicated code).
 */
import { invalidParameter } from '../../../core/errors/index.js';
import { defineRoutes } from '../../types.js';
import { liveMeetingOf, meetingOf, meetingState } from '../shared.js';

/** The templates of meeting/layout/list_template; a page's layout_template_id must be one of these. */
const TEMPLATES = ['1', '2', '3', '4', '5', '6'].map((id) => ({ layout_template_id: id, picture_url: `https://meeting.example.invalid/layout/${id}.png`, thumbnail_url: `https://meeting.example.invalid/layout/${id}_s.png`, render_rule: `grid-${id}` }));

type Page = { layout_template_id?: string; user_seat_list?: unknown[]; enable_polling?: boolean; polling_setting?: unknown };

function checkPages(pages: Page[] | undefined): void {
  if (!pages?.length || pages.length > 10) throw invalidParameter('page_list: 1..10 pages');
  for (const p of pages) if (!TEMPLATES.some((t) => t.layout_template_id === String(p.layout_template_id ?? ''))) throw invalidParameter('unknown layout_template_id');
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export const layoutsRoutes = defineRoutes({
  meeting_layout_list_template: () => ({ layout_template_list: TEMPLATES.map((t) => ({ ...t })) }),

  meeting_layout_add: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    const list = b.layout_list ?? [];
    if (!list.length || m.layouts.size + list.length > 20) throw invalidParameter('layout_list: 1..20 layouts per meeting');
    for (const l of list) checkPages(l.page_list);
    const s = meetingState(ctx);
    const added = list.map((l) => {
      const layout_id = s.nextId('lay');
      m.layouts.set(layout_id, { layout_id, page_list: clone(l.page_list ?? []) });
      return { layout_id, page_list: clone(l.page_list ?? []) };
    });
    const order = b.default_layout_order;
    if (order !== undefined) {
      if (order < 1 || order > added.length) throw invalidParameter('default_layout_order out of range');
      m.selectedLayout = added[order - 1]!.layout_id;
    }
    return { layout_list: added, selected_layout_id: m.selectedLayout };
  },

  meeting_layout_update: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    const l = m.layouts.get(b.layout_id ?? '');
    if (!l) throw invalidParameter('unknown layout_id');
    checkPages(b.page_list);
    l['page_list'] = clone(b.page_list);
    if (b.enable_set_default) m.selectedLayout = b.layout_id!;
    return {};
  },

  meeting_layout_set_default: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    // An empty id returns to the default (no custom layout).
    if (b.selected_layout_id && !m.layouts.has(b.selected_layout_id)) throw invalidParameter('unknown selected_layout_id');
    m.selectedLayout = b.selected_layout_id ?? '';
    return {};
  },

  meeting_layout_add_background: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    const imgs = b.image_list ?? [];
    if (!imgs.length || m.backgrounds.size + imgs.length > 10) throw invalidParameter('image_list: 1..10 backgrounds per meeting');
    if (imgs.some((i) => !i.image_url || !/^[0-9a-f]{32}$/i.test(i.image_md5 ?? ''))) throw invalidParameter('each image needs image_url and a 32-hex image_md5');
    const s = meetingState(ctx);
    const added = imgs.map((i) => {
      const bg = { background_id: s.nextId('bg'), image_md5: i.image_md5!, image_url: i.image_url! };
      m.backgrounds.set(bg.background_id, bg);
      return bg;
    });
    if (b.default_image_order !== undefined) {
      if (b.default_image_order < 1 || b.default_image_order > added.length) throw invalidParameter('default_image_order out of range');
      m.selectedBackground = added[b.default_image_order - 1]!.background_id;
    }
    return { background_list: [...m.backgrounds.values()].map((x) => ({ background_id: x.background_id, image_md5: x.image_md5 })), selected_background_id: m.selectedBackground };
  },

  meeting_layout_list_background: (ctx) => {
    const m = meetingOf(ctx, ctx.body.meetingid);
    return { background_list: [...m.backgrounds.values()].map((x) => ({ background_id: x.background_id, image_md5: x.image_md5 })), selected_background_id: m.selectedBackground };
  },

  meeting_layout_set_default_background: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    if (b.selected_background_id && !m.backgrounds.has(b.selected_background_id)) throw invalidParameter('unknown selected_background_id');
    m.selectedBackground = b.selected_background_id ?? '';
    return {};
  },

  meeting_layout_delete_background: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    if (!m.backgrounds.delete(b.background_id ?? '')) throw invalidParameter('unknown background_id');
    if (m.selectedBackground === b.background_id) m.selectedBackground = '';
    return {};
  },

  meeting_layout_batch_delete_background: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    const ids = b.background_id_list ?? [];
    if (!ids.length || ids.some((id) => !m.backgrounds.has(id))) throw invalidParameter('unknown background_id');
    for (const id of ids) m.backgrounds.delete(id);
    if (ids.includes(m.selectedBackground)) m.selectedBackground = '';
    return {};
  },

  meeting_advanced_layout_add: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    const list = b.layout_list ?? [];
    if (!list.length || m.advancedLayouts.size + list.length > 20) throw invalidParameter('layout_list: 1..20 layouts per meeting');
    for (const l of list) {
      if (!l.layout_name) throw invalidParameter('layout_name is required');
      checkPages(l.page_list);
    }
    const s = meetingState(ctx);
    const added = list.map((l) => {
      const layout_id = s.nextId('alay');
      m.advancedLayouts.set(layout_id, { layout_id, layout_name: l.layout_name, page_list: clone(l.page_list ?? []) });
      return { layout_id, layout_name: l.layout_name ?? '', page_list: clone(l.page_list ?? []) };
    });
    return { layout_list: added };
  },

  meeting_advanced_layout_update: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    const l = m.advancedLayouts.get(b.layout_id ?? '');
    if (!l) throw invalidParameter('unknown layout_id');
    if (b.page_list !== undefined) {
      checkPages(b.page_list);
      l['page_list'] = clone(b.page_list);
    }
    if (b.layout_name !== undefined) l['layout_name'] = b.layout_name;
    return {};
  },

  meeting_advanced_layout_list: (ctx) => {
    const m = meetingOf(ctx, ctx.body.meetingid);
    return { selected_layout_id: m.selectedAdvancedLayout, layout_list: [...m.advancedLayouts.values()].map((l) => clone(l) as { layout_id: string; layout_name: string; page_list: [] }) };
  },

  meeting_advanced_layout_batch_delete: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    const ids = b.layout_id_list ?? [];
    if (!ids.length || ids.some((id) => !m.advancedLayouts.has(id))) throw invalidParameter('unknown layout_id');
    for (const id of ids) m.advancedLayouts.delete(id);
    if (ids.includes(m.selectedAdvancedLayout)) m.selectedAdvancedLayout = '';
    return {};
  },

  meeting_advanced_layout_apply: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    if (!m.advancedLayouts.has(b.layout_id ?? '')) throw invalidParameter('unknown layout_id');
    const users = b.user_list ?? [];
    if (users.some((u) => !m.participants.has(u.tmp_openid ?? ''))) throw invalidParameter('unknown attendee tmp_openid');
    // No user_list applies the layout to the whole meeting; otherwise only to those attendees.
    if (!users.length) m.selectedAdvancedLayout = b.layout_id!;
    else for (const u of users) m.realtime[`layout:${u.tmp_openid}`] = b.layout_id;
    return {};
  },

  meeting_advanced_layout_get_user_layout: (ctx) => {
    const b = ctx.body;
    const m = meetingOf(ctx, b.meetingid);
    if (!m.participants.has(b.tmp_openid ?? '')) throw invalidParameter('unknown attendee tmp_openid');
    const id = (m.realtime[`layout:${b.tmp_openid}`] as string | undefined) ?? m.selectedAdvancedLayout;
    const l = m.advancedLayouts.get(id);
    // layout_type 1 会议布局 (the meeting's), 2 个人布局 (set for this attendee).
    return { selected_layout_id: id, layout_type: m.realtime[`layout:${b.tmp_openid}`] ? 2 : 1, layout_name: String(l?.['layout_name'] ?? ''), page_list: clone((l?.['page_list'] as []) ?? []) };
  },
});
