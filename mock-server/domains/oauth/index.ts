/** What the web pages and the control plane may use of sign-ins. */
export { OauthState, type LoginRecord, type NextVisitor, type PageName, type Scope } from './state.js';
export { checkPageRequest, memberCannotSignIn, PAGE_PARAMS, type PageCheck, type PageError, type SignInRequest } from './rules.js';
export { completeSignIn, pickerPage, recordRejected, takeNextVisitor, type Choice, type PickerPage, type PickerRow } from './signin.js';
export { checkJssdk, type JssdkCheckInput, type JssdkCheckResult } from './jssdk.js';
