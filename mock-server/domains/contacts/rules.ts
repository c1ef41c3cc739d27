import { err, invalidParameter } from '../../core/errors/index.js';
import type { AppState } from '../../core/tenancy/types.js';
import { LIMITS } from '../../../spec/generated/limits.js';
import type { Ctx } from '../types.js';
import { ROOT_DEPARTMENT, emailKey, userKey, type ContactsState, type Member, type Tag } from './state.js';

/** userid characters (reference §3.1); lookups accept any of them. */
export const USERID_PATTERN = /^[0-9A-Za-z_\-@.]{1,64}$/;
/** A new userid must also start with a letter or digit (reference §3.1, user/create table). */
export const NEW_USERID_PATTERN = /^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$/;
/** Mobile: digits with an optional leading "+", spaces and "-" (the official example is "+86 13800000000"). */
const MOBILE_PATTERN = /^\+?[0-9][0-9 -]*$/;
const EMAIL_PATTERN = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
/** telephone: digits, "-", "+" and "," (reference §3.1). */
const TELEPHONE_PATTERN = /^[0-9+,-]*$/;
/** Characters WeCom refuses in department names (60009, reference §3.2). */
const DEPARTMENT_NAME_FORBIDDEN = /[\\:*?"<>|]/;

const B = LIMITS.bound;

/** Length in characters (code points), as WeCom counts UTF-8 "words". */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

// ---- visible range ----

/** Departments whose subtrees an app sees: its allow_party plus the departments of its allow_tag. */
export function visibleRoots(app: AppState, c: ContactsState): number[] {
  const roots = new Set(app.allow_party);
  for (const tagid of app.allow_tag) for (const p of c.tags.get(tagid)?.parties ?? []) roots.add(p);
  return [...roots].filter((id) => c.departments.has(id));
}

/** Is a department inside the app's visible range (可见范围)? */
export function isDepartmentVisible(app: AppState, c: ContactsState, id: number): boolean {
  return visibleRoots(app, c).some((root) => c.isWithin(id, root));
}

/** Is a member inside the app's visible range: listed, in a visible department, or in a visible tag? */
export function isMemberVisible(app: AppState, c: ContactsState, m: Member): boolean {
  const key = userKey(m.userid);
  if (app.allow_user.some((u) => userKey(u) === key)) return true;
  for (const tagid of app.allow_tag) if (c.tags.get(tagid)?.users.has(key)) return true;
  const roots = visibleRoots(app, c);
  if (roots.includes(ROOT_DEPARTMENT)) return true;
  return m.department.some((d) => roots.some((root) => c.isWithin(d, root)));
}

/** A fast visibility test for many members of one request (roots computed once). */
export function memberVisibility(app: AppState | undefined, c: ContactsState): (m: Member) => boolean {
  if (!app) return () => true;
  const roots = visibleRoots(app, c);
  if (roots.includes(ROOT_DEPARTMENT)) return () => true;
  const users = new Set(app.allow_user.map(userKey));
  for (const tagid of app.allow_tag) for (const u of c.tags.get(tagid)?.users ?? []) users.add(u);
  return (m) => users.has(userKey(m.userid)) || m.department.some((d) => roots.some((r) => c.isWithin(d, r)));
}

// ---- who may call ----

/**
 * Who may read contacts: apps (within their visible range) and the contacts-sync secret. Since 2022 the
 * contacts-sync secret may not read member or department details (48009, reference §3); the corp's
 * `post2022_rules` switch turns that off. Other system secrets are refused (48002).
 */
export function requireContactsReader(ctx: Ctx, opts: { details: boolean }): AppState | undefined {
  if (ctx.secretKind === 'app') return ctx.app;
  if (ctx.secretKind === 'contacts') {
    if (opts.details && ctx.corp.settings.post2022_rules) throw err('CONTACTS_SYNC_READ_FORBIDDEN');
    return undefined;
  }
  throw err('API_FORBIDDEN');
}

/**
 * Who may change members and departments: only the contacts-sync secret (reference §3, "Who may
 * write"); app and other system tokens get 48002 api forbidden.
 */
export function requireContactsWriter(ctx: Ctx): void {
  if (ctx.secretKind !== 'contacts') throw err('API_FORBIDDEN');
}

/**
 * Who may change tags: the contacts-sync secret, and apps — a tag belongs to the app that created it and
 * only that app may change it (81011, reference §3.3); console / contacts-sync tags belong to no app.
 * Returns the calling app's agentid (undefined for contacts sync).
 */
export function requireTagWriter(ctx: Ctx): number | undefined {
  if (ctx.secretKind === 'contacts') return undefined;
  if (ctx.secretKind === 'app' && ctx.app) return ctx.app.agentid;
  throw err('API_FORBIDDEN');
}

/** The tag, if the writer owns it: unknown → 40068, someone else's → 81011. */
export function ownedTag(c: ContactsState, tagid: number, owner: number | undefined): Tag {
  const t = c.tags.get(tagid);
  if (!t) throw err('INVALID_TAGID');
  if (t.owner_agentid !== owner) throw err('TAG_NO_PRIVILEGE');
  return t;
}

/** A tag an app may read: apps do not see tags other apps created (reference §3.3, 81011). */
export function readableTag(c: ContactsState, tagid: number, app: AppState | undefined): Tag {
  const t = c.tags.get(tagid);
  if (!t) throw err('INVALID_TAGID');
  if (app && t.owner_agentid !== undefined && t.owner_agentid !== app.agentid) throw err('TAG_NO_PRIVILEGE');
  return t;
}

/** Fields self-built apps no longer receive from user/get since 2022-06-20 (reference §3). */
export const SENSITIVE_MEMBER_FIELDS = ['mobile', 'email', 'biz_mail', 'avatar', 'thumb_avatar', 'gender', 'qr_code', 'address'] as const;

// ---- member fields ----

function isStr(v: unknown): v is string {
  return typeof v === 'string';
}

function isIntArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => Number.isInteger(x));
}

