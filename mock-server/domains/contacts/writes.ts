/**
 * Validated writes of the directory: every rule is checked first, then the state changes, then the
 * change_contact event goes out — so a refused write changes nothing. Handlers call these after the
 * permission checks; batch jobs (batch/syncuser, replaceuser, replaceparty) call them per CSV row.
 * Each throws a WeComError (err('NAME')) on the first rule an input breaks.
 */
import { createHash } from 'node:crypto';
import { err, invalidParameter } from '../../core/errors/index.js';
import { LIMITS } from '../../../spec/generated/limits.js';
import {
  checkBizMail,
  checkContactUniqueness,
  checkDepartmentName,
  checkDepartmentOrder,
  checkDirectLeaders,
  checkEmail,
  checkMemberName,
  checkMemberships,
  checkMemberTexts,
  checkMobile,
  checkNewUserid,
  checkTagName,
  ownedTag,
  type MemberFields,
} from './rules.js';
import { ROOT_DEPARTMENT, userKey, type ContactsState, type Department, type Member, type Tag } from './state.js';
import {
  createPartyEvent,
  createUserEvent,
  deletePartyEvent,
  deleteUserEvent,
  updatePartyEvent,
  updateTagEvent,
  updateUserEvent,
  type Emit,
} from './events.js';

export type { MemberFields } from './rules.js';
export type { Emit } from './events.js';

const B = LIMITS.bound;
const noop: Emit = () => {};

export interface MemberCreateInput extends MemberFields {
  userid?: string;
}

export interface MemberUpdateInput extends MemberFields {
  userid?: string;
  /** Renames the member (reference §3.1). */
  new_userid?: string;
}

function digest(c: ContactsState, key: string, what: string): Buffer {
  return createHash('sha256').update(`${c.corpid}:${key}:${what}`).digest();
}

/** The avatar URLs a member gets for an uploaded avatar_mediaid (WeCom serves them from its CDN). */
function avatarUrls(c: ContactsState, key: string, mediaid: string): { avatar: string; thumb_avatar: string } {
  const id = createHash('sha256').update(`${c.corpid}:${key}:${mediaid}`).digest('hex').slice(0, 32);
  return { avatar: `https://wework.qpic.cn/wwpic/${id}/0`, thumb_avatar: `https://wework.qpic.cn/wwpic/${id}/100` };
}

function externalProfile(input: MemberFields['external_profile'], current: Member['external_profile'] | undefined): Member['external_profile'] {
  if (input === undefined) {
    return current ?? { external_corp_name: '', wechat_channels: { nickname: '', status: 0 }, external_attr: [] };
  }
  const nickname = input.wechat_channels?.nickname ?? current?.wechat_channels.nickname ?? '';
  return {
    external_corp_name: input.external_corp_name ?? current?.external_corp_name ?? '',
    wechat_channels: { nickname, status: nickname ? 1 : 0 },
    external_attr: input.external_attr ?? current?.external_attr ?? [],
  };
}

function textOr(v: string | undefined, fallback: string): string {
  return v === undefined ? fallback : v;
}

/** user/create: a new member, "not activated" (status 4) until they join, or disabled with enable 0. */
export function applyMemberCreate(c: ContactsState, input: MemberCreateInput, emit: Emit = noop): Member {
  const userid = checkNewUserid(input.userid);
  // userids are unique case-insensitively: "ZhangSan" collides with "zhangsan" (60102, reference §11.4).
  if (c.getUser(userid)) throw err('USERID_EXISTED');
  const key = userKey(userid);
  const name = checkMemberName(input.name);
  checkMemberTexts(input);
  const ms = checkMemberships(c, input, undefined);
  const direct_leader = input.direct_leader !== undefined ? checkDirectLeaders(c, input.direct_leader, userid) : [];
  const mobile = input.mobile !== undefined ? checkMobile(input.mobile) : '';
  const email = input.email !== undefined ? checkEmail(input.email) : '';
  const biz_mail = input.biz_mail !== undefined ? checkBizMail(input.biz_mail) : '';
  // mobile or email is required (60129, reference §3.1).
  if (!mobile && !email) throw err('MOBILE_AND_EMAIL_EMPTY');
  checkContactUniqueness(c, key, { mobile, email, biz_mail });

  const open = digest(c, key, 'open_userid').toString('base64url').replace(/[-_]/g, 'A');
  const m: Member = {
    userid,
    name,
    alias: textOr(input.alias, ''),
    department: ms.department,
    order: ms.order,
    is_leader_in_dept: ms.is_leader_in_dept,
    main_department: ms.main_department,
    direct_leader,
    position: textOr(input.position, ''),
    mobile,
    gender: (input.gender ?? '0') as Member['gender'],
    email,
    biz_mail,
    telephone: textOr(input.telephone, ''),
    address: textOr(input.address, ''),
    ...(input.avatar_mediaid ? avatarUrls(c, key, input.avatar_mediaid) : { avatar: '', thumb_avatar: '' }),
    qr_code: `https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=${digest(c, key, 'qr').toString('hex').slice(0, 32)}`,
    open_userid: `wo${open.slice(0, 30)}`,
    status: input.enable === 0 ? 2 : 4,
    enable: input.enable === 0 ? 0 : 1,
    extattr: { attrs: input.extattr?.attrs ?? [] },
    external_position: textOr(input.external_position, ''),
    external_profile: externalProfile(input.external_profile, undefined),
  };
  c.putUser(m);
  c.notActivated.add(key);
  emit(createUserEvent(m));
  return m;
}

