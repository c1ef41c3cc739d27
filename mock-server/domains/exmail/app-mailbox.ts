/** The app mailbox (send, list, read, alias), mailbox activation, unread counts, mail options and VIP seats. */
import { err } from '../../core/errors/index.js';
import { offsetPage } from '../../core/pipeline/cursor.js';
import { defineRoutes, type Ctx } from '../types.js';
import { mail, member, wrap } from './rules.js';
import { EMAIL, type Mail } from './state.js';

const MAX_WINDOW = 30 * 86_400;
/** Option types: 1 强制启用安全登录, 2 IMAP/SMTP, 3 POP/SMTP, 4 是否启用安全登录. */
const OPTION_TYPES = new Set([1, 2, 3, 4]);

const agentOf = (ctx: Ctx): number => ctx.app?.agentid ?? 0;

function eml(m: Mail): string {
  return [
    `Message-ID: <${m.mail_id}>`,
    `Date: ${new Date(m.time * 1000).toUTCString()}`,
    `From: ${m.from}`,
    `To: ${m.to.join(', ')}`,
    ...(m.cc.length ? [`Cc: ${m.cc.join(', ')}`] : []),
    `Subject: =?UTF-8?B?${Buffer.from(m.subject).toString('base64')}?=`,
    'MIME-Version: 1.0',
    `Content-Type: ${m.meeting ? 'text/calendar' : 'text/html'}; charset=UTF-8`,
    '',
    m.content,
  ].join('\r\n');
}

function batch(userids: string[]): string[] {
  if (!userids.length || userids.length > 100) throw err('MAIL_INVALID_PARAMETER', { message: 'userid_list must hold 1 to 100 userids' });
  return userids;
}

