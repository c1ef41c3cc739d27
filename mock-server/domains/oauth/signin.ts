/**
 * Signing in on a page: who may be picked, issuing the code (single use, 300 s, bound to the app) and the
 * redirect WeCom answers (doc path/91022, 91019, 91124), and the sign-in journal.
 */
import { LIMITS } from '../../../spec/generated/limits.js';
import { withQuery } from '../../core/pipeline/url.js';
import { ALNUM, drawUnused } from '../../core/runtime/rng.js';
import { memberVisibility, type Member } from '../contacts/index.js';
import type { Corp } from '../types.js';
import type { LoginRecord, LoginVia, NextVisitor, OauthCode, PageName } from './state.js';
import type { PageError, SignInRequest } from './rules.js';

const CODE_TTL_MS = LIMITS.lifetime.oauth_code_lifetime.seconds * 1000;
const PAGE_SIZE = LIMITS.bound.oauth_picker_page_size.max;

/** Who signs in: a member, a visitor who is not one, or nobody (refused). */
export type Choice =
  | { kind: 'member'; member: Member; via: LoginVia }
  | { kind: 'visitor'; external_userid: string | undefined; via: LoginVia }
  | { kind: 'refuse'; via: LoginVia };

function baseRecord(corp: Corp, page: PageName): Omit<LoginRecord, 'seq' | 'outcome'> {
  return {
    time: corp.clock.nowMs(),
    corpid: corp.corpid,
    agentid: null,
    page,
    scope: null,
    redirect_uri: null,
    state: null,
    error: null,
    via: null,
    userid: null,
    openid: null,
    code: null,
    code_expires_at: null,
    exchanged: false,
    exchanged_at: null,
    exchanged_by: null,
    user_ticket_issued: false,
  };
}

/** Journals a page that showed an error. */
export function recordRejected(corp: Corp, page: PageName, agentid: number | undefined, error: PageError, values: Readonly<Record<string, string>>): void {
  corp.domains.oauth.addLogin({
    ...baseRecord(corp, page),
    agentid: agentid ?? null,
    redirect_uri: values['redirect_uri']?.slice(0, 4096) ?? null,
    state: values['state']?.slice(0, 256) ?? null,
    outcome: 'rejected',
    error: error.title,
  });
}

/** Takes the visitor chosen through the control plane, once. */
export function takeNextVisitor(corp: Corp): NextVisitor | undefined {
  const next = corp.domains.oauth.next;
  corp.domains.oauth.next = undefined;
  return next;
}


/**
 * Completes a sign-in: refusal → `redirect_uri?state=…`; else a code → `redirect_uri?code=…&state=…`.
 * Returns the Location to redirect to.
 */
export function completeSignIn(req: SignInRequest, choice: Choice): string {
  const { corp } = req;
  const st = corp.domains.oauth;
  const now = corp.clock.nowMs();
  const common = {
    ...baseRecord(corp, req.page),
    agentid: req.app?.agentid ?? null,
    scope: req.scope,
    redirect_uri: req.redirect.href,
    state: req.state,
    via: choice.via,
  };
  if (choice.kind === 'refuse') {
    st.addLogin({ ...common, outcome: 'refused' });
    // Refusal: only the state comes back (doc path/91022).
    return withQuery(req.redirect, { state: req.state });
  }
  const code = drawUnused(() => corp.rng.string(43, ALNUM), st.codes);
  let userid: string | undefined;
  let openid: string | undefined;
  let deviceid: string;
  if (choice.kind === 'member') {
    userid = choice.member.userid;
    const key = userid.toLowerCase();
    deviceid = st.deviceIds.get(key) ?? corp.rng.hex(32);
    st.deviceIds.set(key, deviceid);
  } else {
    openid = `o${corp.rng.string(27, ALNUM)}`;
    deviceid = corp.rng.hex(32);
  }
  const login = st.addLogin({
    ...common,
    outcome: 'code_issued',
    userid: userid ?? null,
    openid: openid ?? null,
    code,
    code_expires_at: now + CODE_TTL_MS,
  });
  const rec: OauthCode = {
    code,
    agentid: req.app?.agentid,
    agentids: req.agentids,
    redirectHost: req.redirect.host,
    scope: req.scope,
    userid,
    openid,
    external_userid: choice.kind === 'visitor' ? choice.external_userid : undefined,
    deviceid,
    expiresAtMs: now + CODE_TTL_MS,
    used: false,
    login,
  };
  st.addCode(rec, now);
  return withQuery(req.redirect, { code, state: req.state });
}

export interface PickerRow {
  userid: string;
  name: string;
  alias: string;
  position: string;
  departments: string[];
}

export interface PickerPage {
  rows: PickerRow[];
  /** Matching members (active, inside the visible range). */
  total: number;
  page: number;
  pages: number;
  pageSize: number;
}

/**
 * One page of the members who can sign in (active, inside the app's visible range), filtered by a search
 * on userid, name, alias or department name. Scans the directory once; renders at most a page.
 */
export function pickerPage(req: SignInRequest, search: string | undefined, page: number): PickerPage {
  const c = req.corp.domains.contacts;
  const visible = memberVisibility(req.app, c);
  const needle = search?.trim().toLowerCase() ?? '';
  let deptHits: Set<number> | undefined;
  if (needle) {
    deptHits = new Set();
    for (const d of c.departments.values()) if (d.name.toLowerCase().includes(needle)) deptHits.add(d.id);
  }
  const from = (page - 1) * PAGE_SIZE;
  const rows: PickerRow[] = [];
  let total = 0;
  for (const key of c.userKeys()) {
    const m = c.users.get(key);
    if (!m || m.status !== 1 || !visible(m)) continue;
    if (needle) {
      const hit =
        m.userid.toLowerCase().includes(needle) ||
        m.name.toLowerCase().includes(needle) ||
        m.alias.toLowerCase().includes(needle) ||
        m.department.some((d) => deptHits!.has(d));
      if (!hit) continue;
    }
    if (total >= from && rows.length < PAGE_SIZE) {
      rows.push({
        userid: m.userid,
        name: m.name,
        alias: m.alias,
        position: m.position,
        departments: m.department.map((d) => c.departments.get(d)?.name ?? String(d)),
      });
    }
    total++;
  }
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), pageSize: PAGE_SIZE };
}
