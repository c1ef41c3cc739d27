import { err, invalidParameter, WeComError } from '../../core/errors/index.js';
import type { MemberCreateInput } from '../contacts/index.js';
import type { Ctx } from '../types.js';
import { decodeText, parseCsv } from './csv.js';

/** Only the contacts-sync secret may import (须拥有通讯录的写权限, doc path/90980, 90981, 90982); others get 48002 as user/create does. */
export function requireImporter(ctx: Ctx): void {
  if (ctx.secretKind !== 'contacts') throw err('API_FORBIDDEN');
}

/** Member fields a CSV column fills, by the header names of WeCom's member import template. */
type MemberColumn =
  | 'name'
  | 'userid'
  | 'mobile'
  | 'email'
  | 'department'
  | 'position'
  | 'gender'
  | 'is_leader_in_dept'
  | 'order'
  | 'alias'
  | 'address'
  | 'telephone'
  | 'enable'
  | 'biz_mail'
  | 'external_position';

const MEMBER_COLUMNS: Record<string, MemberColumn> = {
  姓名: 'name',
  帐号: 'userid',
  账号: 'userid',
  userid: 'userid',
  手机号: 'mobile',
  手机: 'mobile',
  邮箱: 'email',
  个人邮箱: 'email',
  所在部门: 'department',
  职位: 'position',
  职务: 'position',
  性别: 'gender',
  是否部门内领导: 'is_leader_in_dept',
  排序: 'order',
  别名: 'alias',
  英文名: 'alias',
  地址: 'address',
  座机: 'telephone',
  禁用: 'enable',
  企业邮箱: 'biz_mail',
  对外职务: 'external_position',
};

type PartyColumn = 'name' | 'id' | 'parentid' | 'order';
const PARTY_COLUMNS: Record<string, PartyColumn> = {
  部门名称: 'name',
  部门ID: 'id',
  部门id: 'id',
  父部门ID: 'parentid',
  父部门id: 'parentid',
  排序: 'order',
};

/** Lists in a cell are split at ; or the full-width ； (written as an escape: the bundled command's files stay ASCII). */
const LIST_SEPARATOR = /[;\uFF1B]/;

/** A header cell as a template names it ("帐号*" marks a required column in some templates). */
function headerName(cell: string): string {
  return cell.replace(/[*\uFF0A]/g, '').trim(); // * or the full-width one
}

export interface CsvFile<C extends string> {
  /** Column index of each known field. */
  columns: Map<C, number>;
  rows: string[][];
}

/**
 * The header and rows of an import file; 40092 when it is not text, has no header with the required
 * columns, or has no data row (doc path/90980; errcode 40092 导入文件内容有误).
 */
function readFile<C extends string>(data: Buffer, known: Record<string, C>, required: C[]): CsvFile<C> {
  const text = decodeText(data);
  const table = text === undefined ? undefined : parseCsv(text);
  if (!table || table.length < 2) throw err('INVALID_IMPORT_FILE_CONTENT');
  const columns = new Map<C, number>();
  table[0]!.forEach((cell, i) => {
    const field = known[headerName(cell)];
    if (field !== undefined && !columns.has(field)) columns.set(field, i);
  });
  if (!required.every((f) => columns.has(f))) throw err('INVALID_IMPORT_FILE_CONTENT');
  return { columns, rows: table.slice(1) };
}

export function readMemberFile(data: Buffer): CsvFile<MemberColumn> {
  return readFile(data, MEMBER_COLUMNS, ['userid']);
}

export function readPartyFile(data: Buffer): CsvFile<PartyColumn> {
  return readFile(data, PARTY_COLUMNS, ['name', 'id', 'parentid']);
}

function cellOf<C extends string>(file: Pick<CsvFile<C>, 'columns'>, row: string[], field: C): string | undefined {
  const i = file.columns.get(field);
  const v = i === undefined ? undefined : row[i];
  // An empty cell leaves the field as it is (文件中没指定的字段，不更新, doc path/90980).
  return v === undefined || v === '' ? undefined : v;
}

/** "1;2;3" → [1, 2, 3]; the template separates several values with semicolons. */
function intList(v: string, field: string, bad: () => WeComError): number[] {
  return v.split(LIST_SEPARATOR).map((s) => {
    const t = s.trim();
    if (!/^\d{1,10}$/.test(t)) throw bad();
    return Number(t);
  });
}