/** The member a userid names: 41009 when missing, 60111 when unknown. */
export function existingMember(c: ContactsState, userid: unknown): Member {
  if (userid === undefined || userid === '') throw err('USERID_MISSING');
  if (typeof userid !== 'string') throw err('INVALID_USERID');
  const m = c.getUser(userid);
  if (!m) throw err('USERID_NOT_FOUND');
  return m;
}

/**
 * user/update: only the fields given change. The mobile of an activated member is silently kept
 * (reference §3.1: "Mobile of an activated member … silently ignored"); new_userid renames.
 */
export function applyMemberUpdate(c: ContactsState, input: MemberUpdateInput, emit: Emit = noop): Member {
  const cur = existingMember(c, input.userid);
  const key = userKey(cur.userid);
  let userid = cur.userid;
  if (input.new_userid !== undefined && input.new_userid !== '') {
    userid = checkNewUserid(input.new_userid);
    const other = c.getUser(userid);
    if (other && userKey(other.userid) !== key) throw err('USERID_EXISTED');
  }
  const name = input.name !== undefined ? checkMemberName(input.name) : cur.name;
  checkMemberTexts(input);
  const ms = checkMemberships(c, input, cur);
  const direct_leader = input.direct_leader !== undefined ? checkDirectLeaders(c, input.direct_leader, cur.userid) : cur.direct_leader;
  // An activated member's mobile is theirs to change: user/update ignores it (reference §3.1).
  const mobile = input.mobile !== undefined && cur.status !== 1 ? checkMobile(input.mobile) : cur.mobile;
  const email = input.email !== undefined ? checkEmail(input.email) : cur.email;
  const biz_mail = input.biz_mail !== undefined ? checkBizMail(input.biz_mail) : cur.biz_mail;
  if (!mobile && !email) throw err('MOBILE_AND_EMAIL_EMPTY');
  checkContactUniqueness(c, key, { mobile, email, biz_mail });

  let status = cur.status;
  let enable = cur.enable;
  if (input.enable === 0 && cur.status !== 5) {
    status = 2;
    enable = 0;
  } else if (input.enable === 1 && cur.status === 2) {
    status = c.notActivated.has(key) ? 4 : 1;
    enable = 1;
  }
  const next: Member = {
    ...cur,
    userid,
    name,
    alias: textOr(input.alias, cur.alias),
    ...ms,
    direct_leader: direct_leader.map((l) => c.getUser(l)?.userid ?? l),
    position: textOr(input.position, cur.position),
    mobile,
    gender: (input.gender ?? cur.gender) as Member['gender'],
    email,
    biz_mail,
    telephone: textOr(input.telephone, cur.telephone),
    address: textOr(input.address, cur.address),
    ...(input.avatar_mediaid ? avatarUrls(c, key, input.avatar_mediaid) : {}),
    status,
    enable,
    extattr: input.extattr !== undefined ? { attrs: input.extattr.attrs ?? [] } : cur.extattr,
    external_position: textOr(input.external_position, cur.external_position),
    external_profile: externalProfile(input.external_profile, cur.external_profile),
  };
  if (userid !== cur.userid) c.renameUser(cur.userid, next);
  else c.putUser(next);
  const e = updateUserEvent(cur, next);
  if (e) emit(e);
  return next;
}

