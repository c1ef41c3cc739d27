/**
 * 审批 rules: a template's controls (doc path/97437), an application's data against its template and its
 * flow (doc path/91853). WeCom answers malformed approval input with 301025 (invalid approval parameter).
 */
import { err } from '../../core/errors/index.js';
import type { Corp } from '../types.js';
import type { ApplyContent, Control, FlowNode, FlowNodeInput, LangText, Template, VacationType } from './state.js';

export const CONTROL_TYPES = new Set(['Text', 'Textarea', 'Number', 'Money', 'Date', 'Selector', 'Contact', 'Tips', 'File', 'Table', 'Vacation', 'Attendance']);

export function bad(detail: string): never {
  throw err('APPROVAL_INVALID_PARAMETER', { message: `invalid approval parameter: ${detail}` });
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function langTexts(v: unknown, what: string, required: boolean): LangText[] {
  if (v === undefined && !required) return [];
  const list = Array.isArray(v) ? v : v && typeof v === 'object' ? [v] : [];
  const out = list.map((x) => ({ text: String(obj(x)['text'] ?? ''), lang: String(obj(x)['lang'] ?? 'zh_CN') }));
  if (required && (out.length === 0 || out.some((t) => t.text.length === 0))) bad(`${what} needs a text`);
  return out;
}

/** A template's name (1–40 characters) and controls: known types, unique ids, titles, the config each type needs. */
export function checkTemplate(names: unknown, controls: unknown, vacations: VacationType[]): { names: LangText[]; controls: Control[] } {
  const n = langTexts(names, 'template_name', true);
  if (n.some((t) => [...t.text].length > 40)) bad('template_name is over 40 characters');
  if (!Array.isArray(controls) || controls.length === 0) bad('template_content.controls is empty');
  const ids = new Set<string>();
  let vacation = false;
  const out = controls.map((raw, i): Control => {
    const p = obj(obj(raw)['property']);
    const control = p['control'];
    const id = p['id'];
    if (typeof control !== 'string' || !CONTROL_TYPES.has(control)) bad(`controls[${i}].property.control ${JSON.stringify(control)}`);
    if (typeof id !== 'string' || id.length === 0 || ids.has(id)) bad(`controls[${i}].property.id is missing or repeated`);
    ids.add(id);
    const title = langTexts(p['title'], `controls[${i}].property.title`, true);
    const config = structuredClone(obj(obj(raw)['config']));
    if (control === 'Selector') {
      const sel = obj(config['selector']);
      const options = Array.isArray(sel['options']) ? sel['options'] : [];
      const keys = options.map((o) => obj(o)['key']);
      if (!['single', 'multi'].includes(String(sel['type'])) || options.length === 0 || keys.some((k) => typeof k !== 'string' || !k) || new Set(keys).size !== keys.length) {
        bad(`controls[${i}] Selector needs a type single/multi and options with unique keys`);
      }
    }
    if (control === 'Date' && !['day', 'hour'].includes(String(obj(config['date'])['type']))) bad(`controls[${i}] Date needs config.date.type day or hour`);
    if (control === 'Table' && !(Array.isArray(obj(config['table'])['children']) && (obj(config['table'])['children'] as unknown[]).length > 0)) bad(`controls[${i}] Table needs config.table.children`);
    if (control === 'Vacation') {
      if (vacation) bad('a template has one Vacation control at most');
      vacation = true;
      config['vacation_list'] = { item: vacations.map((v) => ({ id: v.id, name: [{ text: v.name, lang: 'zh_CN' }] })) };
    }
    return { property: { control, id, title, placeholder: langTexts(p['placeholder'], 'placeholder', false), require: p['require'] === 1 ? 1 : 0, un_print: p['un_print'] === 1 ? 1 : 0 }, config };
  });
  return { names: n, controls: out };
}

/** The flow of an application (doc path/91853): type 1 审批人, 2 抄送人, 3 办理人, apv_rel 1 或签 / 2 会签; at least one approver. */
export function buildFlow(corp: Corp, nodes: FlowNodeInput[]): { nodes: FlowNode[]; notifyer: string[] } {
  const c = corp.domains.contacts;
  const flow: FlowNode[] = [];
  const notifyer: string[] = [];
  for (const [i, n] of nodes.entries()) {
    if (![1, 2, 3].includes(n.type) || n.userid.length === 0) bad(`process.node_list[${i}] needs a type 1, 2 or 3 and userids`);
    const users = n.userid.map((u) => {
      const m = c.getUser(u);
      if (!m) bad(`process.node_list[${i}] has an unknown userid ${u}`);
      return m.userid;
    });
    if (n.type === 2) notifyer.push(...users);
    else flow.push({ type: n.type, apv_rel: n.apv_rel === 2 ? 2 : 1, status: 1, users: users.map((userid) => ({ userid, status: 1, speech: '', time: 0 })) });
  }
  if (flow.length === 0) bad('process.node_list has no approver');
  return { nodes: flow, notifyer };
}

const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : undefined);