/** A field that is not of the documented type (WeCom: "Warning: wrong json format."). */
function wrongType(field: string, type: string): never {
  throw invalidParameter(`${field} must be ${type}`, { prefix: 'Warning: wrong json format. ' });
}

function maxChars(field: string, v: unknown, max: number): void {
  if (v === undefined) return;
  if (!isStr(v)) wrongType(field, 'string');
  // Over-long text fields: 40058 "<field> exceed max length N" (reference §3.1, error table).
  if (charLength(v) > max) throw invalidParameter(`${field} exceed max length ${max}`);
}

/** A userid for a new member or new_userid: 41009 missing, 40003 malformed. */
export function checkNewUserid(v: unknown): string {
  if (v === undefined || v === '') throw err('USERID_MISSING');
  if (!isStr(v) || !NEW_USERID_PATTERN.test(v)) throw err('INVALID_USERID');
  return v;
}

/** name: 1–64 characters (60112, reference §3.1). */
export function checkMemberName(v: unknown): string {
  if (!isStr(v) || v.trim().length === 0 || charLength(v) > B.member_name_length.max) throw err('INVALID_USER_NAME');
  return v;
}

/** mobile: ≤32 characters of digits, "+", "-" and spaces (60103); empty clears it. */
export function checkMobile(v: unknown): string {
  if (!isStr(v)) wrongType('mobile', 'string');
  if (v !== '' && (charLength(v) > B.member_mobile_length.max || !MOBILE_PATTERN.test(v))) throw err('INVALID_MOBILE');
  return v;
}

/** email: 6–64 bytes, an address (60105); empty clears it. */
export function checkEmail(v: unknown): string {
  if (!isStr(v)) wrongType('email', 'string');
  const bytes = Buffer.byteLength(v);
  if (v !== '' && (bytes < B.member_email_length.min! || bytes > B.member_email_length.max || !EMAIL_PATTERN.test(v))) {
    throw err('INVALID_EMAIL');
  }
  return v;
}

/** biz_mail: an address (60143 invalid biz_mail); empty clears it. */
export function checkBizMail(v: unknown): string {
  if (!isStr(v)) wrongType('biz_mail', 'string');
  if (v !== '' && (Buffer.byteLength(v) > B.member_email_length.max || !EMAIL_PATTERN.test(v))) throw err('INVALID_BIZ_MAIL');
  return v;
}

