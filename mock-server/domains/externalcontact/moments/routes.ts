/** Handlers of customer moments (客户朋友圈): create (async), lists, per-sender customers, results, interactions, cancel (doc path/93333, 95094, 97612). */
import { err, found } from '../../../core/errors/index.js';
import { userKey, type Member } from '../../contacts/index.js';
import { defineRoutes, defineTasks, type Ctx } from '../../types.js';
import { externalUseridOf } from '../ids.js';
import { createdIn, pageOf } from '../paging.js';
import { attachmentsOf, callerOf, hasFeature, memberIn, requireCustomerContact, userOut } from '../rules.js';
import type { Moment, MomentJob, MomentSender } from './state.js';

/** The job settles this long after the call (mock choice: WeCom answers "a few seconds"). */
const MOMENT_JOB_MS = 2000;

function momentOf(ctx: Ctx, id: string): Moment {
  return found(ctx.corp.domains.externalcontact.moments.byId.get(id), 'INVALID_MOMENT_ID');
}

function senderOf(m: Moment, userid: string): MomentSender {
  return found(m.senders.get(userKey(userid)), 'MOMENT_SENDER_MISMATCH');
}

export const momentsRoutes = defineRoutes({
  externalcontact_add_moment_task: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    const atts = attachmentsOf(b, 'MOMENT_CONTENT_AND_ATTACHMENTS_EMPTY');
    // Up to 9 images, or one video, or one link (doc path/95094).
    const images = atts.filter((a) => a.msgtype === 'image').length;
    if (images > 9 || (atts.length > 1 && images !== atts.length)) throw err('TOO_MANY_ATTACHMENTS');
    const contacts = ctx.corp.domains.contacts;
    const range = b.visible_range?.sender_list;
    const invalid_users: string[] = [];
    const invalid_departments: number[] = [];
    const senders = new Map<string, Member>();
    const add = (m: Member) => {
      if (m.status === 1 && hasFeature(s, m)) senders.set(userKey(m.userid), m);
    };
    for (const u of range?.user_list ?? []) {
      const m = memberIn(ctx, u);
      if (m && m.status === 1 && hasFeature(s, m)) add(m);
      else invalid_users.push(u);
    }
    for (const d of range?.department_list ?? []) {
      if (!contacts.departments.has(d)) {
        invalid_departments.push(d);
        continue;
      }
      for (const sub of contacts.subtree(d)) for (const k of contacts.deptMembers.get(sub.id) ?? []) add(contacts.users.get(k)!);
    }
    // No sender range: every member with the customer-contact feature (doc path/95094).
    if (!range?.user_list?.length && !range?.department_list?.length) for (const m of contacts.users.values()) add(m);
    const tagList = b.visible_range?.external_contact_list?.tag_list ?? [];
    const invalid_tags = tagList.filter((t) => !s.tags.has(t));
    const tags = new Set(tagList.filter((t) => s.tags.has(t)));
    const now = ctx.clock.nowMs();
    const corp = ctx.corp;
    const job = s.moments.jobs.submit(
      corp,
      'add_moment_task',
      (jobid) => ({ jobid, createdAtMs: now, startAtMs: now, doneAtMs: now + MOMENT_JOB_MS, settled: false, moment_id: '', invalid_users, invalid_departments, invalid_tags }),
      'externalcontact.moment',
      { senders, tags, text: b.text?.content ?? '', atts },
    );
    return { jobid: job.jobid };
  },

  externalcontact_get_moment_task_result: (ctx) => {
    const s = requireCustomerContact(ctx);
    const job = s.moments.jobs.find(ctx.query.jobid);
    if (typeof job === 'string') throw err('JOBID_NOT_FOUND');
    const p = s.moments.jobs.progress(job, ctx.clock.nowMs());
    if (p.phase !== 'done') return { status: p.phase === 'queued' ? 1 : 2, type: 'add_moment_task' };
    return {
      status: 3,
      type: 'add_moment_task',
      result: {
        errcode: 0,
        errmsg: 'ok',
        moment_id: job.moment_id,
        invalid_sender_list: { user_list: job.invalid_users, department_list: job.invalid_departments },
        invalid_external_contact_list: { tag_list: job.invalid_tags },
      },
    };
  },

  externalcontact_get_moment_list: (ctx) => {
    const s = requireCustomerContact(ctx);
    const b = ctx.body;
    // At most 30 days between start and end (doc path/93333).
    const all = createdIn([...s.moments.byId.values()].filter((m) => !m.cancelled), b, 30);
    const { rows, next } = pageOf(ctx, all, b.cursor, b.limit ?? 20);
    return {
      next_cursor: next,
      moment_list: rows.map((m) => {
        const image = m.attachments.filter((a) => a['msgtype'] === 'image').map((a) => ({ media_id: String((a['image'] as { media_id?: string } | undefined)?.media_id ?? '') }));
        const video = m.attachments.find((a) => a['msgtype'] === 'video')?.['video'] as { media_id?: string } | undefined;
        const link = m.attachments.find((a) => a['msgtype'] === 'link')?.['link'] as { title?: string; url?: string } | undefined;
        return {
          moment_id: m.moment_id,
          creator: userOut(ctx, m.creator),
          create_time: String(m.create_time),
          create_type: m.create_type,
          visible_type: m.visible_type,
          text: { content: m.text },
          ...(image.length > 0 && { image }),
          ...(video && { video: { media_id: video.media_id ?? '', thumb_media_id: '' } }),
          ...(link && { link: { title: link.title ?? '', url: link.url ?? '' } }),
        };
      }),
    };
  },

  externalcontact_get_moment_task: (ctx) => {
    requireCustomerContact(ctx);
    const m = momentOf(ctx, ctx.body.moment_id);
    const { rows, next } = pageOf(ctx, [...m.senders.values()], ctx.body.cursor, ctx.body.limit ?? 500);
    return { next_cursor: next, task_list: rows.map((t) => ({ userid: userOut(ctx, t.userid), publish_status: t.published ? 1 : 0 })) };
  },

  externalcontact_get_moment_customer_list: (ctx) => {
    const s = requireCustomerContact(ctx);
    const m = momentOf(ctx, ctx.body.moment_id);
    const sd = senderOf(m, ctx.body.userid);
    const { rows, next } = pageOf(ctx, sd.customers, ctx.body.cursor, ctx.body.limit ?? 500);
    const caller = callerOf(ctx);
    return { next_cursor: next, customer_list: rows.map((id) => ({ userid: userOut(ctx, sd.userid), external_userid: externalUseridOf(s, s.customers.get(id)!, caller) })) };
  },

  externalcontact_get_moment_send_result: (ctx) => {
    const s = requireCustomerContact(ctx);
    const m = momentOf(ctx, ctx.body.moment_id);
    const sd = senderOf(m, ctx.body.userid);
    if (!sd.published) throw err('MOMENT_NOT_PUBLISHED_BY_USER');
    // Customers who still follow the sender see it.
    const visible = sd.customers.filter((id) => s.customers.get(id)?.follows.has(userKey(sd.userid)));
    const { rows, next } = pageOf(ctx, visible, ctx.body.cursor, ctx.body.limit ?? 3000);
    const caller = callerOf(ctx);
    return { next_cursor: next, customer_list: rows.map((id) => ({ external_userid: externalUseridOf(s, s.customers.get(id)!, caller) })) };
  },

  externalcontact_get_moment_comments: (ctx) => {
    const s = requireCustomerContact(ctx);
    const m = momentOf(ctx, ctx.body.moment_id);
    const sd = senderOf(m, ctx.body.userid);
    const caller = callerOf(ctx);
    const row = (i: MomentSender['comments'][number]) =>
      i.kind === 'customer' ? { external_userid: externalUseridOf(s, s.customers.get(i.ref)!, caller), create_time: i.create_time } : { userid: userOut(ctx, i.ref), create_time: i.create_time };
    return { comment_list: sd.comments.map(row), like_list: sd.likes.map(row) };
  },

  externalcontact_cancel_moment_task: (ctx) => {
    requireCustomerContact(ctx);
    const m = momentOf(ctx, ctx.body.moment_id);
    // Only corp moments can be withdrawn (doc path/97612).
    if (m.create_type !== 0) throw err('INVALID_MOMENT_ID_TYPE');
    m.cancelled = true;
    for (const sd of m.senders.values()) sd.published = false;
    return {};
  },
});

/** Scheduled work: a moment task publishes when it is due, to each sender's customers (tag-filtered). */
export const momentsTasks = defineTasks({
  'externalcontact.moment': (corp, a: { job: MomentJob; senders: Map<string, Member>; tags: Set<string>; text: string; atts: Moment['attachments'] }) => {
    const { job: j, senders, tags, atts } = a;
    const s = corp.domains.externalcontact;
    const moment_id = `mom${corp.rng.string(26)}`;
    const sendersOut = new Map<string, MomentSender>();
    for (const [k, m] of senders) {
      const customers = s.customersOf(k).filter((id) => tags.size === 0 || [...s.customers.get(id)!.follows.get(k)!.tag_ids].some((t) => tags.has(t)));
      sendersOut.set(k, { userid: m.userid, customers, published: false, comments: [], likes: [] });
    }
    s.moments.byId.set(moment_id, {
      moment_id,
      creator: '',
      create_time: Math.floor(j.doneAtMs / 1000),
      create_type: 0,
      visible_type: tags.size > 0 ? 0 : 1,
      text: a.text,
      attachments: atts.map((a) => ({ ...a })),
      senders: sendersOut,
      cancelled: false,
    });
    j.moment_id = moment_id;
  },
});
