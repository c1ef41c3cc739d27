import { err } from '../../core/errors/index.js';
import { userKey, type Member } from '../contacts/index.js';
import { defineRoutes, type Corp, type Ctx } from '../types.js';
import type { Link } from './state.js';

/** The links the calling app sees (a link shared with one app is invisible to the others). */
function linksOf(ctx: Ctx): Link[] {
  const agentid = ctx.app?.agentid;
  return ctx.corp.domains.linkedcorp.links.filter((l) => l.agentid === undefined || l.agentid === agentid);
}

/** A department and everything under it. */
function subtree(corp: Corp, id: number): number[] {
  const out: number[] = [];
  const stack = [id];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (!corp.domains.contacts.departments.has(d)) continue;
    out.push(d);
    for (const c of corp.domains.contacts.children.get(d) ?? []) stack.push(c);
  }
  return out;
}

/** The departments of the linked corp the link shares (the shared ones and their sub-departments). */
function sharedDepartments(corp: Corp, link: Link): Set<number> {
  return new Set(link.department_ids.flatMap((d) => subtree(corp, d)));
}

function visible(corp: Corp, link: Link, m: Member): boolean {
  if (link.userids.some((u) => userKey(u) === userKey(m.userid))) return true;
  const shared = sharedDepartments(corp, link);
  return m.department.some((d) => shared.has(d));
}

interface Resolved {
  link: Link;
  corp: Corp;
}

/** `LINKEDID/DEPARTMENTID` → the link, its corp and the department (60123 malformed, 60003 unknown, 60011 not shared). */
function departmentOf(ctx: Ctx, id: string): Resolved & { dept: number } {
  const m = /^([^/]+)\/(\d+)$/.exec(id);
  if (!m) throw err('INVALID_DEPARTMENT_ID');
  const link = linksOf(ctx).find((l) => l.linked_id === m[1]);
  const corp = link && ctx.registry.get(link.corpid);
  const dept = Number(m[2]);
  if (!link || !corp || !corp.domains.contacts.departments.has(dept)) throw err('DEPARTMENT_NOT_FOUND');
  if (!sharedDepartments(corp, link).has(dept)) throw err('NO_PRIVILEGE');
  return { link, corp, dept };
}

function members(r: Resolved & { dept: number }, fetchChild: boolean | undefined): Member[] {
  const depts = fetchChild ? subtree(r.corp, r.dept) : [r.dept];
  const keys = new Set<string>();
  for (const d of depts) for (const k of r.corp.domains.contacts.deptMembers.get(d) ?? []) keys.add(k);
  return [...keys].sort().flatMap((k) => r.corp.domains.contacts.users.get(k) ?? []);
}

function brief(r: Resolved, m: Member) {
  return { userid: m.userid, name: m.name, department: m.department.map((d) => `${r.link.linked_id}/${d}`), corpid: r.corp.corpid };
}

function full(r: Resolved, m: Member) {
  return {
    ...brief(r, m),
    mobile: m.mobile,
    telephone: m.telephone,
    email: m.email,
    position: m.position,
    extattr: { attrs: m.extattr.attrs.map((a) => ({ ...a, ...(a.type === 0 && a.text && { value: a.text.value }) })) },
  };
}

export const linkedcorpRoutes = defineRoutes({
  linkedcorp_agent_get_perm_list: (ctx) => {
    const links = linksOf(ctx);
    return {
      userids: links.flatMap((l) => l.userids.map((u) => `${l.corpid}/${u}`)),
      department_ids: links.flatMap((l) => l.department_ids.map((d) => `${l.linked_id}/${d}`)),
    };
  },

  linkedcorp_user_get: (ctx) => {
    const m = /^([^/]+)\/(.+)$/.exec(ctx.body.userid);
    if (!m) throw err('INVALID_USERID');
    const link = linksOf(ctx).find((l) => l.corpid === m[1]);
    const corp = link && ctx.registry.get(link.corpid);
    const member = corp?.domains.contacts.getUser(m[2]!);
    if (!link || !corp || !member) throw err('USERID_NOT_FOUND');
    if (!visible(corp, link, member)) throw err('NO_PRIVILEGE');
    return { user_info: full({ link, corp }, member) };
  },

  linkedcorp_user_simplelist: (ctx) => {
    const r = departmentOf(ctx, ctx.body.department_id);
    return { userlist: members(r, ctx.body.fetch_child).map((m) => brief(r, m)) };
  },

  linkedcorp_user_list: (ctx) => {
    const r = departmentOf(ctx, ctx.body.department_id);
    return { userlist: members(r, ctx.body.fetch_child).map((m) => full(r, m)) };
  },

  linkedcorp_department_list: (ctx) => {
    const r = departmentOf(ctx, ctx.body.department_id);
    return {
      department_list: subtree(r.corp, r.dept)
        .sort((a, b) => a - b)
        .map((id) => {
          const d = r.corp.domains.contacts.departments.get(id)!;
          return { department_id: String(d.id), department_name: d.name, parentid: String(d.parentid), order: d.order };
        }),
    };
  },
});
