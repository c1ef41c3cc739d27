/**
 * Writes of tags (`writes.ts` role) — check, mutate, emit: every rule is checked first, then the state changes, then the
 * change_contact event goes out, so a refused write changes nothing. Shared by the routes (after their
 * permission checks), batch jobs (batch/syncuser, replaceuser, replaceparty call them per CSV row) and
 * simulations. Each throws a WeComError (err('NAME')) on the first rule an input breaks.
 */
import { err, invalidParameter } from '../../../core/errors/index.js';
import { LIMITS } from '../../../../spec/generated/limits.js';
import { type Emit, updateTagEvent } from '../events.js';
import { ContactsState, type Member, type Tag, userKey } from '../state.js';
import { checkTagName, ownedTag } from './rules.js';
import { idForNew } from '../rules.js';


const B = LIMITS.bound;
const noop: Emit = () => {};

export interface TagCreateInput {
  tagname?: string;
  tagid?: number;
}

/** tag/create: tagid max+1 when absent; names unique (40071); at most 3,000 tags. */
export function applyTagCreate(c: ContactsState, input: TagCreateInput, owner: number | undefined): Tag {
  const tagname = checkTagName(input.tagname);
  // A tagid that is taken (WeCom's code unknown; 40068 invalid tagid is the closest).
  const tagid = idForNew(input.tagid, { has: (i) => c.tags.has(i), next: () => c.nextTagId() }, 'INVALID_TAGID', 'INVALID_TAGID');
  // More than 3,000 tags (doc path/90210): WeCom's code is unknown; 40126 is its "3,000 tags" code.
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

/** Partial success of tag/addtagusers and tag/deltagusers (doc path/90214, 90215). */
export interface TagMembersResult {
  /** Invalid userids joined with "|" (present only when some were invalid). */
  invalidlist?: string;
  /** Invalid department ids (present only when some were invalid). */
  invalidparty?: number[];
}

/**
 * tag/addtagusers and tag/deltagusers: unknown (or, for an app, invisible) members and departments are
 * reported back and the rest applied; when none is valid → 40070 all list invalid (doc path/90210).
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
