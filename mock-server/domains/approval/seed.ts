/** Demo 审批 data of a typical corp: vacation types, three templates with their own flow, a few applications. */
import type { CorpSeed } from '../../../fixtures/types.js';
import type { ApprovalState, Application, Control, Template, VacationType } from './state.js';
import { nextSpNo } from './writes.js';

export const DEFAULT_VACATIONS: VacationType[] = [
  { id: 1, name: '年假', time_attr: 0, quota: true, initial: 5 * 86_400 },
  { id: 2, name: '事假', time_attr: 1, quota: false, initial: 0 },
  { id: 3, name: '病假', time_attr: 1, quota: false, initial: 0 },
  { id: 4, name: '调休假', time_attr: 1, quota: true, initial: 16 * 3600 },
];

const zh = (text: string) => [{ text, lang: 'zh_CN' }];

/** A control of a seeded template: titled in Chinese, printed (un_print 0), required when `require` is 1. */
const control = (kind: string, id: string, title: string, require: 0 | 1, config: Record<string, unknown> = {}): Control => ({
  property: { control: kind, id, title: zh(title), require, un_print: 0 },
  config,
});

export function seedApproval(s: ApprovalState, seed: CorpSeed, nowSec: number): void {
  s.vacations.push(...DEFAULT_VACATIONS.map((v) => ({ ...v })));
  const active = seed.users.filter((u) => u.status === 1);
  if (active.length < 3) return;
  const [boss, hr, ...staff] = active as [typeof active[0], typeof active[0], ...typeof active];
  const flow = [
    { type: 1 as const, apv_rel: 1 as const, userid: [boss.userid] },
    { type: 2 as const, apv_rel: 1 as const, userid: [hr.userid] },
  ];
  const id = (): string => s.rng.string(44);
  const template = (name: string, controls: Control[]): Template => ({ template_id: id(), names: zh(name), controls, flow, createdByApi: false });
  const leave = template('请假', [
    control('Vacation', 'vacation-1', '请假类型', 1, { vacation_list: { item: s.vacations.map((v) => ({ id: v.id, name: zh(v.name) })) } }),
    control('Textarea', 'Textarea-reason', '请假事由', 1),
  ]);
  const expense = template('报销', [
    control('Money', 'Money-amount', '报销金额', 1),
    control('Date', 'Date-when', '发生日期', 1, { date: { type: 'day' } }),
    control('Textarea', 'Textarea-detail', '费用明细', 0),
    control('File', 'File-receipts', '票据', 0),
  ]);
  const general = template('通用审批', [
    control('Text', 'Text-subject', '申请事项', 1),
    control('Selector', 'Selector-urgency', '紧急程度', 0, {
      selector: { type: 'single', exp_type: 0, options: [{ key: 'option-normal', value: zh('普通') }, { key: 'option-urgent', value: zh('紧急') }] },
    }),
    control('Contact', 'Contact-related', '相关人员', 0, { contact: { type: 'multi', mode: 'user' } }),
  ]);
  for (const t of [leave, expense, general]) s.templates.set(t.template_id, t);
  // Three applications of the last days: one approved expense, one pending leave, one rejected request.
  const mk = (t: Template, who: (typeof active)[0], daysAgo: number, status: 1 | 2 | 3, values: Record<string, Record<string, unknown>>): void => {
    const at = nowSec - daysAgo * 86_400;
    const a: Application = {
      sp_no: nextSpNo(s, at),
      template_id: t.template_id,
      sp_name: t.names[0]!.text,
      status,
      apply_time: at,
      applyer: { userid: who.userid, partyid: String(who.main_department) },
      nodes: [{ type: 1, apv_rel: 1, status, users: [{ userid: boss.userid, status, speech: status === 3 ? '请补充说明' : '', time: status === 1 ? 0 : at + 3600 }] }],
      notifyer: [hr.userid],
      contents: t.controls.map((c) => ({ control: c.property.control, id: c.property.id, title: c.property.title, value: values[c.property.id] ?? {} })),
      comments: [],
      vacation: undefined,
    };
    s.applications.set(a.sp_no, a);
  };
  const w1 = staff[0] ?? boss;
  const w2 = staff[1] ?? hr;
  mk(expense, w1, 3, 2, { 'Money-amount': { new_money: '268.50' }, 'Date-when': { date: { type: 'day', s_timestamp: String(nowSec - 4 * 86_400) } }, 'Textarea-detail': { text: '客户拜访交通费' } });
  const begin = nowSec + 2 * 86_400;
  mk(leave, w2, 1, 1, {
    'vacation-1': { vacation: { selector: { type: 'single', options: [{ key: '1', value: zh('年假') }] }, attendance: { type: 1, date_range: { type: 'halfday', new_begin: begin, new_end: begin + 86_400, new_duration: 86_400 } } } },
    'Textarea-reason': { text: '家中有事' },
  });
  const pending = [...s.applications.values()].find((a) => a.template_id === leave.template_id);
  if (pending) pending.vacation = { vacation_id: 1, begin, end: begin + 86_400, duration: 86_400 };
  mk(general, w1, 2, 3, { 'Text-subject': { text: '申请采购显示器' }, 'Selector-urgency': { selector: { type: 'single', options: [{ key: 'option-normal', value: zh('普通') }] } } });
}
