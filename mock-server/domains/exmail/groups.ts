/** 邮件群组 and 业务邮箱 (public mailboxes): create, read, update, delete, search. */
import { err, found } from '../../core/errors/index.js';
import { defineRoutes } from '../types.js';
import { mail, member, unwrap, wrap } from './rules.js';
import { EMAIL, type ExmailState, type MailGroup, type PublicMailbox } from './state.js';

type GroupInput = Partial<Record<'email_list' | 'group_list' | 'allow_emaillist', string[]> & Record<'tag_list' | 'department_list' | 'allow_departmentlist' | 'allow_taglist', number[]>> & { groupname?: string; allow_type?: number };

/** The group rules: address, name, members, nested groups, allow_type. */
function checkGroup(s: ExmailState, g: MailGroup): void {
  if (!g.groupname || [...g.groupname].length > 64) throw err('MAIL_INVALID_GROUP_NAME');
  if (g.email_list.some((e) => !EMAIL.test(e))) throw err('MAIL_INVALID_GROUP_MEMBER');
  for (const sub of g.group_list) if (sub === g.groupid || !s.groups.has(sub)) throw err('MAIL_INVALID_NESTED_GROUP', { message: 'a nested group is not found' });
  if (!g.email_list.length && !g.tag_list.length && !g.department_list.length && !g.group_list.length) throw err('MAIL_GROUP_MEMBERS_EMPTY');
  if (![0, 1, 2, 3].includes(g.allow_type)) throw err('MAIL_INVALID_GROUP_ALLOW_TYPE');
  if (g.allow_emaillist.some((e) => !EMAIL.test(e))) throw err('MAIL_INVALID_ALLOW_MEMBER');
}

function apply(g: MailGroup, b: GroupInput): MailGroup {
  return {
    ...g,
    ...(b.groupname !== undefined ? { groupname: b.groupname } : {}),
    ...(b.allow_type !== undefined ? { allow_type: b.allow_type } : {}),
    ...(b.email_list ? { email_list: b.email_list } : {}),
    ...(b.tag_list ? { tag_list: b.tag_list } : {}),
    ...(b.department_list ? { department_list: b.department_list } : {}),
    ...(b.group_list ? { group_list: b.group_list } : {}),
    ...(b.allow_emaillist ? { allow_emaillist: b.allow_emaillist } : {}),
    ...(b.allow_departmentlist ? { allow_departmentlist: b.allow_departmentlist } : {}),
    ...(b.allow_taglist ? { allow_taglist: b.allow_taglist } : {}),
  };
}

function groupOf(s: ExmailState, groupid: string): MailGroup {
  return found(s.groups.get(groupid.toLowerCase()), 'MAIL_GROUP_NOT_FOUND', { message: 'groupid not found' });
}

function publicOf(s: ExmailState, id: number): PublicMailbox {
  return found(s.publics.get(id), 'MAIL_PUBLIC_MAILBOX_NOT_FOUND', { message: 'public mailbox id not found' });
}

function checkName(s: ExmailState, name: string, self: number | undefined): void {
  if (!name || [...name].length > 64) throw err('MAIL_INVALID_PUBLIC_MAILBOX_NAME');
  for (const p of s.publics.values()) if (p.name === name && p.id !== self) throw err('MAIL_PUBLIC_MAILBOX_NAME_EXISTED');
}

const match = (fuzzy: number | undefined, text: string | undefined, value: string): boolean =>
  !text || (fuzzy === 1 ? value.includes(text.toLowerCase()) : value === text.toLowerCase());

