/**
 * Invariants of a corp's directory: what must hold after every write (the property test checks them after
 * each step; they are also handy when debugging a corp). Returns the broken ones, empty when all hold.
 */
import { LIMITS } from '../../../spec/generated/limits.js';
import { ContactsState, emailKey, ROOT_DEPARTMENT, userKey } from './state.js';

function sameSet<T>(a: Iterable<T> | undefined, b: Iterable<T> | undefined): boolean {
  const x = new Set(a ?? []);
  const y = new Set(b ?? []);
  if (x.size !== y.size) return false;
  for (const v of x) if (!y.has(v)) return false;
  return true;
}

export function contactsInvariantViolations(c: ContactsState): string[] {
  const out: string[] = [];
  const bad = (msg: string): void => {
    if (out.length < 20) out.push(msg);
  };

  // Departments: one root, parents exist, no cycle, depth ≤ 15, indexes match.
  const children = new Map<number, Set<number>>();
  let maxId = 0;
  for (const [id, d] of c.departments) {
    if (d.id !== id) bad(`department ${id} stored under another id`);
    if (id > maxId) maxId = id;
    if (d.parentid === 0) {
      if (id !== ROOT_DEPARTMENT) bad(`department ${id} has no parent but is not the root`);
      continue;
    }
    if (!c.departments.has(d.parentid)) bad(`department ${id} has a missing parent ${d.parentid}`);
    let set = children.get(d.parentid);
    if (!set) children.set(d.parentid, (set = new Set()));
    set.add(id);
    let cur: number | undefined = id;
    let depth = 0;
    while (cur !== undefined && cur !== 0 && depth <= LIMITS.bound.department_depth.max + 1) {
      depth++;
      cur = c.departments.get(cur)?.parentid;
    }
    if (cur !== 0) bad(`department ${id} is in a cycle or under a missing department`);
    else if (depth > LIMITS.bound.department_depth.max) bad(`department ${id} is at depth ${depth}`);
  }
  if (!c.departments.has(ROOT_DEPARTMENT)) bad('the root department is missing');
  if (c.nextDepartmentId() !== maxId + 1) bad(`next department id ${c.nextDepartmentId()}, max is ${maxId}`);
  for (const [p, kids] of children) if (!sameSet(kids, c.children.get(p))) bad(`children index of ${p} is stale`);
  for (const [p, kids] of c.children) if (kids.size > 0 && !children.has(p)) bad(`children index lists ${p} without children`);
  for (const [p, kids] of children) {
    const names = new Map<string, number>();
    for (const k of kids) {
      const name = c.departments.get(k)!.name;
      if (names.has(name)) bad(`departments ${names.get(name)} and ${k} under ${p} share the name ${name}`);
      names.set(name, k);
      if (c.childNamed(p, name) !== k) bad(`sibling-name index misses ${k} under ${p}`);
    }
    if ((c.siblingNames.get(p)?.size ?? 0) !== kids.size) bad(`sibling-name index of ${p} has extra entries`);
  }

  // Members: keys, departments, indexes.
  const deptMembers = new Map<number, Set<string>>();
  const reports = new Map<string, Set<string>>();
  const mobiles = new Map<string, string>();
  const emails = new Map<string, string>();
  const bizMails = new Map<string, string>();
  for (const [key, m] of c.users) {
    if (userKey(m.userid) !== key) bad(`member ${m.userid} stored under ${key}`);
    if (m.department.length === 0) bad(`member ${key} has no department`);
    if (m.order.length !== m.department.length || m.is_leader_in_dept.length !== m.department.length) {
      bad(`member ${key} has order/is_leader_in_dept of another length`);
    }
    if (!m.department.includes(m.main_department)) bad(`member ${key} main_department outside its departments`);
    for (const d of m.department) {
      if (!c.departments.has(d)) bad(`member ${key} is in missing department ${d}`);
      let set = deptMembers.get(d);
      if (!set) deptMembers.set(d, (set = new Set()));
      set.add(key);
    }
    m.department.forEach((d, i) => {
      const leaders = c.departments.get(d)?.department_leader ?? [];
      const listed = leaders.some((l) => userKey(l) === key);
      if ((m.is_leader_in_dept[i] === 1) !== listed) bad(`member ${key} leader flag in ${d} disagrees with department_leader`);
    });
    for (const l of m.direct_leader) {
      if (!c.users.has(userKey(l))) bad(`member ${key} reports to missing ${l}`);
      let set = reports.get(userKey(l));
      if (!set) reports.set(userKey(l), (set = new Set()));
      set.add(key);
    }
    for (const [value, index, name] of [
      [m.mobile, mobiles, 'mobile'],
      [m.email && emailKey(m.email), emails, 'email'],
      [m.biz_mail && emailKey(m.biz_mail), bizMails, 'biz_mail'],
    ] as const) {
      if (!value) continue;
      if (index.has(value)) bad(`${name} ${value} held by ${index.get(value)} and ${key}`);
      index.set(value, key);
    }
  }
  for (const [index, actual, name] of [
    [mobiles, c.byMobile, 'mobile'],
    [emails, c.byEmail, 'email'],
    [bizMails, c.byBizMail, 'biz_mail'],
  ] as const) {
    if (index.size !== actual.size) bad(`${name} index has ${actual.size} entries, members hold ${index.size}`);
    for (const [v, k] of index) if (actual.get(v) !== k) bad(`${name} index misses ${v} → ${k}`);
  }
  for (const [d, keys] of deptMembers) if (!sameSet(keys, c.deptMembers.get(d))) bad(`member index of department ${d} is stale`);
  for (const [d, keys] of c.deptMembers) if (keys.size > 0 && !deptMembers.has(d)) bad(`member index lists empty department ${d}`);
  for (const [l, keys] of reports) if (!sameSet(keys, c.reportsTo.get(l))) bad(`direct-leader index of ${l} is stale`);
  for (const [l, keys] of c.reportsTo) if (keys.size > 0 && !reports.has(l)) bad(`direct-leader index lists ${l} without reports`);
  for (const d of c.departments.values()) {
    for (const l of d.department_leader) if (!c.deptMembers.get(d.id)?.has(userKey(l))) bad(`leader ${l} of ${d.id} is not a member of it`);
  }
  for (const key of c.notActivated) if (!c.users.has(key)) bad(`not-activated set holds missing member ${key}`);
  for (const [key, openid] of c.openids) if (!c.users.has(key) || c.byOpenid.get(openid) !== key) bad(`openid of ${key} is stale`);

  // Tags.
  let maxTag = 0;
  const tagsOfUser = new Map<string, Set<number>>();
  const tagsOfParty = new Map<number, Set<number>>();
  for (const [id, t] of c.tags) {
    if (t.tagid !== id) bad(`tag ${id} stored under another id`);
    if (id > maxTag) maxTag = id;
    if (c.tagByName.get(t.tagname) !== id) bad(`tag name index misses ${t.tagname}`);
    for (const u of t.users) {
      if (!c.users.has(u)) bad(`tag ${id} holds missing member ${u}`);
      let set = tagsOfUser.get(u);
      if (!set) tagsOfUser.set(u, (set = new Set()));
      set.add(id);
    }
    for (const p of t.parties) {
      if (!c.departments.has(p)) bad(`tag ${id} holds missing department ${p}`);
      let set = tagsOfParty.get(p);
      if (!set) tagsOfParty.set(p, (set = new Set()));
      set.add(id);
    }
  }
  if (c.tagByName.size !== c.tags.size) bad('tag name index has extra entries');
  if (c.nextTagId() !== maxTag + 1) bad(`next tag id ${c.nextTagId()}, max is ${maxTag}`);
  for (const [u, ids] of tagsOfUser) if (!sameSet(ids, c.tagsOfUser.get(u))) bad(`tag index of member ${u} is stale`);
  for (const [u, ids] of c.tagsOfUser) if (ids.size > 0 && !tagsOfUser.has(u)) bad(`tag index lists ${u} without tags`);
  for (const [p, ids] of tagsOfParty) if (!sameSet(ids, c.tagsOfParty.get(p))) bad(`tag index of department ${p} is stale`);
  for (const [p, ids] of c.tagsOfParty) if (ids.size > 0 && !tagsOfParty.has(p)) bad(`tag index lists ${p} without tags`);
  return out;
}

