/**
 * What other domains may use of contacts: reads of the directory, the visible-range rules, and the
 * validated writes (batch jobs apply CSV rows through the same rules as user/create and department/create).
 */
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