export const groupRoutes = defineRoutes({
  exmail_group_create: (ctx) => {
    const s = mail(ctx);
    const b = ctx.body;
    const groupid = b.groupid.toLowerCase();
    if (!EMAIL.test(groupid)) throw err('MAIL_INVALID_GROUP_ADDRESS');
    if (s.groups.has(groupid)) throw err('MAIL_GROUP_ADDRESS_TAKEN_BY_GROUP');
    const blank: MailGroup = { groupid, groupname: '', email_list: [], tag_list: [], department_list: [], group_list: [], allow_type: 0, allow_emaillist: [], allow_departmentlist: [], allow_taglist: [] };
    const g = apply(blank, b);
    checkGroup(s, g);
    s.groups.set(groupid, g);
    return {};
  },
  exmail_group_update: (ctx) => {
    const s = mail(ctx);
    const b = ctx.body;
    const g = groupOf(s, b.groupid);
    const next = apply(g, {
      groupname: b.groupname, allow_type: b.allow_type, email_list: unwrap(b.email_list), tag_list: unwrap(b.tag_list), department_list: unwrap(b.department_list),
      group_list: unwrap(b.group_list), allow_emaillist: unwrap(b.allow_emaillist), allow_departmentlist: unwrap(b.allow_departmentlist), allow_taglist: unwrap(b.allow_taglist),
    });
    checkGroup(s, next);
    s.groups.set(g.groupid, next);
    return {};
  },
  exmail_group_delete: (ctx) => {
    const s = mail(ctx);
    const g = groupOf(s, ctx.body.groupid);
    s.groups.delete(g.groupid);
    for (const other of s.groups.values()) other.group_list = other.group_list.filter((x) => x !== g.groupid);
    return {};
  },
  exmail_group_get: (ctx) => {
    const g = groupOf(mail(ctx), ctx.query.groupid);
    return {
      groupid: g.groupid, groupname: g.groupname, email_list: wrap(g.email_list), tag_list: wrap(g.tag_list), department_list: wrap(g.department_list), group_list: wrap(g.group_list),
      allow_type: g.allow_type, allow_emaillist: wrap(g.allow_emaillist), allow_departmentlist: wrap(g.allow_departmentlist), allow_taglist: wrap(g.allow_taglist),
    };
  },
  exmail_group_search: (ctx) => {
    const groups = [...mail(ctx).groups.values()].filter((g) => match(ctx.query.fuzzy, ctx.query.groupid, g.groupid)).map((g) => ({ groupid: g.groupid, groupname: g.groupname }));
    return { count: groups.length, groups };
  },

  exmail_publicmail_create: (ctx) => {
    const s = mail(ctx);
    const b = ctx.body;
    const email = b.email.toLowerCase();
    if (!EMAIL.test(email)) throw err('MAIL_INVALID_PUBLIC_MAILBOX_ADDRESS');
    if ([...s.publics.values()].some((p) => p.email === email || p.alias_list.includes(email)) || s.groups.has(email)) throw err('MAIL_PUBLIC_MAILBOX_ADDRESS_EXISTED');
    checkName(s, b.name, undefined);
    const userids = (unwrap(b.userid_list) ?? []).map((u) => member(ctx, u));
    const p: PublicMailbox = { id: s.nextPublicId++, email, name: b.name, userid_list: userids, department_list: unwrap(b.department_list) ?? [], tag_list: unwrap(b.tag_list) ?? [], alias_list: [], authCodes: new Map(), disabled: false };
    s.publics.set(p.id, p);
    if (b.create_auth_code === 1) {
      const a = s.newAuthCode(p, b.auth_code_info?.remark ?? '', ctx.clock.nowSec());
      return { id: p.id, auth_code_id: a.auth_code_id, auth_code: a.code };
    }
    return { id: p.id };
  },
  exmail_publicmail_update: (ctx) => {
    const s = mail(ctx);
    const b = ctx.body;
    const p = publicOf(s, b.id);
    if (b.name !== undefined) checkName(s, b.name, p.id);
    const userids = unwrap(b.userid_list)?.map((u) => member(ctx, u));
    const aliases = unwrap(b.alias_list);
    if (aliases?.some((a) => !EMAIL.test(a))) throw err('MAIL_INVALID_PUBLIC_MAILBOX_ADDRESS');
    if (b.name !== undefined) p.name = b.name;
    if (userids) p.userid_list = userids;
    p.department_list = unwrap(b.department_list) ?? p.department_list;
    p.tag_list = unwrap(b.tag_list) ?? p.tag_list;
    if (aliases) p.alias_list = aliases.map((a) => a.toLowerCase());
    if (b.create_auth_code === 1) {
      const a = s.newAuthCode(p, b.auth_code_info?.remark ?? '', ctx.clock.nowSec());
      return { auth_code_id: a.auth_code_id, auth_code: a.code };
    }
    return {};
  },
  exmail_publicmail_delete: (ctx) => {
    const s = mail(ctx);
    s.publics.delete(publicOf(s, ctx.body.id).id);
    return {};
  },
  exmail_publicmail_get: (ctx) => {
    const s = mail(ctx);
    const ids = ctx.body.id_list;
    if (!ids.length || ids.length > 100) throw err('MAIL_INVALID_PUBLIC_MAILBOX_ID');
    return {
      list: ids.map((id) => publicOf(s, id)).map((p) => ({
        id: p.id, email: p.email, name: p.name, userid_list: wrap(p.userid_list), department_list: wrap(p.department_list), tag_list: wrap(p.tag_list), alias_list: wrap(p.alias_list),
      })),
    };
  },
  exmail_publicmail_search: (ctx) => ({
    list: [...mail(ctx).publics.values()].filter((p) => match(ctx.query.fuzzy, ctx.query.email, p.email)).map((p) => ({ id: p.id, email: p.email, name: p.name })),
  }),
  exmail_publicmail_get_auth_code_list: (ctx) => ({
    auth_code_list: [...publicOf(mail(ctx), ctx.body.id).authCodes.values()].map((a) => ({ auth_code_id: a.auth_code_id, create_time: a.create_time, last_use_time: a.last_use_time, remark: a.remark })),
  }),
  exmail_publicmail_delete_auth_code: (ctx) => {
    const p = publicOf(mail(ctx), ctx.body.id);
    if (!p.authCodes.delete(ctx.body.auth_code_id)) throw err('MAIL_INVALID_PARAMETER', { message: 'auth_code_id not found' });
    return {};
  },
});
