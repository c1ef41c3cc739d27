/**
 * What other domains may use of contacts: reads of the directory, the visible-range rules, and the
 * validated writes (batch jobs apply CSV rows through the same rules as user/create and department/create).
 */
import type { Corp, Domain } from '../types.js';
import { ContactsState as State } from './state.js';
import { contactsRoutes } from './routes.js';
import { memberVisibility } from './rules.js';
import { contactsAdmin } from './admin.js';
export { ContactsState, ROOT_DEPARTMENT, userKey, type Member, type Department, type Tag } from './state.js';
export { isMemberVisible, isDepartmentVisible, memberVisibility, visibleRoots } from './rules.js';
export { SENSITIVE_MEMBER_FIELDS } from './members/rules.js';
export {
  applyMemberCreate,
  applyMemberUpdate,
  applyMemberDelete,
  applyMemberBatchDelete,
  applyMemberActivate,
  type MemberFields,
  type MemberCreateInput,
  type MemberUpdateInput,
} from './members/writes.js';
export {
  applyDepartmentCreate,
  applyDepartmentUpdate,
  applyDepartmentDelete,
  type DepartmentCreateInput,
  type DepartmentUpdateInput,
} from './departments/writes.js';
export type { Emit } from './events.js';
export { issueTfaCode } from './members/tfa.js';

/** A few active members inside the first app's visible range (the banner's and credentials' examples). */
function sampleUserids(corp: Corp): string[] {
  const app = [...corp.apps.values()][0];
  const c = corp.domains.contacts;
  const visible = memberVisibility(app, c);
  const out: string[] = [];
  for (const m of c.users.values()) {
    if (m.status === 1 && visible(m)) out.push(m.userid);
    if (out.length === 5) break;
  }
  return out;
}

/** 通讯录管理 — members, departments, tags. */
export const contactsDomain: Domain<'contacts', State> = {
  name: 'contacts',
  state: (seed) => State.fromSeed(seed),
  routes: contactsRoutes,
  mount: (host) => ({ admin: contactsAdmin(host) }),
  credentials: (corp) => {
    const c = corp.domains.contacts;
    return {
      sample_userids: sampleUserids(corp),
      counts: { departments: c.departments.size, users: c.users.size, tags: c.tags.size },
    };
  },
};
