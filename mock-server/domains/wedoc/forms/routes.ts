/** 收集表 (forms): create, modify, info, statistics and answers (doc path/97460 family; answers come from the control plane). */
import { err } from '../../../core/errors/index.js';
import { defineRoutes, type Ctx } from '../../types.js';
import { badParam, checkArea, checkMembers, checkName, formOf, formOfRound, ownerOf } from '../rules.js';
import type { Form } from '../state.js';

type Info = Record<string, unknown>;

/** Checks the people of form_setting (members 40003/60011, departments 640013). */
function checkSetting(ctx: Ctx, setting: Info | undefined): void {
  if (!setting) return;
  const fill = setting['fill_in_range'] as { userids?: string[]; departmentids?: number[] } | undefined;
  const mgr = setting['setting_manager_range'] as { userids?: string[] } | undefined;
  checkMembers(ctx, [...(fill?.userids ?? []), ...(mgr?.userids ?? [])]);
  for (const d of fill?.departmentids ?? []) if (!ctx.corp.domains.contacts.departments.has(d)) throw err('WEDRIVE_INVALID_DEPARTMENTID');
}

function checkQuestions(info: Info): void {
  const items = ((info['form_question'] as { items?: Array<{ question_id?: number }> } | undefined)?.items ?? []);
  const ids = new Set<number>();
  for (const q of items) {
    if (typeof q.question_id !== 'number') badParam('every question needs a question_id');
    if (ids.has(q.question_id)) badParam(`question_id ${q.question_id} appears twice`);
    ids.add(q.question_id);
  }
}

export function newRoundId(ctx: Ctx): string {
  return ctx.corp.domains.wedoc.rng.string(32);
}

export const formRoutes = defineRoutes({
  wedoc_create_form: (ctx) => {
    checkArea(ctx);
    const info = structuredClone(ctx.body.form_info) as Info;
    checkName(info['form_title']);
    checkQuestions(info);
    checkSetting(ctx, info['form_setting'] as Info | undefined);
    const state = ctx.corp.domains.wedoc;
    const formid = state.newId('', 40, (id) => state.forms.has(id));
    delete info['formid'];
    delete info['repeated_id'];
    const form: Form = { formid, ownerAgentid: ownerOf(ctx), info, createMs: ctx.clock.nowMs(), repeatedIds: [newRoundId(ctx)], answers: new Map(), nextAnswerId: 1 };
    state.forms.set(formid, form);
    return { formid };
  },

  wedoc_modify_form: (ctx) => {
    const form = formOf(ctx, ctx.body.formid);
    const info = ctx.body.form_info as Info;
    if (ctx.body.oper === 1) {
      // oper 1 replaces the questions (全量修改问题), oper 2 the settings (全量修改设置).
      checkQuestions(info);
      form.info['form_question'] = structuredClone(info['form_question'] ?? { items: [] });
      for (const k of ['form_title', 'form_desc', 'form_header']) if (info[k] !== undefined) form.info[k] = k === 'form_title' ? checkName(info[k]) : info[k];
    } else {
      checkSetting(ctx, info['form_setting'] as Info | undefined);
      form.info['form_setting'] = structuredClone(info['form_setting'] ?? {});
    }
    return {};
  },

  wedoc_get_form_info: (ctx) => {
    const form = formOf(ctx, ctx.body.formid);
    return { form_info: { ...structuredClone(form.info), formid: form.formid, repeated_id: [...form.repeatedIds] } as never };
  },

  wedoc_get_form_statistic: (ctx) => {
    const form = formOfRound(ctx, ctx.body.repeated_id);
    const answers = (form.answers.get(ctx.body.repeated_id) ?? []).filter((a) => {
      const t = Math.floor(a.ctimeMs / 1000);
      return (ctx.body.start_time === undefined || t >= ctx.body.start_time) && (ctx.body.end_time === undefined || t <= ctx.body.end_time);
    });
    const submitters = new Set(answers.map((a) => a.userid ?? a.tmp_external_userid ?? ''));
    const contacts = ctx.corp.domains.contacts;
    const fill = (form.info['form_setting'] as Info | undefined)?.['fill_in_range'] as { userids?: string[]; departmentids?: number[] } | undefined;
    const range = new Set<string>(fill?.userids ?? []);
    for (const d of fill?.departmentids ?? []) for (const m of contacts.users.values()) if (m.department.some((x) => contacts.isWithin(x, d))) range.add(m.userid);
    const unfill = [...range].filter((u) => !submitters.has(u));
    const base = { fill_cnt: answers.length, fill_user_cnt: submitters.size, unfill_user_cnt: unfill.length };
    if (ctx.body.req_type === 1) return { ...base, has_more: false, cursor: 0 };
    const cursor = ctx.body.cursor ?? 0;
    const limit = ctx.body.limit || 10000;
    const has_more = (ctx.body.req_type === 2 ? answers.length : unfill.length) > cursor + limit;
    const next = has_more ? cursor + limit : 0;
    if (ctx.body.req_type === 2) {
      const submit_users = answers.slice(cursor, cursor + limit).map((a) => ({
        ...(a.userid !== undefined ? { userid: a.userid } : { tmp_external_userid: a.tmp_external_userid }),
        submit_time: Math.floor(a.ctimeMs / 1000),
        answer_id: a.answer_id,
        user_name: a.user_name,
      }));
      return { ...base, submit_users, has_more, cursor: next };
    }
    const unfill_users = unfill.slice(cursor, cursor + limit).map((u) => ({ userid: u, user_name: contacts.getUser(u)?.name ?? u }));
    return { ...base, unfill_users, has_more, cursor: next };
  },

  wedoc_get_form_answer: (ctx) => {
    const form = formOfRound(ctx, ctx.body.repeated_id);
    const all = form.answers.get(ctx.body.repeated_id) ?? [];
    const answer_list = ctx.body.answer_ids.flatMap((id) => {
      const a = all.find((x) => x.answer_id === id);
      if (!a) return [];
      return [{
        answer_id: a.answer_id,
        user_name: a.user_name,
        ...(a.userid !== undefined ? { userid: a.userid } : { tmp_external_userid: a.tmp_external_userid }),
        ctime: Math.floor(a.ctimeMs / 1000),
        mtime: Math.floor(a.mtimeMs / 1000),
        reply: { items: structuredClone(a.items) },
        answer_status: 1,
      }];
    });
    return { answer: { answer_list } };
  },
});
