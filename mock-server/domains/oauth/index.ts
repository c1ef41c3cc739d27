/** What the web pages and the control plane may use of sign-ins. */
import type { Domain } from '../types.js';
import { OauthState as State } from './state.js';
import { oauthRoutes } from './routes.js';
import { oauthAdmin } from './admin.js';
import { oauthPages } from './pages.js';
import { jssdkPages } from './jssdk/pages.js';
export { OauthState, type LoginRecord, type NextVisitor, type PageName, type Scope } from './state.js';
export { checkPageRequest, memberCannotSignIn, PAGE_PARAMS, type PageCheck, type PageError, type SignInRequest } from './rules.js';
export { completeSignIn, pickerPage, recordRejected, takeNextVisitor, type Choice, type PickerPage, type PickerRow } from './signin.js';
export { checkJssdk, type JssdkCheckInput, type JssdkCheckResult } from './jssdk.js';

/** 身份验证 — sign-in pages, OAuth codes, the JS-SDK check. */
export const oauthDomain: Domain<'oauth', State> = {
  name: 'oauth',
  state: () => new State(),
  routes: oauthRoutes,
  mount: (host) => ({ admin: oauthAdmin(host), pages: [...oauthPages(host), ...jssdkPages(host)] }),
};
export { pageUrl, renderError, renderPicker } from './views.js';
