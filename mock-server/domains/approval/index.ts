/**
 * 审批 — templates, applications and their flow (sys_approval_change), the legacy read, third-party flow
 * applications (open_approval_change), advanced-feature applications and 假期管理. Callable with the 审批
 * system secret or the self-built apps listed for the area `approval`.
 */
import type { Domain } from '../types.js';
import { ApprovalState } from './state.js';
import { approvalRoutes } from './routes.js';
import { approvalAdmin } from './admin.js';
import { seedApproval } from './seed.js';
import { areaDomain, seededState } from '../demo.js';

export { ApprovalState } from './state.js';

export const approvalDomain: Domain<'approval', ApprovalState> = {
  ...areaDomain('approval', seededState(ApprovalState, seedApproval)),
  routes: approvalRoutes,
  mount: (host) => ({ admin: approvalAdmin(host) }),
};