/** The userid of a member row ('' when the cell is empty). */
export function rowUserid(file: Pick<CsvFile<MemberColumn>, 'columns'>, row: string[]): string {
  return cellOf(file, row, 'userid') ?? '';
}

/**
 * A member row as user/create / user/update input. Cells of the wrong form fail the row with the code
 * the single-member call gives for that field (60123 department, 40058 for the others).
 */
export function memberInput(file: Pick<CsvFile<MemberColumn>, 'columns'>, row: string[]): MemberCreateInput {
  const input: MemberCreateInput = {};
  const text = (f: 'userid' | 'name' | 'mobile' | 'email' | 'position' | 'alias' | 'address' | 'telephone' | 'biz_mail' | 'external_position'): void => {
    const v = cellOf(file, row, f);
    if (v !== undefined) input[f] = v;
  };
  text('userid');
  text('name');
  text('mobile');
  text('email');
  text('position');
  text('alias');
  text('address');
  text('telephone');
  text('biz_mail');
  text('external_position');
  const dept = cellOf(file, row, 'department');
  if (dept !== undefined) input.department = intList(dept, 'department', () => err('INVALID_DEPARTMENT_ID', { suffix: `: ${dept}` }));
  const order = cellOf(file, row, 'order');
  if (order !== undefined) input.order = intList(order, 'order', () => invalidParameter('order invalid value'));
  const leader = cellOf(file, row, 'is_leader_in_dept');
  if (leader !== undefined) {
    input.is_leader_in_dept = leader.split(LIST_SEPARATOR).map((s) => {
      const t = s.trim();
      if (t === '1' || t === '是') return 1;
      if (t === '0' || t === '否') return 0;
      throw invalidParameter('is_leader_in_dept invalid value');
    });
  }
  const gender = cellOf(file, row, 'gender');
  if (gender !== undefined) {
    // The template writes 男/女; user/create's "1"/"2" are taken too (doc path/90195).
    const g = { 男: '1', 女: '2', '1': '1', '2': '2', '0': '0' }[gender];
    if (g === undefined) throw invalidParameter('gender invalid value');
    input.gender = g;
  }
  const disabled = cellOf(file, row, 'enable');
  if (disabled !== undefined) {
    // 禁用 column: 1 = disabled, 0 = enabled (the template's note "0-启用;1-禁用").
    if (disabled === '1' || disabled === '禁用') input.enable = 0;
    else if (disabled === '0' || disabled === '启用') input.enable = 1;
    else throw invalidParameter('enable invalid value');
  }
  return input;
}

export interface PartyRow {
  id: number | undefined;
  input: { id?: number; name?: string; parentid?: number; order?: number };
  /** The row's own error (bad id or parent cell), if any. */
  error: WeComError | undefined;
}

/** A department row: ids must be numbers (60123 / 60124 otherwise); 排序 empty or 0 keeps the order. */
export function partyRow(file: Pick<CsvFile<PartyColumn>, 'columns'>, row: string[]): PartyRow {
  const idCell = cellOf(file, row, 'id');
  const id = idCell !== undefined && /^\d{1,10}$/.test(idCell) && Number(idCell) >= 1 ? Number(idCell) : undefined;
  const input: PartyRow['input'] = {};
  const name = cellOf(file, row, 'name');
  if (name !== undefined) input.name = name;
  if (id === undefined) return { id, input, error: err('INVALID_DEPARTMENT_ID') };
  input.id = id;
  const parent = cellOf(file, row, 'parentid');
  if (parent === undefined || !/^\d{1,10}$/.test(parent)) return { id, input, error: err('INVALID_PARENT_DEPARTMENT_ID') };
  input.parentid = Number(parent);
  const order = cellOf(file, row, 'order');
  if (order !== undefined) {
    if (!/^\d{1,10}$/.test(order)) return { id, input, error: invalidParameter('order invalid value') };
    if (Number(order) !== 0) input.order = Number(order);
  }
  return { id, input, error: undefined };
}

/**
 * replaceuser's delete protection (doc path/90981, WeCom 全量覆盖成员): refused with 45026 when it would
 * delete more than 50 members that are more than 20% of them, or fewer than 50 that are more than 80%.
 */
export function checkDeleteProtection(deletions: number, members: number): void {
  if ((deletions > 50 && deletions > members * 0.2) || (deletions < 50 && deletions > members * 0.8)) {
    throw err('DELETE_PROTECTION_TRIGGERED');
  }
}