/** A canonical dump of the whole directory, to prove a refused write changed nothing. */
export function snapshotContacts(c: ContactsState): string {
  const sorted = <T>(it: Iterable<[T, unknown]>): Array<[T, unknown]> =>
    [...it].sort(([a], [b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  const sets = (m: Map<unknown, Set<unknown>>): unknown => sorted([...m].map(([k, v]) => [k, [...v].map(String).sort()]));
  return JSON.stringify({
    departments: sorted(c.departments),
    children: sets(c.children as Map<unknown, Set<unknown>>),
    siblingNames: sorted([...c.siblingNames].map(([k, v]) => [k, sorted(v)])),
    users: sorted(c.users),
    byMobile: sorted(c.byMobile),
    byEmail: sorted(c.byEmail),
    byBizMail: sorted(c.byBizMail),
    deptMembers: sets(c.deptMembers as Map<unknown, Set<unknown>>),
    reportsTo: sets(c.reportsTo as Map<unknown, Set<unknown>>),
    tags: sorted([...c.tags].map(([k, t]) => [k, { ...t, users: [...t.users].sort(), parties: [...t.parties].sort() }])),
    tagByName: sorted(c.tagByName),
    tagsOfUser: sets(c.tagsOfUser as Map<unknown, Set<unknown>>),
    tagsOfParty: sets(c.tagsOfParty as Map<unknown, Set<unknown>>),
    notActivated: [...c.notActivated].sort(),
    nextDepartmentId: c.nextDepartmentId(),
    nextTagId: c.nextTagId(),
  });
}