/**
 * apply_data.contents against the template: only its controls, each required one filled, values of the
 * control's shape. A Vacation value names a vacation type of the corp and a begin < end range.
 */
export function checkApplyData(
  corp: Corp,
  template: Template,
  contents: Array<{ control?: string | undefined; id?: string | undefined; value?: Record<string, unknown> | undefined }>,
  vacations: VacationType[],
): { contents: ApplyContent[]; vacation: { vacation_id: number; begin: number; end: number; duration: number } | undefined } {
  const byId = new Map(template.controls.map((c) => [c.property.id, c]));
  const given = new Map<string, Record<string, unknown>>();
  for (const [i, c] of contents.entries()) {
    const ctl = c.id === undefined ? undefined : byId.get(c.id);
    if (!ctl) bad(`apply_data.contents[${i}].id ${JSON.stringify(c.id)} is not a control of the template`);
    if (c.control !== undefined && c.control !== ctl.property.control) bad(`apply_data.contents[${i}].control is ${ctl.property.control}`);
    given.set(ctl.property.id, obj(c.value));
  }
  let vacation: { vacation_id: number; begin: number; end: number; duration: number } | undefined;
  const out: ApplyContent[] = [];
  for (const ctl of template.controls) {
    const { control, id, title } = ctl.property;
    const v = given.get(id);
    const empty = v === undefined || Object.keys(v).length === 0;
    if (empty) {
      if (ctl.property.require === 1 && control !== 'Tips') bad(`the required control ${id} has no value`);
      out.push({ control, id, title, value: {} });
      continue;
    }
    const fail: (what: string) => never = (what) => bad(`control ${id} (${control}) needs ${what}`);
    switch (control) {
      case 'Text':
      case 'Textarea':
        if (typeof v['text'] !== 'string') fail('value.text');
        break;
      case 'Number':
        if (typeof v['new_number'] !== 'string' || !/^-?\d+(\.\d+)?$/.test(v['new_number'])) fail('value.new_number, a number as text');
        break;
      case 'Money':
        if (typeof v['new_money'] !== 'string' || !/^\d+(\.\d{1,2})?$/.test(v['new_money'])) fail('value.new_money, an amount as text');
        break;
      case 'Date':
        if (int(obj(v['date'])['s_timestamp']) === undefined) fail('value.date.s_timestamp');
        break;
      case 'Selector': {
        const sel = obj(v['selector']);
        const keys = (Array.isArray(sel['options']) ? sel['options'] : []).map((o) => obj(o)['key']);
        const allowed = ((obj(obj(ctl.config)['selector'])['options'] as unknown[] | undefined) ?? []).map((o) => obj(o)['key']);
        if (keys.length === 0 || keys.some((k) => !allowed.includes(k))) fail('value.selector.options with keys of the template');
        if (obj(obj(ctl.config)['selector'])['type'] === 'single' && keys.length > 1) fail('one option (single selector)');
        break;
      }
      case 'Contact': {
        const members = Array.isArray(v['members']) ? v['members'] : [];
        const deps = Array.isArray(v['departments']) ? v['departments'] : [];
        if (members.length + deps.length === 0) fail('value.members or value.departments');
        if (members.some((m) => !corp.domains.contacts.getUser(String(obj(m)['userid'] ?? '')))) fail('known members');
        break;
      }
      case 'File':
        if (!Array.isArray(v['files']) || v['files'].some((f) => typeof obj(f)['file_id'] !== 'string')) fail('value.files with file_id');
        break;
      case 'Table':
        if (!Array.isArray(v['children'])) fail('value.children');
        break;
      case 'Vacation': {
        const vac = obj(v['vacation']);
        const key = obj((obj(vac['selector'])['options'] as unknown[] | undefined)?.[0])['key'];
        const type = vacations.find((x) => String(x.id) === String(key));
        const range = obj(obj(vac['attendance'])['date_range']);
        const begin = int(range['new_begin']);
        const end = int(range['new_end']);
        if (!type || begin === undefined || end === undefined || end <= begin) fail('a vacation type of the corp and a date_range with new_begin < new_end');
        vacation = { vacation_id: type.id, begin, end, duration: int(range['new_duration']) ?? end - begin };
        break;
      }
      default:
        break;
    }
    out.push({ control, id, title, value: structuredClone(v) });
  }
  return { contents: out, vacation };
}
