/** Checks of member fields (user/create, user/update, batch rows; developer.work.weixin.qq.com/document/path/90195); each throws err('NAME'). */
import { err, invalidParameter } from '../../../core/errors/index.js';
import { LIMITS } from '../../../../spec/generated/limits.js';
import { charLength, isIntArray, isStr, maxChars, wrongType } from '../rules.js';
import { ContactsState, emailKey, type Member, userKey } from '../state.js';

/** userid characters (doc path/90195); lookups accept any of them. */
export const USERID_PATTERN = /^[0-9A-Za-z_\-@.]{1,64}$/;
/** A new userid must also start with a letter or digit (doc path/90195, user/create table). */
export const NEW_USERID_PATTERN = /^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$/;
/** Mobile: digits with an optional leading "+", spaces and "-" (the official example is "+86 13800000000"). */
const MOBILE_PATTERN = /^\+?[0-9][0-9 -]*$/;
const EMAIL_PATTERN = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
/** telephone: digits, "-", "+" and "," (doc path/90195). */
const TELEPHONE_PATTERN = /^[0-9+,-]*$/;
const B = LIMITS.bound;

/** Fields self-built apps no longer receive from user/get since 2022-06-20 (doc path/90196). */
export const SENSITIVE_MEMBER_FIELDS = ['mobile', 'email', 'biz_mail', 'avatar', 'thumb_avatar', 'gender', 'qr_code', 'address'] as const;

/** A userid for a new member or new_userid: 41009 missing, 40003 malformed. */
export function checkNewUserid(v: unknown): string {
  if (v === undefined || v === '') throw err('USERID_MISSING');
  if (!isStr(v) || !NEW_USERID_PATTERN.test(v)) throw err('INVALID_USERID');
  return v;
}

/** name: 1–64 characters (60112, doc path/90195). */
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
  // gender is a string "1" (male) or "2" (female) (doc path/90195, 90196); "0" = not set.
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
 * 60132 is_leader_in_dept of another length (doc path/90195); order of another length, duplicate
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

/** direct_leader: at most LIMITS.bound.member_direct_leaders, 5 ("可以设置最多5个上级", doc path/90195; 60257 beyond), each an existing member (60111). */
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
    // 60104's errmsg names the member who has the number: "mobile existed:<userid>" (doc path/90195).
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
