import type { CorpSeed, SeedDepartment, SeedTag, SeedUser } from '../../../fixtures/types.js';

/** A member as stored: the wire shape of user/get (without errcode/errmsg). */
export type Member = SeedUser;
export type Department = SeedDepartment;
export interface Tag {
  tagid: number;
  tagname: string;
  /** userid keys (lower-case). */
  users: Set<string>;
  parties: Set<number>;
  owner_agentid: number | undefined;
}

/** Root department id (reference §3.2). */
export const ROOT_DEPARTMENT = 1;

/**
 * The directory of one corp: Maps plus the indexes WeCom's rules need. No HTTP, no errcodes.
 * userids are unique case-insensitively (reference §3.1, §11.4), so members are keyed by the lower-cased id.
 */
export class ContactsState {
  readonly departments = new Map<number, Department>();
  /** parent id → child ids (unsorted; see childrenOf). */
  readonly children = new Map<number, number[]>();
  readonly users = new Map<string, Member>();
  /** mobile → userid key, email → userid key. */
  readonly byMobile = new Map<string, string>();
  readonly byEmail = new Map<string, string>();
  /** department id → userid keys of its direct members. */
  readonly deptMembers = new Map<number, Set<string>>();
  readonly tags = new Map<number, Tag>();
  private sortedChildren = new Map<number, number[]>();
  private sortedUserKeys: string[] | undefined;

  static fromSeed(seed: CorpSeed): ContactsState {
    const s = new ContactsState();
    for (const d of seed.departments) s.putDepartment({ ...d, department_leader: [...d.department_leader] });
    for (const u of seed.users) s.putUser(u);
    for (const t of seed.tags) s.putTag(t);
    return s;
  }

  /** Adds or replaces a department (the caller checked the rules). */
  putDepartment(d: Department): void {
    const old = this.departments.get(d.id);
    if (old && old.parentid !== d.parentid) this.detach(d.id, old.parentid);
    this.departments.set(d.id, d);
    if (!old || old.parentid !== d.parentid) {
      if (d.parentid !== 0) {
        let list = this.children.get(d.parentid);
        if (!list) this.children.set(d.parentid, (list = []));
        list.push(d.id);
      }
    }
    this.sortedChildren.clear();
  }

  removeDepartment(id: number): void {
    const d = this.departments.get(id);
    if (!d) return;
    this.detach(id, d.parentid);
    this.departments.delete(id);
    this.children.delete(id);
    this.deptMembers.delete(id);
    this.sortedChildren.clear();
  }

  private detach(id: number, parentid: number): void {
    const list = this.children.get(parentid);
    if (!list) return;
    const i = list.indexOf(id);
    if (i >= 0) list.splice(i, 1);
  }

  /** Children of a department, larger `order` first (WeCom's sort), then by id. */
  childrenOf(id: number): number[] {
    let sorted = this.sortedChildren.get(id);
    if (!sorted) {
      const list = this.children.get(id) ?? [];
      sorted = [...list].sort((a, b) => this.departments.get(b)!.order - this.departments.get(a)!.order || a - b);
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

  /** Every userid key in a stable (sorted) order, for cursor paging; cached until members change. */
  userKeys(): string[] {
    return (this.sortedUserKeys ??= [...this.users.keys()].sort());
  }

  getUser(userid: string): Member | undefined {
    return this.users.get(userid.toLowerCase());
  }

  /** Adds or replaces a member and its indexes (the caller checked the rules). */
  putUser(u: Member): void {
    const key = u.userid.toLowerCase();
    const old = this.users.get(key);
    if (old) this.unindexUser(key, old);
    else this.sortedUserKeys = undefined;
    this.users.set(key, u);
    if (u.mobile) this.byMobile.set(u.mobile, key);
    if (u.email) this.byEmail.set(u.email.toLowerCase(), key);
    for (const d of u.department) {
      let set = this.deptMembers.get(d);
      if (!set) this.deptMembers.set(d, (set = new Set()));
      set.add(key);
    }
  }

  removeUser(userid: string): Member | undefined {
    const key = userid.toLowerCase();
    const old = this.users.get(key);
    if (!old) return undefined;
    this.unindexUser(key, old);
    this.users.delete(key);
    this.sortedUserKeys = undefined;
    for (const t of this.tags.values()) t.users.delete(key);
    return old;
  }

  private unindexUser(key: string, u: Member): void {
    if (u.mobile && this.byMobile.get(u.mobile) === key) this.byMobile.delete(u.mobile);
    if (u.email && this.byEmail.get(u.email.toLowerCase()) === key) this.byEmail.delete(u.email.toLowerCase());
    for (const d of u.department) this.deptMembers.get(d)?.delete(key);
  }

  putTag(t: SeedTag): void {
    this.tags.set(t.tagid, {
      tagid: t.tagid,
      tagname: t.tagname,
      users: new Set(t.userlist.map((u) => u.toLowerCase())),
      parties: new Set(t.partylist),
      owner_agentid: t.owner_agentid,
    });
  }
}
