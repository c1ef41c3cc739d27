import { createHash } from 'node:crypto';
import type { CorpSeed, SeedDepartment, SeedTag, SeedUser } from '../../../fixtures/types.js';
import { snapshotClass } from '../../core/runtime/graph.js';

/** A member as stored: the wire shape of user/get (without errcode/errmsg). */
export type Member = SeedUser;
export type Department = SeedDepartment;
export interface Tag {
  tagid: number;
  tagname: string;
  /** userid keys (lower-case). */
  users: Set<string>;
  parties: Set<number>;
  /** agentid of the app that created the tag; undefined = console / contacts sync. */
  owner_agentid: number | undefined;
}

/** Root department id (doc path/90205). */
export const ROOT_DEPARTMENT = 1;

/** The lookup key of a userid: userids are unique case-insensitively (doc path/90195, 90236). */
export function userKey(userid: string): string {
  return userid.toLowerCase();
}

/** The lookup key of an email address (addresses compare case-insensitively). */
export function emailKey(email: string): string {
  return email.toLowerCase();
}

function addTo<K, V>(map: Map<K, Set<V>>, k: K, v: V): void {
  let set = map.get(k);
  if (!set) map.set(k, (set = new Set()));
  set.add(v);
}

function deleteFrom<K, V>(map: Map<K, Set<V>>, k: K, v: V): void {
  const set = map.get(k);
  if (!set) return;
  set.delete(v);
  if (set.size === 0) map.delete(k);
}

/**
 * The directory of one corp: Maps plus the indexes WeCom's rules need. No HTTP, no errcodes: callers
 * check the rules (rules.ts) before they write, so every method here assumes a valid change.
 * Members are keyed by the lower-cased userid.
 */
export class ContactsState {
  readonly departments = new Map<number, Department>();
  /** parent id → child ids. */
  readonly children = new Map<number, Set<number>>();
  /** parent id → child name → child id (sibling names are unique, 60008). */
  readonly siblingNames = new Map<number, Map<string, number>>();
  readonly users = new Map<string, Member>();
  /** mobile → userid key; email / biz_mail (lower-cased) → userid key. */
  readonly byMobile = new Map<string, string>();
  readonly byEmail = new Map<string, string>();
  /** department id → userid keys of its direct members. */
  readonly deptMembers = new Map<number, Set<string>>();
  readonly tags = new Map<number, Tag>();
  readonly tagByName = new Map<string, number>();
  /** userid key → tag ids; department id → tag ids. */
  readonly tagsOfUser = new Map<string, Set<number>>();
  readonly tagsOfParty = new Map<number, Set<number>>();
  /** Members who never joined (a re-enabled member goes back to status 4, not 1). */
  readonly notActivated = new Set<string>();
  /** openids handed out by convert_to_openid (userid key ↔ openid). */
  readonly openids = new Map<string, string>();
  readonly byOpenid = new Map<string, string>();
  /** The corp's current join QR code (corp/get_join_qrcode). */
  joinQrcode: { vcode: string; expiresAtMs: number } | undefined;
  /** Second-factor codes: code → member (auth/get_tfa_info), tfa_code → member (user/tfa_succ). */
  readonly tfaCodes = new Map<string, { key: string; expiresAtMs: number }>();
  readonly tfaTickets = new Map<string, { key: string; expiresAtMs: number }>();

  // Indexes few requests need are built on first use, so a 100,000-member corp loads fast.
  private bizMailIndex: Map<string, string> | undefined;
  private reportsIndex: Map<string, Set<string>> | undefined;
  private sortedChildren = new Map<number, number[]>();
  /**
   * Bumped by every change of the directory; answers cached by a read (the department tree's JSON) are
   * valid while it stays the same. Members are never changed in place (writes put a new object), so a
   * member's own cached JSON is keyed by the object.
   */
  version = 0;
  readonly memberJson = new WeakMap<Member, Array<string | undefined>>();
  readonly treeJson = new Map<string, { version: number; json: string }>();
  private sortedUserKeys: string[] | undefined;
  private maxDeptId = 0;
  private maxTagIdValue = 0;

  constructor(readonly corpid: string = '') {}

  static fromSeed(seed: CorpSeed): ContactsState {
    const s = new ContactsState(seed.corpid);
    for (const d of seed.departments) s.putDepartment({ ...d, department_leader: [...d.department_leader] });
    for (const u of seed.users) {
      // Seed userids are unique: index each member once, without the replace path of putUser.
      const key = userKey(u.userid);
      s.users.set(key, u);
      s.indexUser(key, u);
      // Seeded active or disabled members have joined before; only status 4 never did.
      if (u.status === 4) s.notActivated.add(key);
    }
    for (const t of seed.tags) s.putTag(t);
    return s;
  }

