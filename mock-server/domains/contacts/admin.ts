/**
 * Control plane of the directory (spec tag mock-admin): the administrator's view of departments, members and
 * tags for the web console, and an administrator's edit of a member. The edit goes through the same write
 * path as user/update (members/writes.ts), so its checks, state change and change_contact event are the API's.
 */
import { AdminError, corpOf as findCorp, intParam, type AdminRoutes } from '../../core/control/kit.js';
import { WeComError } from '../../core/errors/index.js';
import type { Corp, MockHost } from '../types.js';
import { applyMemberUpdate, type MemberUpdateInput } from './members/writes.js';
import { ROOT_DEPARTMENT, type Member } from './state.js';
import type { ContactsEvent } from './events.js';

const DEFAULT_MEMBERS = 1000;

function memberRow(m: Member) {
  return { userid: m.userid, name: m.name, alias: m.alias, department: [...m.department], position: m.position, mobile: m.mobile, email: m.email, status: m.status };
}

export function contactsAdmin(host: MockHost): AdminRoutes {
  const corpOf = (corpid: unknown): Corp => findCorp(host.registry, corpid);
  return {
    mock_directory_get: ({ params, query }) => {
      const c = corpOf(params['corpid']).domains.contacts;
      const department = intParam(query['department'], 'department') ?? ROOT_DEPARTMENT;
      const limit = intParam(query['limit'], 'limit') ?? DEFAULT_MEMBERS;
      if (department !== 0 && !c.departments.has(department)) throw new AdminError(404, 'department_not_found', `no department ${department}`);
      const members: ReturnType<typeof memberRow>[] = [];
      let total = 0;
      for (const m of c.users.values()) {
        if (department !== 0 && !m.department.includes(department)) continue;
        total++;
        if (members.length < limit) members.push(memberRow(m));
      }
      return {
        body: {
          departments: [...c.departments.values()].map((d) => ({ id: d.id, name: d.name, parentid: d.parentid, order: d.order })),
          tags: [...c.tags.values()].map((t) => ({ tagid: t.tagid, tagname: t.tagname, users: t.users.size, parties: t.parties.size })),
          members,
          total,
        },
      };
    },
    mock_members_update: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      const c = corp.domains.contacts;
      if (!c.getUser(params['userid'] ?? '')) throw new AdminError(404, 'member_not_found', `corp ${corp.corpid} has no member ${params['userid']}`);
      const events: ContactsEvent[] = [];
      let member: Member;
      try {
        member = applyMemberUpdate(c, { ...(body as Omit<MemberUpdateInput, 'userid'>), userid: params['userid']! }, (e) => events.push(e));
      } catch (e) {
        // The API's own refusal (e.g. 60104 mobile taken, 60112 bad name), with its errcode.
        if (e instanceof WeComError) throw new AdminError(400, 'rejected', e.errmsg, e.errcode);
        throw e;
      }
      let last: { seq: number; event: ContactsEvent } | undefined;
      for (const event of events) last = { seq: corp.events.push(corp.clock.nowMs(), event).seq, event };
      return { body: { member: { ...member, department: [...member.department] }, ...last } };
    },
  };
}