/** Marks a member as joined (authsucc / tfa_succ): "not activated" becomes active. */
export function applyMemberActivate(c: ContactsState, m: Member, emit: Emit = noop): Member {
  c.notActivated.delete(userKey(m.userid));
  if (m.status !== 4) return m;
  const next: Member = { ...m, status: 1 };
  c.putUser(next);
  const e = updateUserEvent(m, next);
  if (e) emit(e);
  return next;
}

/** user/delete. */
export function applyMemberDelete(c: ContactsState, userid: unknown, emit: Emit = noop): Member {
  const m = existingMember(c, userid);
  c.removeUser(m.userid);
  emit(deleteUserEvent(m));
  return m;
}

/**
 * user/batchdelete: up to 200 userids; one unknown id fails the whole call and nothing is deleted
 * (reference §3.1). Empty list → 40031, too long → 40032.
 */
export function applyMemberBatchDelete(c: ContactsState, useridlist: unknown, emit: Emit = noop): Member[] {
  if (!Array.isArray(useridlist) || !useridlist.every((u) => typeof u === 'string')) {
    throw invalidParameter('useridlist must be array of strings', { prefix: 'Warning: wrong json format. ' });
  }
  if (useridlist.length === 0) throw err('INVALID_USERID_LIST');
  if (useridlist.length > B.batchdelete_userids.max) throw err('INVALID_USERID_LIST_LENGTH');
  const members = new Map<string, Member>();
  for (const u of useridlist as string[]) {
    const m = c.getUser(u);
    if (!m) throw err('USERID_NOT_FOUND', { suffix: `: ${u}` });
    members.set(userKey(m.userid), m);
  }
  for (const m of members.values()) {
    c.removeUser(m.userid);
    emit(deleteUserEvent(m));
  }
  return [...members.values()];
}

// ---- departments ----

export interface DepartmentCreateInput {
  name?: string;
  name_en?: string;
  parentid?: number;
  order?: number;
  id?: number;
}

export interface DepartmentUpdateInput {
  id?: number;
  name?: string;
  name_en?: string;
  parentid?: number;
  order?: number;
}

function checkParent(c: ContactsState, parentid: unknown): number {
  if (parentid === undefined) throw invalidParameter('parentid missing');
  if (!Number.isInteger(parentid)) throw invalidParameter('parentid must be integer', { prefix: 'Warning: wrong json format. ' });
  if (!c.departments.has(parentid as number)) throw err('PARENT_DEPARTMENT_NOT_FOUND');
  return parentid as number;
}

/** The department an id names: 40058 when missing, 60003 when unknown. */
export function existingDepartment(c: ContactsState, id: unknown): Department {
  if (id === undefined) throw invalidParameter('id missing');
  if (!Number.isInteger(id)) throw err('INVALID_DEPARTMENT_ID');
  const d = c.departments.get(id as number);
  if (!d) throw err('DEPARTMENT_NOT_FOUND');
  return d;
}

/**
 * department/create (reference §3.2): id max+1 when absent; parent must exist (60004); sibling names are
 * unique (60008); at most 15 levels (81002) and 30,000 departments (81001).
 */
export function applyDepartmentCreate(c: ContactsState, input: DepartmentCreateInput, emit: Emit = noop): Department {
  const name = checkDepartmentName(input.name);
  const name_en = input.name_en !== undefined ? checkDepartmentName(input.name_en, 'name_en') : '';
  const parentid = checkParent(c, input.parentid);
  const order = input.order !== undefined ? checkDepartmentOrder(input.order) : 0;
  let id: number;
  if (input.id !== undefined) {
    if (!Number.isInteger(input.id) || input.id < 1 || input.id > 0xffffffff) throw err('INVALID_DEPARTMENT_ID');
    // An id that is taken: "department existed" (60008, reference §3.2).
    if (c.departments.has(input.id)) throw err('DEPARTMENT_EXISTED');
    id = input.id;
  } else id = c.nextDepartmentId();
  if (c.departments.size >= B.departments_per_corp.max) throw err('DEPARTMENT_NODE_LIMIT_REACHED');
  if (c.depthOf(parentid) + 1 > B.department_depth.max) throw err('DEPARTMENT_DEPTH_LIMIT_REACHED');
  if (c.childNamed(parentid, name) !== undefined) throw err('DEPARTMENT_EXISTED');
  const d: Department = { id, name, name_en, parentid, order, department_leader: [] };
  c.putDepartment(d);
  emit(createPartyEvent(d));
  return d;
}

