/** Handlers of corp customer tags (企业客户标签) and tagging customers (developer.work.weixin.qq.com/document/path/92117). */
import { err } from '../../../core/errors/index.js';
import { LIMITS } from '../../../../spec/generated/limits.js';
import { defineRoutes, type AnswerOf, type Ctx } from '../../types.js';
import { tagEvent } from '../events.js';
import { customerOf, featureMember, followOf, requireCustomerContact, tagOfId } from '../rules.js';
import type { CorpTag, ExternalContactState, TagGroup } from '../state.js';

const B = LIMITS.bound;

type TagGroupView = NonNullable<AnswerOf<'externalcontact_get_corp_tag_list'>['tag_group']>[number];

/** The owner of a tag write: the app's agentid, or null for the customer-contact secret. */
function writerOf(ctx: Ctx): number | null {
  return ctx.secretKind === 'app' && ctx.app ? ctx.app.agentid : null;
}

/** Only the app (or secret) that created a group may change it: 81011 otherwise (doc path/92117). */
function requireTagOwner(ctx: Ctx, g: TagGroup): void {
  if (g.owner !== writerOf(ctx)) throw err('TAG_NO_PRIVILEGE');
}

function newTagId(ctx: Ctx, s: ExternalContactState): string {
  for (;;) {
    const id = `et${ctx.rng.string(30)}`;
    if (!s.tags.has(id) && !s.tagGroups.has(id)) return id;
  }
}

function groupView(g: TagGroup, only?: Set<string>): TagGroupView {
  const tags = [...g.tags.values()].filter((t) => !only || only.has(t.id)).sort((a, b) => a.order - b.order || a.create_time - b.create_time);
  return {
    group_id: g.group_id,
    group_name: g.group_name,
    create_time: g.create_time,
    order: g.order,
    deleted: false,
    tag: tags.map((t) => ({ id: t.id, name: t.name, create_time: t.create_time, order: t.order, deleted: false })),
  };
}

