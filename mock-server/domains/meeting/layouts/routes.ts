/**
 * Meeting layouts and backgrounds (会议布局: 获取布局模板列表 doc path/98844 …) and advanced layouts (高级自定义布局): per
 * meeting lists of what was added, a selected default, and the templates layouts are drawn from.
 * Unknown layout/background ids and templates → 40058 (WeCom is silent on a dedicated code).
 */
import { invalidParameter } from '../../../core/errors/index.js';
import { defineRoutes, type Ctx } from '../../types.js';
import { liveMeetingOf, meetingOf, meetingState } from '../shared.js';
import type { Meeting } from '../state.js';

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

/**
 * A batch delete: every id must be one of `items` (else 40058 `unknown <what>`, nothing deleted); answers the
 * selection afterwards — cleared when the selected one went.
 */
function deleteAll(items: Map<string, unknown>, ids: string[] | undefined, selected: string, what: string): string {
  const list = ids ?? [];
  if (!list.length || list.some((id) => !items.has(id))) throw invalidParameter(`unknown ${what}`);
  for (const id of list) items.delete(id);
  return list.includes(selected) ? '' : selected;
}

/**
 * Adds layouts to a meeting's `into` (1..20 a meeting in all, each with valid pages): each under a new id, kept as
 * `view` makes it, and answered so.
 */
function addLayouts<L extends { page_list?: Page[] }, V extends { layout_id: string }>(ctx: Ctx, into: Map<string, Record<string, unknown>>, list: L[] | undefined, prefix: string, view: (l: L, layout_id: string) => V): V[] {
  const rows = list ?? [];
  if (!rows.length || into.size + rows.length > 20) throw invalidParameter('layout_list: 1..20 layouts per meeting');
  for (const l of rows) checkPages(l.page_list);
  const s = meetingState(ctx);
  return rows.map((l) => {
    const v = view(l, s.nextId(prefix));
    into.set(v.layout_id, clone(v));
    return v;
  });
}

/** A new default: one of `items`, or empty to return to the default (none of them); else 40058 `unknown <what>`. */
function selectOne(items: Map<string, unknown>, id: string | undefined, what: string): string {
  if (id && !items.has(id)) throw invalidParameter(`unknown ${what}`);
  return id ?? '';
}

/** The meeting's backgrounds and the selected one (add_background and list_background answer the same). */
function backgroundsView(m: Meeting) {
  return { background_list: [...m.backgrounds.values()].map((x) => ({ background_id: x.background_id, image_md5: x.image_md5 })), selected_background_id: m.selectedBackground };
}

export const layoutsRoutes = defineRoutes({
  meeting_layout_list_template: () => ({ layout_template_list: TEMPLATES.map((t) => ({ ...t })) }),

  meeting_layout_add: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    const added = addLayouts(ctx, m.layouts, b.layout_list, 'lay', (l, layout_id) => ({ layout_id, page_list: clone(l.page_list ?? []) }));
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
    const m = liveMeetingOf(ctx, ctx.body.meetingid);
    m.selectedLayout = selectOne(m.layouts, ctx.body.selected_layout_id, 'selected_layout_id');
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
    return backgroundsView(m);
  },

  meeting_layout_list_background: (ctx) => backgroundsView(meetingOf(ctx, ctx.body.meetingid)),

  meeting_layout_set_default_background: (ctx) => {
    const m = liveMeetingOf(ctx, ctx.body.meetingid);
    m.selectedBackground = selectOne(m.backgrounds, ctx.body.selected_background_id, 'selected_background_id');
    return {};
  },

  meeting_layout_delete_background: (ctx) => {
    const m = liveMeetingOf(ctx, ctx.body.meetingid);
    m.selectedBackground = deleteAll(m.backgrounds, [ctx.body.background_id ?? ''], m.selectedBackground, 'background_id');
    return {};
  },

  meeting_layout_batch_delete_background: (ctx) => {
    const m = liveMeetingOf(ctx, ctx.body.meetingid);
    m.selectedBackground = deleteAll(m.backgrounds, ctx.body.background_id_list, m.selectedBackground, 'background_id');
    return {};
  },

  meeting_advanced_layout_add: (ctx) => {
    const b = ctx.body;
    const m = liveMeetingOf(ctx, b.meetingid);
    if ((b.layout_list ?? []).some((l) => !l.layout_name)) throw invalidParameter('layout_name is required');
    const added = addLayouts(ctx, m.advancedLayouts, b.layout_list, 'alay', (l, layout_id) => ({ layout_id, layout_name: l.layout_name ?? '', page_list: clone(l.page_list ?? []) }));
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
    const m = liveMeetingOf(ctx, ctx.body.meetingid);
    m.selectedAdvancedLayout = deleteAll(m.advancedLayouts, ctx.body.layout_id_list, m.selectedAdvancedLayout, 'layout_id');
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