  // ---- departments ----

  /** Adds or replaces a department (the caller checked the rules). */
  putDepartment(d: Department): void {
    this.version++;
    const old = this.departments.get(d.id);
    if (old) this.detach(old);
    this.departments.set(d.id, d);
    if (d.parentid !== 0) {
      addTo(this.children, d.parentid, d.id);
      let names = this.siblingNames.get(d.parentid);
      if (!names) this.siblingNames.set(d.parentid, (names = new Map()));
      names.set(d.name, d.id);
      this.sortedChildren.delete(d.parentid);
    }
    if (d.id > this.maxDeptId) this.maxDeptId = d.id;
  }

  removeDepartment(id: number): void {
    this.version++;
    const d = this.departments.get(id);
    if (!d) return;
    this.detach(d);
    this.departments.delete(id);
    this.children.delete(id);
    this.siblingNames.delete(id);
    this.sortedChildren.delete(id);
    this.deptMembers.delete(id);
    for (const tagid of this.tagsOfParty.get(id) ?? []) this.tags.get(tagid)?.parties.delete(id);
    this.tagsOfParty.delete(id);
    if (id === this.maxDeptId) {
      // Rare (deleting the newest department): rescan once so auto ids stay max+1.
      this.maxDeptId = 0;
      for (const k of this.departments.keys()) if (k > this.maxDeptId) this.maxDeptId = k;
    }
  }

  private detach(d: Department): void {
    if (d.parentid === 0) return;
    deleteFrom(this.children, d.parentid, d.id);
    const names = this.siblingNames.get(d.parentid);
    if (names?.get(d.name) === d.id) names.delete(d.name);
    if (names?.size === 0) this.siblingNames.delete(d.parentid);
    this.sortedChildren.delete(d.parentid);
  }

  /** The id of the child of `parentid` named `name`, if any. */
  childNamed(parentid: number, name: string): number | undefined {
    return this.siblingNames.get(parentid)?.get(name);
  }

  /** The id department/create assigns when none is given: max + 1 (doc path/90205). */
  nextDepartmentId(): number {
    return this.maxDeptId + 1;
  }

  /** Children of a department, larger `order` first (WeCom's sort), then by id. */
  childrenOf(id: number): number[] {
    let sorted = this.sortedChildren.get(id);
    if (!sorted) {
      const list = this.children.get(id);
      sorted = list ? [...list].sort((a, b) => this.departments.get(b)!.order - this.departments.get(a)!.order || a - b) : [];
      this.sortedChildren.set(id, sorted);
    }
    return sorted;
  }