/** The member fields both user/create and user/update take (everything but userid/new_userid). */
export interface MemberFields {
  name?: string;
  alias?: string;
  mobile?: string;
  department?: number[];
  order?: number[];
  position?: string;
  gender?: string;
  email?: string;
  biz_mail?: string;
  telephone?: string;
  is_leader_in_dept?: number[];
  direct_leader?: string[];
  avatar_mediaid?: string;
  enable?: number;
  extattr?: { attrs?: Member['extattr']['attrs'] };
  to_invite?: boolean;
  external_position?: string;
  external_profile?: {
    external_corp_name?: string;
    wechat_channels?: { nickname?: string };
    external_attr?: Member['external_profile']['external_attr'];
  };
  nickname?: string;
  address?: string;
  main_department?: number;
}

/** Checks the free-text fields of a create/update body (40058 naming the field). */
export function checkMemberTexts(input: MemberFields): void {
  maxChars('alias', input.alias, B.member_alias_length.max);
  maxChars('position', input.position, B.member_position_length.max);
  maxChars('address', input.address, B.member_address_length.max);
  maxChars('external_position', input.external_position, B.member_external_position_length.max);
  if (input.telephone !== undefined) {
    if (!isStr(input.telephone)) wrongType('telephone', 'string');
    if (Buffer.byteLength(input.telephone) > B.member_telephone_length.max) {
      throw invalidParameter(`telephone exceed max length ${B.member_telephone_length.max}`);
    }
    if (!TELEPHONE_PATTERN.test(input.telephone)) throw invalidParameter('telephone invalid format');
  }
  // gender is a string "1" (male) or "2" (female) (reference §3.1, §11.6); "0" = not set.
  if (input.gender !== undefined && !['0', '1', '2'].includes(input.gender)) throw invalidParameter('gender invalid value');
  if (input.enable !== undefined && input.enable !== 0 && input.enable !== 1) throw invalidParameter('enable invalid value');
  if (input.avatar_mediaid !== undefined && !isStr(input.avatar_mediaid)) wrongType('avatar_mediaid', 'string');
}

/** The departments of a member with their order and leader flags, checked and lined up. */
export interface Memberships {
  department: number[];
  order: number[];
  is_leader_in_dept: Array<0 | 1>;
  main_department: number;
}

/**
 * department / order / is_leader_in_dept / main_department of a create or an update (`current` = the
 * member before an update). Codes: 60127 no department, 60110 more than 100, 60123 unknown department,
 * 60132 is_leader_in_dept of another length (reference §3.1); order of another length, duplicate
 * departments and a main_department outside the list → 40058 (WeCom's code unknown).
 */
export function checkMemberships(c: ContactsState, input: MemberFields, current: Member | undefined): Memberships {
  const given = input.department !== undefined;
  if (given && !isIntArray(input.department)) wrongType('department', 'array of integers');
  const department = given ? input.department! : (current?.department ?? []);
  if (department.length === 0) throw err('USER_DEPARTMENT_MISSING');
  if (department.length > B.member_departments.max) throw err('TOO_MANY_USER_DEPARTMENTS');
  for (const d of department) if (!c.departments.has(d)) throw err('INVALID_DEPARTMENT_ID', { suffix: `: ${d}` });
  if (new Set(department).size !== department.length) throw invalidParameter('department has duplicate ids');

  // Without a new list, an update keeps the values of the departments a member stays in.
  const keep = (list: number[] | undefined, d: number): number => {
    if (!current || !list) return 0;
    const i = current.department.indexOf(d);
    return i >= 0 ? (list[i] ?? 0) : 0;
  };
  let order: number[];
  if (input.order !== undefined) {
    if (!isIntArray(input.order)) wrongType('order', 'array of integers');
    if (input.order.length !== department.length) throw invalidParameter('order size must equal department size');
    if (input.order.some((o) => o < 0 || o > 0xffffffff)) throw invalidParameter('order invalid value');
    order = input.order;
  } else order = department.map((d) => keep(current?.order, d));

  let leader: Array<0 | 1>;
  if (input.is_leader_in_dept !== undefined) {
    if (!isIntArray(input.is_leader_in_dept)) wrongType('is_leader_in_dept', 'array of integers');
    if (input.is_leader_in_dept.length !== department.length) throw err('LEADER_DEPARTMENT_LENGTH_MISMATCH');
    if (input.is_leader_in_dept.some((v) => v !== 0 && v !== 1)) throw invalidParameter('is_leader_in_dept invalid value');
    leader = input.is_leader_in_dept.map((v) => (v === 1 ? 1 : 0));
  } else leader = department.map((d) => (keep(current?.is_leader_in_dept, d) === 1 ? 1 : 0));

  let main = input.main_department;
  if (main !== undefined) {
    if (!Number.isInteger(main)) wrongType('main_department', 'integer');
    if (!department.includes(main)) throw invalidParameter('main_department must be one of department');
  } else main = current && department.includes(current.main_department) ? current.main_department : department[0]!;
  return { department: [...department], order: [...order], is_leader_in_dept: [...leader], main_department: main };
}

