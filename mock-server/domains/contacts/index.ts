/** What other domains may use of contacts: reads of the directory and the visible-range rules. */
export { ContactsState, ROOT_DEPARTMENT, type Member, type Department, type Tag } from './state.js';
export { isMemberVisible, isDepartmentVisible, memberVisibility, visibleRoots } from './rules.js';