  /** A department and everything below it, parents before children. */
  subtree(id: number): Department[] {
    const out: Department[] = [];
    const stack = [id];
    while (stack.length > 0) {
      const cur = stack.pop()!;
      const d = this.departments.get(cur);
      if (!d) continue;
      out.push(d);
      const kids = this.childrenOf(cur);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
    return out;
  }

  /** True when `ancestor` is `id` or above it. */
  isWithin(id: number, ancestor: number): boolean {
    let cur: number | undefined = id;
    for (let guard = 0; cur !== undefined && cur !== 0 && guard < 64; guard++) {
      if (cur === ancestor) return true;
      cur = this.departments.get(cur)?.parentid;
    }
    return false;
  }

  /** Depth of a department (root = 1). */
  depthOf(id: number): number {
    let depth = 0;
    let cur: number | undefined = id;
    while (cur !== undefined && cur !== 0 && depth < 64) {
      depth++;
      cur = this.departments.get(cur)?.parentid;
    }
    return depth;
  }

  /** Levels of the subtree under `id`, counting `id` itself (a leaf = 1). */
  heightOf(id: number): number {
    let height = 0;
    let level = [id];
    while (level.length > 0) {
      height++;
      const next: number[] = [];
      for (const d of level) for (const c of this.children.get(d) ?? []) next.push(c);
      level = next;
    }
    return height;
  }

  // ---- members ----

  /** biz_mail (lower-cased) → userid key. */
  get byBizMail(): Map<string, string> {
    if (!this.bizMailIndex) {
      this.bizMailIndex = new Map();
      for (const [key, u] of this.users) if (u.biz_mail) this.bizMailIndex.set(emailKey(u.biz_mail), key);
    }
    return this.bizMailIndex;
  }

  /** leader key → keys of the members whose direct_leader names it. */
  get reportsTo(): Map<string, Set<string>> {
    if (!this.reportsIndex) {
      this.reportsIndex = new Map();
      for (const [key, u] of this.users) for (const l of u.direct_leader) addTo(this.reportsIndex, userKey(l), key);
    }
    return this.reportsIndex;
  }

  /** Every userid key in a stable (sorted) order, for cursor paging; cached until members change. */
  userKeys(): string[] {
    return (this.sortedUserKeys ??= [...this.users.keys()].sort());
  }

  getUser(userid: string): Member | undefined {
    return this.users.get(userKey(userid));
  }

  /** Adds or replaces a member (same userid key) with its indexes (the caller checked the rules). */
  putUser(u: Member): void {
    this.version++;
    const key = userKey(u.userid);
    const old = this.users.get(key);
    if (old) this.unindexUser(key, old);
    else this.sortedUserKeys = undefined;
    this.users.set(key, u);
    this.indexUser(key, u);
  }

  private indexUser(key: string, u: Member): void {
    if (u.mobile) this.byMobile.set(u.mobile, key);
    if (u.email) this.byEmail.set(emailKey(u.email), key);
    if (u.biz_mail && this.bizMailIndex) this.bizMailIndex.set(emailKey(u.biz_mail), key);
    const { department, is_leader_in_dept: leader } = u;
    for (let i = 0; i < department.length; i++) {
      const d = department[i]!;
      let set = this.deptMembers.get(d);
      if (!set) this.deptMembers.set(d, (set = new Set()));
      set.add(key);
      if (leader[i] === 1) {
        const dept = this.departments.get(d);
        if (dept && !dept.department_leader.some((l) => userKey(l) === key)) dept.department_leader.push(u.userid);
      }
    }
    if (this.reportsIndex) for (const l of u.direct_leader) addTo(this.reportsIndex, userKey(l), key);
  }

  private unindexUser(key: string, u: Member): void {
    if (u.mobile && this.byMobile.get(u.mobile) === key) this.byMobile.delete(u.mobile);
    if (u.email && this.byEmail.get(emailKey(u.email)) === key) this.byEmail.delete(emailKey(u.email));
    if (u.biz_mail && this.bizMailIndex?.get(emailKey(u.biz_mail)) === key) this.bizMailIndex.delete(emailKey(u.biz_mail));
    for (const d of u.department) {
      deleteFrom(this.deptMembers, d, key);
      const dept = this.departments.get(d);
      if (dept && dept.department_leader.length > 0) {
        const rest = dept.department_leader.filter((l) => userKey(l) !== key);
        if (rest.length !== dept.department_leader.length) dept.department_leader = rest;
      }
    }
    if (this.reportsIndex) for (const l of u.direct_leader) deleteFrom(this.reportsIndex, userKey(l), key);
  }

  /** Removes a member and every reference to it (tags, leaders of other members). */
  removeUser(userid: string): Member | undefined {
    this.version++;
    const key = userKey(userid);
    const old = this.users.get(key);
    if (!old) return undefined;
    this.unindexUser(key, old);
    this.users.delete(key);
    this.sortedUserKeys = undefined;
    for (const tagid of this.tagsOfUser.get(key) ?? []) this.tags.get(tagid)?.users.delete(key);
    this.tagsOfUser.delete(key);
    for (const r of [...(this.reportsTo.get(key) ?? [])]) {
      const m = this.users.get(r);
      if (m) this.putUser({ ...m, direct_leader: m.direct_leader.filter((l) => userKey(l) !== key) });
    }
    this.reportsTo.delete(key);
    this.notActivated.delete(key);
    const openid = this.openids.get(key);
    if (openid !== undefined) this.byOpenid.delete(openid);
    this.openids.delete(key);
    return old;
  }

  /**
   * Gives a member a new userid (user/update new_userid): the member `u` (already carrying the new
   * userid) replaces the one stored under `oldUserid`, and every reference follows.
   */
  renameUser(oldUserid: string, u: Member): void {
    this.version++;
    const oldKey = userKey(oldUserid);
    const newKey = userKey(u.userid);
    const old = this.users.get(oldKey);
    if (!old) return;
    if (oldKey === newKey) {
      this.putUser(u);
      for (const d of u.department) {
        const dept = this.departments.get(d);
        if (dept) dept.department_leader = dept.department_leader.map((l) => (userKey(l) === newKey ? u.userid : l));
      }
      for (const r of this.reportsTo.get(newKey) ?? []) {
        const m = this.users.get(r);
        if (m) this.users.set(r, { ...m, direct_leader: m.direct_leader.map((l) => (userKey(l) === newKey ? u.userid : l)) });
      }
      return;
    }
    const tagids = [...(this.tagsOfUser.get(oldKey) ?? [])];
    const reports = [...(this.reportsTo.get(oldKey) ?? [])];
    const pending = this.notActivated.has(oldKey);
    const openid = this.openids.get(oldKey);
    this.unindexUser(oldKey, old);
    this.users.delete(oldKey);
    this.sortedUserKeys = undefined;
    this.putUser(u);
    for (const tagid of tagids) {
      const t = this.tags.get(tagid);
      if (!t) continue;
      t.users.delete(oldKey);
      t.users.add(newKey);
    }
    this.tagsOfUser.delete(oldKey);
    if (tagids.length > 0) this.tagsOfUser.set(newKey, new Set(tagids));
    for (const r of reports) {
      const m = this.users.get(r);
      if (m) this.putUser({ ...m, direct_leader: m.direct_leader.map((l) => (userKey(l) === oldKey ? u.userid : l)) });
    }
    if (pending) {
      this.notActivated.delete(oldKey);
      this.notActivated.add(newKey);
    }
    if (openid !== undefined) {
      this.openids.delete(oldKey);
      this.openids.set(newKey, openid);
      this.byOpenid.set(openid, newKey);
    }
  }

  /** A member's openid (convert_to_openid): derived from corp and userid once, then kept. */
  openidOf(userid: string): string {
    const key = userKey(userid);
    let id = this.openids.get(key);
    if (id === undefined) {
      id = `o${createHash('sha256').update(`${this.corpid}:${key}:openid`).digest('base64url').slice(0, 27)}`;
      this.openids.set(key, id);
      this.byOpenid.set(id, key);
    }
    return id;
  }

  // ---- tags ----

  putTag(t: SeedTag): void {
    this.version++;
    const old = this.tags.get(t.tagid);
    if (old) this.removeTag(t.tagid);
    const tag: Tag = { tagid: t.tagid, tagname: t.tagname, users: new Set(), parties: new Set(), owner_agentid: t.owner_agentid };
    this.tags.set(t.tagid, tag);
    this.tagByName.set(t.tagname, t.tagid);
    for (const u of t.userlist) this.addTagUser(tag, userKey(u));
    for (const p of t.partylist) this.addTagParty(tag, p);
    if (t.tagid > this.maxTagIdValue) this.maxTagIdValue = t.tagid;
  }

  renameTag(tag: Tag, tagname: string): void {
    this.version++;
    if (this.tagByName.get(tag.tagname) === tag.tagid) this.tagByName.delete(tag.tagname);
    tag.tagname = tagname;
    this.tagByName.set(tagname, tag.tagid);
  }

  removeTag(tagid: number): void {
    this.version++;
    const t = this.tags.get(tagid);
    if (!t) return;
    for (const u of t.users) deleteFrom(this.tagsOfUser, u, tagid);
    for (const p of t.parties) deleteFrom(this.tagsOfParty, p, tagid);
    if (this.tagByName.get(t.tagname) === tagid) this.tagByName.delete(t.tagname);
    this.tags.delete(tagid);
    if (tagid === this.maxTagIdValue) {
      this.maxTagIdValue = 0;
      for (const k of this.tags.keys()) if (k > this.maxTagIdValue) this.maxTagIdValue = k;
    }
  }

  /** The tagid tag/create assigns when none is given: max + 1 (doc path/90210). */
  nextTagId(): number {
    return this.maxTagIdValue + 1;
  }

  addTagUser(t: Tag, key: string): void {
    this.tagMember(t.tagid, t.users, this.tagsOfUser, key, true);
  }

  removeTagUser(t: Tag, key: string): void {
    this.tagMember(t.tagid, t.users, this.tagsOfUser, key, false);
  }

  addTagParty(t: Tag, id: number): void {
    this.tagMember(t.tagid, t.parties, this.tagsOfParty, id, true);
  }

  removeTagParty(t: Tag, id: number): void {
    this.tagMember(t.tagid, t.parties, this.tagsOfParty, id, false);
  }

  /** Adds or removes one member of a tag (a user key or a department id) and keeps the reverse index in step. */
  private tagMember<K>(tagid: number, members: Set<K>, index: Map<K, Set<number>>, key: K, add: boolean): void {
    this.version++;
    if (add) {
      members.add(key);
      addTo(index, key, tagid);
    } else {
      members.delete(key);
      deleteFrom(index, key, tagid);
    }
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(ContactsState, { transient: { memberJson: () => new WeakMap() } });
