/** wedoc/smartsheet/*: sub-sheets, views, fields, field groups, content permissions and the group chat (doc path/99896 …). */
import type { components } from '../../../../spec/generated/openapi.js';
import { err } from '../../../core/errors/index.js';
import { defineRoutes, type Ctx } from '../../types.js';
import { emitDocChange } from '../events.js';
import { badParam, checkMembers, docOf, touch } from '../rules.js';
import { DOC_TYPES, type Doc, type SmartSheet, type View } from '../state.js';
import { FIELD_TYPE_SET } from './cells.js';
import { compileFilter, FilterError, type FilterSpec } from './filter.js';
import { fieldView, LIMITS, newField, newSmartSheet, newViewId } from './model.js';
import { recordRoutes } from './records.js';

function smartDoc(ctx: Ctx, docid: string | undefined): Doc {
  return docOf(ctx, docid, DOC_TYPES.smartsheet);
}

function sheetOf(doc: Doc, sheetId: string | undefined): SmartSheet {
  const s = doc.smart.find((x) => x.sheet_id === sheetId);
  if (!s) badParam(`sheet_id ${String(sheetId)} not found`);
  return s;
}

/** The smart-sheet doc and the sub-sheet a call names by docid and sheet_id. */
export function docSheet(ctx: Ctx, body: { docid?: string | undefined; sheet_id?: string | undefined }): { doc: Doc; sheet: SmartSheet } {
  const doc = smartDoc(ctx, body.docid);
  return { doc, sheet: sheetOf(doc, body.sheet_id) };
}

/** The view a call names by view_id (else 2022000 `view_id <id> not found`). */
export function viewOf(sheet: SmartSheet, viewId: string): View {
  const view = sheet.views.find((v) => v.view_id === viewId);
  if (!view) badParam(`view_id ${viewId} not found`);
  return view;
}

/** The ids a delete_* call names; each must name something the sub-sheet has (else 2022000 `<what> <id> not found`). */
export function knownIds(ids: string[], has: (id: string) => boolean, what: string): Set<string> {
  const set = new Set(ids);
  for (const id of set) if (!has(id)) badParam(`${what} ${id} not found`);
  return set;
}

/** What a delete_* call leaves of `items`; each id it names must be one of them (as knownIds). */
function without<T>(items: T[], ids: string[], idOf: (x: T) => string, what: string): T[] {
  const gone = knownIds(ids, (id) => items.some((x) => idOf(x) === id), what);
  return items.filter((x) => !gone.has(idOf(x)));
}

/** offset/limit paging of get_views, get_fields, get_field_groups (limit 0 or absent = all). */
function page<T>(all: T[], offset = 0, limit = 0): { total: number; has_more: boolean; next: number; items: T[] } {
  const end = limit > 0 ? offset + limit : all.length;
  const items = all.slice(offset, end);
  const has_more = end < all.length;
  return { total: all.length, has_more, next: has_more ? end : 0, items };
}

type ViewOut = components['schemas']['WedocView'];

function viewOut(v: View): ViewOut {
  return { view_id: v.view_id, view_title: v.view_title, view_type: v.view_type as ViewOut['view_type'], property: structuredClone(v.property) as ViewOut['property'] };
}

function checkFilter(ctx: Ctx, sheet: SmartSheet, spec: unknown): void {
  try {
    compileFilter(spec as FilterSpec, new Map(sheet.fields.map((f) => [f.field_id, f])), ctx.clock.nowMs());
  } catch (e) {
    if (e instanceof FilterError) badParam(e.message);
    throw e;
  }
}

/** A write to a smart sheet: the doc's modify time and the doc-change event. */
export function changed(ctx: Ctx, doc: Doc): void {
  touch(ctx, doc);
  emitDocChange(ctx, doc.ownerAgentid, doc.docid, 'modify_doc_content');
}