/** direct_leader: at most LIMITS.bound.member_direct_leaders (60257), each an existing member (60111). */
export function checkDirectLeaders(c: ContactsState, v: unknown, self: string): string[] {
  if (!Array.isArray(v) || !v.every(isStr)) wrongType('direct_leader', 'array of strings');
  if (v.length > B.member_direct_leaders.max) throw err('TOO_MANY_DIRECT_LEADERS');
  return v.map((l) => {
    const m = c.getUser(l);
    if (!m) throw err('USERID_NOT_FOUND', { suffix: `: ${l}` });
    // A member cannot be their own leader (WeCom's code unknown: 40058).
    if (userKey(m.userid) === userKey(self)) throw invalidParameter('direct_leader cannot be the member itself');
    return m.userid;
  });
}

/** mobile / email / biz_mail held by another member: 60104 (with the owner), 60106, 60145. */
export function checkContactUniqueness(c: ContactsState, key: string, m: Pick<Member, 'mobile' | 'email' | 'biz_mail'>): void {
  if (m.mobile) {
    const owner = c.byMobile.get(m.mobile);
    // 60104's errmsg names the member who has the number: "mobile existed:<userid>" (reference §3.1).
    if (owner !== undefined && owner !== key) throw err('MOBILE_EXISTED', { suffix: `:${c.users.get(owner)!.userid}` });
  }
  if (m.email) {
    const owner = c.byEmail.get(emailKey(m.email));
    if (owner !== undefined && owner !== key) throw err('EMAIL_EXISTED');
  }
  if (m.biz_mail) {
    const owner = c.byBizMail.get(emailKey(m.biz_mail));
    if (owner !== undefined && owner !== key) throw err('BIZ_MAIL_EXISTED');
  }
}

// ---- departments ----

/** A department name: 1–32 characters (60001) without \:*?"<>| (60009) (reference §3.2). */
export function checkDepartmentName(v: unknown, field = 'name'): string {
  if (!isStr(v)) wrongType(field, 'string');
  const n = charLength(v);
  if (field === 'name' && (v.trim().length === 0 || n > B.department_name_length.max)) throw err('INVALID_DEPARTMENT_NAME_LENGTH');
  if (field !== 'name' && n > B.department_name_length.max) throw invalidParameter(`${field} exceed max length ${B.department_name_length.max}`);
  if (DEPARTMENT_NAME_FORBIDDEN.test(v)) throw err('DEPARTMENT_NAME_ILLEGAL_CHARS');
  return v;
}

/** order of a department: [0, 2^32) (reference §3.2). */
export function checkDepartmentOrder(v: unknown): number {
  if (!Number.isInteger(v)) wrongType('order', 'integer');
  const n = v as number;
  if (n < 0 || n > 0xffffffff) throw invalidParameter('order invalid value');
  return n;
}

/** Tag names: 1–32 characters (40072 when empty or longer, reference §3.3). */
export function checkTagName(v: unknown): string {
  if (v === undefined) throw err('TAG_NAME_MISSING');
  if (!isStr(v)) wrongType('tagname', 'string');
  if (v.trim().length === 0 || charLength(v) > B.tag_name_length.max) throw err('INVALID_TAG_NAME_LENGTH');
  return v;
}