export const appRoutes = defineRoutes({
  exmail_app_compose_send: (ctx) => {
    const s = mail(ctx);
    const b = ctx.body;
    const to = [...(b.to?.emails ?? []), ...(b.to?.userids ?? []).map((u) => `${member(ctx, u).toLowerCase()}@${s.domain}`)];
    const cc = [...(b.cc?.emails ?? []), ...(b.cc?.userids ?? []).map((u) => `${member(ctx, u).toLowerCase()}@${s.domain}`)];
    if (!to.length) throw err('MAIL_INVALID_PARAMETER', { message: 'no recipient' });
    if (!b.subject) throw err('MAIL_INVALID_PARAMETER', { message: 'subject is empty' });
    if ([...to, ...cc].some((e) => !EMAIL.test(e))) throw err('MAIL_INVALID_PARAMETER', { message: 'invalid recipient address' });
    const box = s.appBox(agentOf(ctx));
    box.mails.push({ mail_id: s.rng.string(32), time: ctx.clock.nowSec(), from: box.email, to, cc, subject: b.subject, content: b.content ?? '', meeting: b.schedule !== undefined });
    for (const u of new Set([...(b.to?.userids ?? []), ...(b.cc?.userids ?? []), ...(b.bcc?.userids ?? [])])) s.unread.set(member(ctx, u), (s.unread.get(u) ?? 0) + 1);
    return {};
  },
  exmail_app_get_mail_list: (ctx) => {
    const s = mail(ctx);
    const { begin_time, end_time } = ctx.body;
    if (end_time < begin_time || end_time - begin_time > MAX_WINDOW) throw err('MAIL_INVALID_PARAMETER', { message: 'the window must be 0 to 30 days' });
    const hits = s.appBox(agentOf(ctx)).mails.filter((m) => m.time >= begin_time && m.time <= end_time);
    const { page, next_cursor } = offsetPage(ctx, ctx.body.cursor || undefined, hits, ctx.body.limit ?? 100);
    return { next_cursor, has_more: next_cursor ? 1 : 0, mail_list: page.map((m) => ({ mail_id: m.mail_id })) };
  },
  exmail_app_read_mail: (ctx) => {
    const m = mail(ctx).appBox(agentOf(ctx)).mails.find((x) => x.mail_id === ctx.body.mail_id);
    if (!m) throw err('MAIL_INVALID_PARAMETER', { message: 'mail_id not found' });
    return { mail_data: eml(m) };
  },
  exmail_app_get_email_alias: (ctx) => {
    const box = mail(ctx).appBox(agentOf(ctx));
    return { email: box.email, alias_list: [...box.aliases] };
  },
  exmail_app_update_email_alias: (ctx) => {
    const s = mail(ctx);
    const next = ctx.body.new_email.toLowerCase();
    if (!EMAIL.test(next)) throw err('MAIL_INVALID_PARAMETER', { message: 'new_email is not a mail address' });
    if (!next.endsWith(`@${s.domain}`)) throw err('EMAIL_DOMAIN_MISMATCH');
    const box = s.appBox(agentOf(ctx));
    if (next !== box.email) {
      box.aliases = [box.email, ...box.aliases.filter((a) => a !== next)];
      box.email = next;
    }
    return {};
  },
  exmail_account_act_email: (ctx) => {
    const s = mail(ctx);
    const b = ctx.body;
    if (b.type !== 1 && b.type !== 2) throw err('MAIL_INVALID_ACTIVE_TYPE');
    if (b.userid !== undefined) {
      const u = member(ctx, b.userid);
      if (b.type === 2) s.disabledUsers.add(u);
      else s.disabledUsers.delete(u);
    } else if (b.publicemail_id !== undefined) {
      const p = s.publics.get(b.publicemail_id);
      if (!p) throw err('MAIL_PUBLIC_MAILBOX_NOT_FOUND');
      p.disabled = b.type === 2;
    } else throw err('MAIL_INVALID_PARAMETER', { message: 'userid or publicemail_id is required' });
    return {};
  },
  exmail_mail_get_newcount: (ctx) => ({ count: mail(ctx).unread.get(member(ctx, ctx.body.userid)) ?? 0 }),
  exmail_useroption_get: (ctx) => {
    const s = mail(ctx);
    const u = member(ctx, ctx.body.userid);
    if (ctx.body.type.some((t) => !OPTION_TYPES.has(t))) throw err('MAIL_INVALID_PARAMETER', { message: 'unknown option type' });
    const opts = s.options.get(u);
    return { option: wrap(ctx.body.type.map((type) => ({ type, value: opts?.get(type) ?? '0' }))) };
  },
  exmail_useroption_update: (ctx) => {
    const s = mail(ctx);
    const u = member(ctx, ctx.body.userid);
    const items = ctx.body.option.list ?? [];
    if (items.some((o) => !OPTION_TYPES.has(o.type ?? 0) || (o.value !== '0' && o.value !== '1'))) throw err('MAIL_INVALID_PARAMETER', { message: 'option type 1-4, value "0" or "1"' });
    const opts = s.options.get(u) ?? new Map<number, string>();
    for (const o of items) opts.set(o.type!, o.value!);
    s.options.set(u, opts);
    return {};
  },
  exmail_vip_batch_add: (ctx) => {
    const s = mail(ctx);
    const succ: string[] = [];
    const fail: string[] = [];
    for (const u of batch(ctx.body.userid_list)) {
      const m = ctx.corp.domains.contacts.getUser(u);
      if (!m) fail.push(u);
      else {
        if (!s.vip.includes(m.userid)) s.vip.push(m.userid);
        succ.push(u);
      }
    }
    return { succ_userid_list: succ, fail_userid_list: fail };
  },
  exmail_vip_batch_del: (ctx) => {
    const s = mail(ctx);
    const succ: string[] = [];
    const fail: string[] = [];
    for (const u of batch(ctx.body.userid_list)) {
      const i = s.vip.indexOf(ctx.corp.domains.contacts.getUser(u)?.userid ?? u);
      if (i < 0) fail.push(u);
      else {
        s.vip.splice(i, 1);
        succ.push(u);
      }
    }
    return { succ_userid_list: succ, fail_userid_list: fail };
  },
  exmail_vip_list: (ctx) => {
    const { page, next_cursor } = offsetPage(ctx, ctx.body.cursor || undefined, mail(ctx).vip, ctx.body.limit ?? 100);
    return { has_more: next_cursor !== '', next_cursor, userid_list: page };
  },
});