const sheetRoutes = defineRoutes({
  wedoc_smartsheet_add_sheet: (ctx) => {
    const doc = smartDoc(ctx, ctx.body.docid);
    const p = ctx.body.properties ?? {};
    const sheet = newSmartSheet(ctx.corp.domains.wedoc, doc, p.title ?? `智能表${doc.smart.length + 1}`, false);
    const index = Math.min(p.index ?? doc.smart.length, doc.smart.length);
    doc.smart.splice(index, 0, sheet);
    changed(ctx, doc);
    return { properties: { title: sheet.title, index, sheet_id: sheet.sheet_id } };
  },
  wedoc_smartsheet_delete_sheet: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    doc.smart.splice(doc.smart.indexOf(sheet), 1);
    const hooks = ctx.corp.domains.wedoc.webhooks;
    for (const [k, w] of hooks) if (w.docid === doc.docid && w.sheet_id === sheet.sheet_id) hooks.delete(k);
    changed(ctx, doc);
    return {};
  },
  wedoc_smartsheet_update_sheet: (ctx) => {
    const doc = smartDoc(ctx, ctx.body.docid);
    const sheet = sheetOf(doc, ctx.body.properties.sheet_id);
    if (ctx.body.properties.title !== undefined) sheet.title = ctx.body.properties.title;
    changed(ctx, doc);
    return {};
  },

  wedoc_smartsheet_add_view: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    if (sheet.views.length >= LIMITS.views) badParam(`a sub-sheet holds at most ${LIMITS.views} views`);
    const property: Record<string, unknown> = {};
    if (ctx.body.property_gantt) property['property_gantt'] = structuredClone(ctx.body.property_gantt);
    if (ctx.body.property_calendar) property['property_calendar'] = structuredClone(ctx.body.property_calendar);
    const view: View = { view_id: newViewId(ctx.corp.domains.wedoc, sheet), view_title: ctx.body.view_title, view_type: ctx.body.view_type, property };
    sheet.views.push(view);
    changed(ctx, doc);
    return { view: viewOut(view) };
  },
  wedoc_smartsheet_delete_views: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    const views = without(sheet.views, ctx.body.view_ids, (v) => v.view_id, 'view_id');
    if (views.length < 1) badParam('a sub-sheet keeps at least one view');
    sheet.views = views;
    changed(ctx, doc);
    return {};
  },
  wedoc_smartsheet_update_view: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    const view = viewOf(sheet, ctx.body.view_id);
    if (ctx.body.property?.filter_spec) checkFilter(ctx, sheet, ctx.body.property.filter_spec);
    if (ctx.body.view_title !== undefined) view.view_title = ctx.body.view_title;
    if (ctx.body.property) view.property = { ...view.property, ...structuredClone(ctx.body.property) };
    changed(ctx, doc);
    return { view: viewOut(view) };
  },
  wedoc_smartsheet_get_views: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    const wanted = ctx.body.view_ids?.length ? new Set(ctx.body.view_ids) : undefined;
    const p = page(sheet.views.filter((v) => !wanted || wanted.has(v.view_id)), ctx.body.offset, ctx.body.limit);
    return { total: p.total, has_more: p.has_more, next: p.next, views: p.items.map(viewOut) };
  },

  wedoc_smartsheet_add_fields: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    if (sheet.fields.length + ctx.body.fields.length > LIMITS.fields) badParam(`a sub-sheet holds at most ${LIMITS.fields} fields`);
    const titles = new Set(sheet.fields.map((f) => f.field_title));
    const made = ctx.body.fields.map((input, n) => {
      const title = input.field_title;
      if (!title) badParam(`fields[${n}].field_title is empty`);
      if (titles.has(title)) badParam(`a field is already titled ${title}`);
      if (!input.field_type || !FIELD_TYPE_SET.has(input.field_type)) badParam(`fields[${n}].field_type is missing`);
      titles.add(title);
      const props: Record<string, Record<string, unknown>> = {};
      for (const [k, v] of Object.entries(input)) if (k.startsWith('property_') && v && typeof v === 'object') props[k] = v as Record<string, unknown>;
      return newField(ctx.corp.domains.wedoc, sheet, title, input.field_type, props);
    });
    sheet.fields.push(...made);
    changed(ctx, doc);
    return { fields: made.map(fieldView) };
  },
  wedoc_smartsheet_delete_fields: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    const ids = knownIds(ctx.body.field_ids, (id) => sheet.fields.some((f) => f.field_id === id), 'field_id');
    if (sheet.fields.length - ids.size < 1) badParam('a sub-sheet keeps at least one field');
    sheet.fields = sheet.fields.filter((f) => !ids.has(f.field_id));
    for (const r of sheet.records.values()) for (const id of ids) delete r.values[id];
    for (const g of sheet.groups) g.children = g.children.filter((id) => !ids.has(id));
    sheet.ver++;
    changed(ctx, doc);
    return {};
  },
  wedoc_smartsheet_update_fields: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    const out = ctx.body.fields.map((input, n) => {
      const f = sheet.fields.find((x) => x.field_id === input.field_id);
      if (!f) badParam(`fields[${n}].field_id ${String(input.field_id)} not found`);
      // Only the title and the settings change; a field keeps its type (doc path/99906).
      if (input.field_type !== undefined && input.field_type !== f.field_type) badParam(`fields[${n}]: field_type cannot change`);
      if (input.field_title !== undefined && input.field_title !== f.field_title) {
        if (sheet.fields.some((x) => x !== f && x.field_title === input.field_title)) badParam(`a field is already titled ${input.field_title}`);
        f.field_title = input.field_title;
      }
      for (const [k, v] of Object.entries(input)) if (k.startsWith('property_') && v && typeof v === 'object') f.props[k] = structuredClone(v as Record<string, unknown>);
      return f;
    });
    changed(ctx, doc);
    return { fields: out.map(fieldView) };
  },
  wedoc_smartsheet_get_fields: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    let fields = sheet.fields;
    if (ctx.body.view_id) {
      const vis = viewOf(sheet, ctx.body.view_id).property['field_visibility'] as Record<string, boolean> | undefined;
      if (vis) fields = fields.filter((f) => vis[f.field_id] !== false);
    }
    if (ctx.body.field_ids?.length) fields = fields.filter((f) => ctx.body.field_ids!.includes(f.field_id));
    if (ctx.body.field_titles?.length) fields = fields.filter((f) => ctx.body.field_titles!.includes(f.field_title));
    const p = page(fields, ctx.body.offset, ctx.body.limit);
    return { total: p.total, has_more: p.has_more, next: p.next, fields: p.items.map(fieldView) };
  },

  wedoc_smartsheet_add_field_group: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    if (sheet.groups.length >= LIMITS.groups) badParam(`a sub-sheet holds at most ${LIMITS.groups} field groups`);
    const children = groupChildren(sheet, ctx.body.children ?? [], undefined);
    const g = { field_group_id: ctx.corp.domains.wedoc.newId('fg', 5, (id) => sheet.groups.some((x) => x.field_group_id === id)), name: ctx.body.name, children };
    sheet.groups.push(g);
    changed(ctx, doc);
    return { field_group: groupOut(g) };
  },
  wedoc_smartsheet_delete_field_groups: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    sheet.groups = without(sheet.groups, ctx.body.field_group_ids, (g) => g.field_group_id, 'field_group_id');
    changed(ctx, doc);
    return {};
  },
  wedoc_smartsheet_update_field_group: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    const g = sheet.groups.find((x) => x.field_group_id === ctx.body.field_group_id);
    if (!g) badParam(`field_group_id ${ctx.body.field_group_id} not found`);
    if (ctx.body.children) g.children = groupChildren(sheet, ctx.body.children, g.field_group_id);
    if (ctx.body.name) g.name = ctx.body.name;
    changed(ctx, doc);
    return { field_group: groupOut(g) };
  },
  wedoc_smartsheet_get_field_groups: (ctx) => {
    const { doc, sheet } = docSheet(ctx, ctx.body);
    const p = page(sheet.groups, ctx.body.offset, ctx.body.limit);
    return { total: p.total, has_more: p.has_more, next: p.next, field_groups: p.items.map(groupOut) };
  },

  wedoc_smartsheet_content_priv_get_sheet_priv: (ctx) => {
    const doc = smartDoc(ctx, ctx.body.docid);
    if (ctx.body.type === 2) {
      // The mock keeps no extra member rules: every rule id asked for is unknown.
      const id = ctx.body.rule_id_list?.[0];
      if (id !== undefined) badParam(`rule_id ${id} not found`);
      return { rule_list: [] };
    }
    const priv_list = doc.smart.map((s) => ({
      sheet_id: s.sheet_id,
      priv: 1,
      can_insert_record: true,
      can_delete_record: true,
      can_create_modify_delete_view: true,
      record_priv: { record_range_type: 1 },
      field_priv: { field_range_type: 1, field_rule_list: [], field_default_rule: { can_edit: true, can_insert: true, can_view: true } },
    }));
    return { rule_list: [{ rule_id: 1, type: 1, name: '全员权限', priv_list }] };
  },

  wedoc_smartsheet_groupchat_update: (ctx) => {
    const doc = smartDoc(ctx, ctx.body.docid);
    const chat = doc.chats.get(ctx.body.chat_id);
    if (!chat) throw err('APPCHAT_NOT_FOUND');
    const add = checkMembers(ctx, ctx.body.add_user_list ?? []);
    const del = new Set(ctx.body.del_user_list ?? []);
    const owner = ctx.body.owner ? checkMembers(ctx, [ctx.body.owner])[0]! : chat.owner;
    const members = [...new Set([...chat.members.filter((u) => !del.has(u)), ...add])];
    if (!members.includes(owner)) members.unshift(owner);
    chat.owner = owner;
    chat.members = members;
    return {};
  },
});

function groupChildren(sheet: SmartSheet, children: Array<{ field_id: string }>, self: string | undefined): string[] {
  const ids = children.map((c) => c.field_id);
  for (const id of ids) {
    if (!sheet.fields.some((f) => f.field_id === id)) badParam(`field_id ${id} not found`);
    // A field sits in at most one group (doc path/101100).
    if (sheet.groups.some((g) => g.field_group_id !== self && g.children.includes(id))) badParam(`field ${id} is already in a group`);
  }
  return [...new Set(ids)];
}

const groupOut = (g: { field_group_id: string; name: string; children: string[] }) => ({ field_group_id: g.field_group_id, name: g.name, children: g.children.map((field_id) => ({ field_id })) });

export const smartsheetRoutes = { ...sheetRoutes, ...recordRoutes };