export const corpTagsRoutes = defineRoutes({
  externalcontact_get_corp_tag_list: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const byOrder = (a: TagGroup, c: TagGroup) => a.order - c.order || a.create_time - c.create_time;
    // "同时传递tag_id和group_id时，忽略tag_id，仅以group_id作为过滤条件" (developer.work.weixin.qq.com/document/path/92117).
    if (b.tag_id && b.tag_id.length > 0 && !(b.group_id && b.group_id.length > 0)) {
      // tag_id alone: those tags and their groups; unknown ids are left out.
      const only = new Set(b.tag_id.filter((id) => s.tags.has(id)));
      const groups = new Set([...only].map((id) => s.tags.get(id)!.group_id));
      return { tag_group: [...s.tagGroups.values()].filter((g) => groups.has(g.group_id)).sort(byOrder).map((g) => groupView(g, only)) };
    }
    const wanted = b.group_id && b.group_id.length > 0 ? new Set(b.group_id) : undefined;
    return { tag_group: [...s.tagGroups.values()].filter((g) => !wanted || wanted.has(g.group_id)).sort(byOrder).map((g) => groupView(g)) };
  },

  externalcontact_add_corp_tag: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const now = ctx.clock.nowSec();
    let group: TagGroup | undefined;
    if (b.group_id) {
      group = s.tagGroups.get(b.group_id);
      if (!group) throw err('INVALID_TAGID');
      requireTagOwner(ctx, group);
    } else if (b.group_name !== undefined) {
      group = [...s.tagGroups.values()].find((g) => g.group_name === b.group_name);
      if (group) requireTagOwner(ctx, group);
    } else {
      throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: group_id or group_name required' });
    }
    // Two tags of the same name in one request make one tag, the first (developer.work.weixin.qq.com/document/path/92117);
    // a name the group already has → 40071.
    const wanted = b.tag.filter((t, i) => b.tag.findIndex((u) => u.name === t.name) === i);
    const names = wanted.map((t) => t.name);
    if (group && [...group.tags.values()].some((t) => names.includes(t.name))) throw err('INVALID_TAG_NAME');
    if (s.corpTagCount() + names.length > B.corp_customer_tags.max) throw err('CORP_TAG_LIMIT_REACHED');
    const created = !group;
    if (!group) {
      group = { group_id: newTagId(ctx, s), group_name: b.group_name!, order: b.order ?? 0, create_time: now, tags: new Map(), owner: writerOf(ctx) };
      s.tagGroups.set(group.group_id, group);
    }
    const added: CorpTag[] = [];
    for (const t of wanted) {
      const tag: CorpTag = { id: newTagId(ctx, s), name: t.name, order: t.order ?? 0, create_time: now, group_id: group.group_id };
      group.tags.set(tag.id, tag);
      s.tags.set(tag.id, tag);
      added.push(tag);
    }
    if (created) ctx.emit(tagEvent(group.group_id, 'tag_group', 'create'));
    for (const t of added) ctx.emit(tagEvent(t.id, 'tag', 'create'));
    const view = groupView(group, new Set(added.map((t) => t.id)));
    const tags = view.tag.map(({ deleted: _d, ...t }) => t);
    return { tag_group: { group_id: group.group_id, group_name: group.group_name, create_time: group.create_time, order: group.order, tag: tags } };
  },

  externalcontact_edit_corp_tag: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const asTag = tagOfId(s, b.id);
    const group = asTag ? asTag.group : s.tagGroups.get(b.id);
    if (!group) throw err('INVALID_TAGID');
    requireTagOwner(ctx, group);
    if (b.name !== undefined) {
      const clash = asTag
        ? [...group.tags.values()].some((t) => t.id !== b.id && t.name === b.name)
        : [...s.tagGroups.values()].some((g) => g.group_id !== b.id && g.group_name === b.name);
      if (clash) throw err('INVALID_TAG_NAME');
    }
    if (asTag) {
      if (b.name !== undefined) asTag.tag.name = b.name;
      if (b.order !== undefined) asTag.tag.order = b.order;
    } else {
      if (b.name !== undefined) group.group_name = b.name;
      if (b.order !== undefined) group.order = b.order;
    }
    // Only the order changed: the group's tags were reordered (ChangeType shuffle, push/ChangeExternalTagShuffle.xml).
    if (b.name === undefined && b.order !== undefined) ctx.emit(tagEvent(group.group_id, 'tag_group', 'shuffle'));
    else ctx.emit(tagEvent(b.id, asTag ? 'tag' : 'tag_group', 'update'));
    return {};
  },

  externalcontact_del_corp_tag: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const tagIds = b.tag_id ?? [];
    const groupIds = b.group_id ?? [];
    if (tagIds.length === 0 && groupIds.length === 0) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: tag_id or group_id required' });
    // Every id is checked before anything is deleted.
    for (const id of tagIds) {
      const t = tagOfId(s, id);
      if (!t) throw err('INVALID_TAGID');
      requireTagOwner(ctx, t.group);
    }
    for (const id of groupIds) {
      const g = s.tagGroups.get(id);
      if (!g) throw err('INVALID_TAGID');
      requireTagOwner(ctx, g);
    }
    const dropTag = (t: CorpTag) => {
      s.tags.delete(t.id);
      s.tagGroups.get(t.group_id)?.tags.delete(t.id);
      for (const c of s.customers.values()) for (const f of c.follows.values()) if (f.tag_ids.includes(t.id)) f.tag_ids = f.tag_ids.filter((x) => x !== t.id);
    };
    for (const id of groupIds) {
      const g = s.tagGroups.get(id);
      if (!g) continue;
      for (const t of [...g.tags.values()]) dropTag(t);
      s.tagGroups.delete(id);
      ctx.emit(tagEvent(id, 'tag_group', 'delete'));
    }
    for (const id of tagIds) {
      const t = s.tags.get(id);
      if (!t) continue;
      dropTag(t);
      ctx.emit(tagEvent(id, 'tag', 'delete'));
      const g = s.tagGroups.get(t.group_id);
      // A group without tags goes too (WeCom's console keeps no empty corp tag group).
      if (g && g.tags.size === 0) {
        s.tagGroups.delete(g.group_id);
        ctx.emit(tagEvent(g.group_id, 'tag_group', 'delete'));
      }
    }
    return {};
  },

  externalcontact_mark_tag: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const m = featureMember(ctx, b.userid);
    const f = followOf(customerOf(ctx, b.external_userid), m);
    const add = b.add_tag ?? [];
    const remove = b.remove_tag ?? [];
    if (add.length === 0 && remove.length === 0) throw err('INVALID_PARAMETER', { message: 'invalid Request Parameter: add_tag or remove_tag required' });
    for (const id of [...add, ...remove]) if (!s.tags.has(id)) throw err('INVALID_TAGID');
    const next = new Set(f.tag_ids);
    for (const id of add) next.add(id);
    for (const id of remove) next.delete(id);
    f.tag_ids = [...next];
    return {};
  },
});