/** department/update: rename, move (no cycles, 60010; depth ≤ 15, 81002) or reorder. */
export function applyDepartmentUpdate(c: ContactsState, input: DepartmentUpdateInput, emit: Emit = noop): Department {
  const cur = existingDepartment(c, input.id);
  const name = input.name !== undefined ? checkDepartmentName(input.name) : cur.name;
  const name_en = input.name_en !== undefined ? checkDepartmentName(input.name_en, 'name_en') : cur.name_en;
  const order = input.order !== undefined ? checkDepartmentOrder(input.order) : cur.order;
  let parentid = cur.parentid;
  if (input.parentid !== undefined && input.parentid !== cur.parentid) {
    // Every department lies under the root, so moving the root is always a cycle.
    if (cur.id === ROOT_DEPARTMENT) throw err('DEPARTMENT_CYCLE');
    parentid = checkParent(c, input.parentid);
    // A department cannot move under itself or one of its descendants (60010, reference §3.2).
    if (c.isWithin(parentid, cur.id)) throw err('DEPARTMENT_CYCLE');
    if (c.depthOf(parentid) + c.heightOf(cur.id) > B.department_depth.max) throw err('DEPARTMENT_DEPTH_LIMIT_REACHED');
  }
  if (parentid !== 0 && (name !== cur.name || parentid !== cur.parentid)) {
    const sibling = c.childNamed(parentid, name);
    if (sibling !== undefined && sibling !== cur.id) throw err('DEPARTMENT_EXISTED');
  }
  const next: Department = { ...cur, name, name_en, order, parentid };
  c.putDepartment(next);
  const e = updatePartyEvent(cur, next);
  if (e) emit(e);
  return next;
}

/** department/delete: not the root (60007), no sub-departments (60006), no members (60005). */
export function applyDepartmentDelete(c: ContactsState, id: unknown, emit: Emit = noop): Department {
  if (id === ROOT_DEPARTMENT) throw err('ROOT_DEPARTMENT_UNDELETABLE');
  const d = existingDepartment(c, id);
  if ((c.children.get(d.id)?.size ?? 0) > 0) throw err('DEPARTMENT_HAS_CHILDREN');
  if ((c.deptMembers.get(d.id)?.size ?? 0) > 0) throw err('DEPARTMENT_HAS_MEMBERS');
  c.removeDepartment(d.id);
  emit(deletePartyEvent(d.id));
  return d;
}

// ---- tags ----

export interface TagCreateInput {
  tagname?: string;
  tagid?: number;
}

/** tag/create: tagid max+1 when absent; names unique (40071); at most 3,000 tags. */
export function applyTagCreate(c: ContactsState, input: TagCreateInput, owner: number | undefined): Tag {
  const tagname = checkTagName(input.tagname);
  let tagid: number;
  if (input.tagid !== undefined) {
    if (!Number.isInteger(input.tagid) || input.tagid < 1 || input.tagid > 0xffffffff) throw err('INVALID_TAGID');
    // A tagid that is taken (WeCom's code unknown; 40068 invalid tagid is the closest).
    if (c.tags.has(input.tagid)) throw err('INVALID_TAGID');
    tagid = input.tagid;
  } else tagid = c.nextTagId();
  // More than 3,000 tags (reference §3.3): WeCom's code is unknown; 40126 is its "3,000 tags" code.
  if (c.tags.size >= B.tags_per_corp.max) throw err('CORP_TAG_LIMIT_REACHED');
  if (c.tagByName.has(tagname)) throw err('INVALID_TAG_NAME');
  c.putTag({ tagid, tagname, userlist: [], partylist: [], ...(owner !== undefined && { owner_agentid: owner }) });
  return c.tags.get(tagid)!;
}

function tagIdOf(v: unknown): number {
  if (v === undefined) throw err('TAGID_MISSING');
  if (!Number.isInteger(v)) throw err('INVALID_TAGID');
  return v as number;
}

