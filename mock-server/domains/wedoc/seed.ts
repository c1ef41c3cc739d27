/**
 * Demo data of a typical (and large) corp, owned by the corp's first app: a document with paragraphs and a
 * table, a spreadsheet, a smart sheet of customer follow-ups (typed fields, a grid view and a filtered
 * kanban view, records, a webhook key and a group chat), a form with answers, and two vip accounts. Drawn
 * from the domain's own rng so the other domains' seeded output stays the same. Empty corps get nothing.
 */
import type { CorpSeed } from '../../../fixtures/types.js';
import type { ContactsState } from '../contacts/index.js';
import { userKey } from '../contacts/index.js';
import { emptyParagraph, type DocumentModel } from './document/model.js';
import type { SheetRecord } from './smartsheet/cells.js';
import { newField, newSmartSheet, newViewId } from './smartsheet/model.js';
import { newGridSheet } from './spreadsheet/model.js';
import { DOC_TYPES, type WedocState } from './state.js';

const CUSTOMERS = ['星河科技', '远山贸易', '蓝海物流', '青禾食品', '北辰制造', '南风传媒', '云杉教育', '海棠医疗', '金石地产', '松柏咨询'];
const STAGES = ['初步接触', '需求确认', '报价中', '已签约'];

export function seedWedoc(state: WedocState, seed: CorpSeed, contacts: ContactsState, nowMs: number, records: number): void {
  const owner = seed.apps[0]?.agentid;
  const users = seed.users.slice(0, 8).map((u) => u.userid);
  const rng = state.rng;
  const day = 86_400_000;

  const doc = state.newDoc({ doc_type: DOC_TYPES.document, name: '项目周报', ownerAgentid: owner, nowMs: nowMs - 7 * day });
  const model = doc.document as DocumentModel;
  model.blocks = [emptyParagraph('本周进展', { bold: true }), emptyParagraph('完成了接口联调，开始灰度发布。'), emptyParagraph('下周计划')];
  model.insertTable(model.length - 1, 2, 2);
  if (users[0]) doc.members.push({ userid: users[0], auth: 7 });
  if (users[1]) doc.members.push({ userid: users[1], auth: 2 });

  const sheetDoc = state.newDoc({ doc_type: DOC_TYPES.spreadsheet, name: '预算表', ownerAgentid: owner, nowMs: nowMs - 5 * day });
  const grid = newGridSheet(state, sheetDoc, 'Sheet1', 100, 10);
  ['项目', '预算', '已用'].forEach((t, c) => grid.cells.set(`0:${c}`, { cell_value: { text: t } }));
  for (let r = 1; r <= 5; r++) {
    grid.cells.set(`${r}:0`, { cell_value: { text: `项目${r}` } });
    grid.cells.set(`${r}:1`, { cell_value: { text: String(10000 * r) } });
    grid.cells.set(`${r}:2`, { cell_value: { text: String(rng.int(10000 * r)) } });
  }
  sheetDoc.grids.push(grid);

  const smart = state.newDoc({ doc_type: DOC_TYPES.smartsheet, name: '客户跟进', ownerAgentid: owner, nowMs: nowMs - 3 * day });
  if (users[0]) smart.members.push({ userid: users[0], auth: 7 });
  const sheet = newSmartSheet(state, smart, '客户', false);
  const name = newField(state, sheet, '客户名称', 'FIELD_TYPE_TEXT', {});
  const amount = newField(state, sheet, '金额', 'FIELD_TYPE_NUMBER', { property_number: { decimal_places: 2, use_separate: true } });
  const stage = newField(state, sheet, '阶段', 'FIELD_TYPE_SINGLE_SELECT', { property_single_select: { is_quick_add: true, options: STAGES.map((text, i) => ({ text, style: i + 1 })) } });
  const ownerField = newField(state, sheet, '负责人', 'FIELD_TYPE_USER', {});
  const signed = newField(state, sheet, '已签约', 'FIELD_TYPE_CHECKBOX', {});
  const next = newField(state, sheet, '下次跟进', 'FIELD_TYPE_DATE_TIME', { property_date_time: { format: 'yyyy"年"m"月"d"日"', auto_fill: false } });
  sheet.fields.push(name, amount, stage, ownerField, signed, next);
  const options = (stage.props['property_single_select']!['options'] as Array<{ id: string; text: string; style: number }>);
  sheet.views.push({ view_id: newViewId(state, sheet), view_title: '全部客户', view_type: 'VIEW_TYPE_GRID', property: {} });
  const signedOpt = options[3]!;
  sheet.views.push({
    view_id: newViewId(state, sheet),
    view_title: '未签约',
    view_type: 'VIEW_TYPE_KANBAN',
    property: { filter_spec: { conjunction: 'CONJUNCTION_AND', conditions: [{ field_id: signed.field_id, field_type: 'FIELD_TYPE_CHECKBOX', operator: 'OPERATOR_IS', bool_value: { value: false } }] } },
  });
  for (let i = 0; i < records; i++) {
    const opt = options[rng.int(options.length)]!;
    const who = users[rng.int(Math.max(1, users.length))];
    const values: Record<string, unknown> = {
      [name.field_id]: [{ type: 'text', text: `${CUSTOMERS[i % CUSTOMERS.length]}${i >= CUSTOMERS.length ? ` ${Math.floor(i / CUSTOMERS.length) + 1}` : ''}` }],
      [amount.field_id]: 1000 * (1 + rng.int(500)),
      [stage.field_id]: [{ id: opt.id, text: opt.text, style: opt.style }],
      [signed.field_id]: opt.id === signedOpt.id,
      [next.field_id]: String(nowMs + (rng.int(30) - 10) * day),
    };
    if (who && contacts.getUser(who)) values[ownerField.field_id] = [{ user_id: who }];
    const at = nowMs - rng.int(3 * day);
    const r: SheetRecord = { record_id: state.newId('r', 5, (id) => sheet.records.has(id)), seq: sheet.nextSeq++, createMs: at, updateMs: at, creator: users[0] ?? '', updater: users[0] ?? '', values };
    sheet.records.set(r.record_id, r);
  }
  smart.smart.push(sheet);
  const key = `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
  state.webhooks.set(key, { key, docid: smart.docid, sheet_id: sheet.sheet_id });
  if (users.length >= 2) {
    const chat_id = `wr${rng.string(30)}`;
    smart.chats.set(chat_id, { chat_id, owner: users[0]!, members: users.slice(0, 3) });
  }

  const formid = state.newId('', 40, (id) => state.forms.has(id));
  const round = rng.string(32);
  state.forms.set(formid, {
    formid,
    ownerAgentid: owner,
    createMs: nowMs - 2 * day,
    info: {
      form_title: '团建活动报名',
      form_desc: '请在周五前填写',
      form_header: '',
      form_question: {
        items: [
          { question_id: 1, title: '姓名', pos: 1, status: 1, reply_type: 1, must_reply: true, note: '', placeholder: '请输入' },
          { question_id: 2, title: '活动', pos: 2, status: 1, reply_type: 2, must_reply: true, note: '', option_item: [{ key: 1, value: '爬山', status: 1 }, { key: 2, value: '露营', status: 1 }], placeholder: '' },
        ],
      },
      form_setting: { fill_out_auth: 0, fill_in_range: { userids: users.slice(0, 5), departmentids: [] }, setting_manager_range: { userids: users.slice(0, 1) }, allow_multi_fill: false, timed_finish: 0, can_anonymous: false, can_notify_submit: true },
    },
    repeatedIds: [round],
    answers: new Map([[round, users.slice(0, 2).map((u, i) => ({
      answer_id: i + 1,
      userid: u,
      tmp_external_userid: undefined,
      user_name: contacts.getUser(u)?.name ?? u,
      ctimeMs: nowMs - day + i * 60_000,
      mtimeMs: nowMs - day + i * 60_000,
      items: [{ question_id: 1, text_reply: contacts.getUser(u)?.name ?? u }, { question_id: 2, option_reply: [1 + (i % 2)] }],
    }))]]),
    nextAnswerId: 3,
  });

  for (const u of users.slice(0, 2)) state.vip.set(userKey(u), u);
}
