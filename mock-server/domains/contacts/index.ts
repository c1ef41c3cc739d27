/**
 * What other domains may use of contacts: reads of the directory, the visible-range rules, and the
 * validated writes (batch jobs apply CSV rows through the same rules as user/create and department/create).
 */
export { ContactsState, ROOT_DEPARTMENT, userKey, type Member, type Department, type Tag } from './state.js';
export { isMemberVisible, isDepartmentVisible, memberVisibility, visibleRoots } from './rules.js';
export { SENSITIVE_MEMBER_FIELDS } from './rules.js';
export {
  applyMemberCreate,
  applyMemberUpdate,
  applyMemberDelete,
  applyMemberBatchDelete,
  applyMemberActivate,
  applyDepartmentCreate,
  applyDepartmentUpdate,
  applyDepartmentDelete,
  type MemberFields,
  type MemberCreateInput,
  type MemberUpdateInput,
  type DepartmentCreateInput,
  type DepartmentUpdateInput,
  type Emit,
} from './writes.js';
export { issueTfaCode } from './tfa.js';
