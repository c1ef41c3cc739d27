/**
 * Writes of members (`writes.ts` role) — check, mutate, emit: every rule is checked first, then the state changes, then the
 * change_contact event goes out, so a refused write changes nothing. Shared by the routes (after their
 * permission checks), batch jobs (batch/syncuser, replaceuser, replaceparty call them per CSV row) and
 * simulations. Each throws a WeComError (err('NAME')) on the first rule an input breaks.
 */
import { createHash } from 'node:crypto';
import { err, invalidParameter } from '../../../core/errors/index.js';
import { LIMITS } from '../../../../spec/generated/limits.js';
import { createUserEvent, deleteUserEvent, type Emit, updateUserEvent } from '../events.js';
import { ContactsState, type Member, userKey } from '../state.js';
import { checkBizMail, checkContactUniqueness, checkDirectLeaders, checkEmail, checkMemberName, checkMemberships, checkMemberTexts, checkMobile, checkNewUserid, type MemberFields } from './rules.js';

export type { MemberFields } from './rules.js';
export type { Emit } from '../events.js';

const B = LIMITS.bound;
const noop: Emit = () => {};

export interface MemberCreateInput extends MemberFields {
  userid?: string;
}

export interface MemberUpdateInput extends MemberFields {
  userid?: string;
  /** Renames the member (doc path/90195). */
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
  // userids are unique case-insensitively: "ZhangSan" collides with "zhangsan" (60102, doc path/90195, 90236).
  if (c.getUser(userid)) throw err('USERID_EXISTED');
  const key = userKey(userid);
  const name = checkMemberName(input.name);
  checkMemberTexts(input);
  const ms = checkMemberships(c, input, undefined);
  const direct_leader = input.direct_leader !== undefined ? checkDirectLeaders(c, input.direct_leader, userid) : [];
  const mobile = input.mobile !== undefined ? checkMobile(input.mobile) : '';
  const email = input.email !== undefined ? checkEmail(input.email) : '';
  const biz_mail = input.biz_mail !== undefined ? checkBizMail(input.biz_mail) : '';
  // mobile or email is required (60129, doc path/90195).
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
 * (doc path/90195: "Mobile of an activated member … silently ignored"); new_userid renames.
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
  // An activated member's mobile is theirs to change: user/update ignores it (doc path/90197).
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
 * (doc path/90195). Empty list → 40031, too long → 40032.
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