/** tag/update: the new name (40072 length, 40071 taken). */
export function applyTagUpdate(c: ContactsState, input: { tagid?: number; tagname?: string }, owner: number | undefined): Tag {
  const t = ownedTag(c, tagIdOf(input.tagid), owner);
  const tagname = checkTagName(input.tagname);
  const other = c.tagByName.get(tagname);
  if (other !== undefined && other !== t.tagid) throw err('INVALID_TAG_NAME');
  c.renameTag(t, tagname);
  return t;
}

/** tag/delete. */
export function applyTagDelete(c: ContactsState, tagid: unknown, owner: number | undefined): Tag {
  const t = ownedTag(c, tagIdOf(tagid), owner);
  c.removeTag(t.tagid);
  return t;
}

export interface TagMembersInput {
  tagid?: number;
  userlist?: string[];
  partylist?: number[];
}

/** Partial success of tag/addtagusers and tag/deltagusers (reference §3.3, §11.9). */
export interface TagMembersResult {
  /** Invalid userids joined with "|" (present only when some were invalid). */
  invalidlist?: string;
  /** Invalid department ids (present only when some were invalid). */
  invalidparty?: number[];
}

/**
 * tag/addtagusers and tag/deltagusers: unknown (or, for an app, invisible) members and departments are
 * reported back and the rest applied; when none is valid → 40070 all list invalid (reference §3.3).
 */
export function applyTagMembers(
  c: ContactsState,
  input: TagMembersInput,
  owner: number | undefined,
  mode: 'add' | 'del',
  visible: { member: (m: Member) => boolean; department: (id: number) => boolean },
  emit: Emit = noop,
): TagMembersResult {
  const t = ownedTag(c, tagIdOf(input.tagid), owner);
  const userlist = input.userlist ?? [];
  const partylist = input.partylist ?? [];
  if (!Array.isArray(userlist) || !userlist.every((u) => typeof u === 'string')) {
    throw invalidParameter('userlist must be array of strings', { prefix: 'Warning: wrong json format. ' });
  }
  if (!Array.isArray(partylist) || !partylist.every((p) => Number.isInteger(p))) {
    throw invalidParameter('partylist must be array of integers', { prefix: 'Warning: wrong json format. ' });
  }
  if (userlist.length > B.tag_users_per_call.max || partylist.length > B.tag_parties_per_call.max) throw err('TAG_ADD_TOO_MANY_NODES');
  // Neither list given (WeCom's code unknown): nothing valid, so 40070 like an all-invalid call.
  if (userlist.length === 0 && partylist.length === 0) throw err('ALL_LIST_INVALID');

  const users = new Map<string, Member>();
  const invalidUsers: string[] = [];
  for (const u of userlist) {
    const m = c.getUser(u);
    if (m && visible.member(m)) users.set(userKey(m.userid), m);
    else invalidUsers.push(u);
  }
  const parties = new Set<number>();
  const invalidParties: number[] = [];
  for (const p of partylist) {
    if (c.departments.has(p) && visible.department(p)) parties.add(p);
    else invalidParties.push(p);
  }
  if (users.size === 0 && parties.size === 0) throw err('ALL_LIST_INVALID');

  const changedUsers: string[] = [];
  const changedParties: number[] = [];
  if (mode === 'add') {
    let added = 0;
    for (const k of users.keys()) if (!t.users.has(k)) added++;
    for (const p of parties) if (!t.parties.has(p)) added++;
    if (t.users.size + t.parties.size + added > B.tag_nodes.max) throw err('TAG_NODE_LIMIT_REACHED');
    for (const [k, m] of users) if (!t.users.has(k)) (c.addTagUser(t, k), changedUsers.push(m.userid));
    for (const p of parties) if (!t.parties.has(p)) (c.addTagParty(t, p), changedParties.push(p));
  } else {
    for (const [k, m] of users) if (t.users.has(k)) (c.removeTagUser(t, k), changedUsers.push(m.userid));
    for (const p of parties) if (t.parties.has(p)) (c.removeTagParty(t, p), changedParties.push(p));
  }
  const e =
    mode === 'add'
      ? updateTagEvent(t.tagid, { addUsers: changedUsers, addParties: changedParties })
      : updateTagEvent(t.tagid, { delUsers: changedUsers, delParties: changedParties });
  if (e) emit(e);
  return {
    ...(invalidUsers.length > 0 && { invalidlist: invalidUsers.join('|') }),
    ...(invalidParties.length > 0 && { invalidparty: invalidParties }),
  };
}
