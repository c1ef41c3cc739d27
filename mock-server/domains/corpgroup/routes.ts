import { createHash } from 'node:crypto';
import { LIMITS } from '../../../spec/generated/limits.js';
import { err, invalidParameter, found } from '../../core/errors/index.js';
import { cursorScope, decodeIntCursor, encodeCursor } from '../../core/pipeline/cursor.js';
import { userKey } from '../contacts/index.js';
import { externalUseridFor } from '../externalcontact/index.js';
import { defineRoutes, defineTasks, type Corp, type Ctx } from '../types.js';
import { groupPrefixes, type Chain, type ChainCorp, type ImportFail, type RuleInfo } from './state.js';

function chainOf(ctx: Ctx, chain_id: string): Chain {
  return found(ctx.corp.domains.corpgroup.chains.get(chain_id), 'CHAIN_INVALID_CHAIN_ID');
}

/** A member corp of the caller (670004 when the corp is none of its members). */
function memberOf(ctx: Ctx, corpid: string): Corp {
  const s = ctx.corp.domains.corpgroup;
  const member = ctx.registry.get(corpid);
  if (!member || !s.shares.some((sh) => sh.member_corpid === corpid)) throw err('CHAIN_CORP_NOT_IN_CHAIN');
  return member;
}

function corpInChain(chain: Chain, corpid: string): ChainCorp | undefined {
  for (const c of chain.corps.values()) if (c.corpid === corpid) return c;
  return undefined;
}

/** The chain's entry a call names by exactly one of corpid (a joined corp) and pending_corpid (40058 for both or neither, 670004 when absent). */
function chainEntry(chain: Chain, by: { corpid?: string | undefined; pending_corpid?: string | undefined }): ChainCorp {
  if (!!by.corpid === !!by.pending_corpid) throw invalidParameter('give exactly one of corpid and pending_corpid');
  const entry = by.corpid ? corpInChain(chain, by.corpid) : chain.corps.get(by.pending_corpid!);
  if (!entry) throw err('CHAIN_CORP_NOT_IN_CHAIN');
  return entry;
}

/**
 * The chain's groups numbered as get_chain_group answers them: the root (the chain itself) is 1, the groups
 * imports created follow from 2 in creation order (a Set keeps it, and groups are never removed).
 */
function groupIds(chain: Chain): Map<string, number> {
  const ids = new Map<string, number>([['', 1]]);
  let next = 2;
  for (const g of chain.groups) ids.set(g, next++);
  return ids;
}

/** A rule's group: a group path, or a group's number as get_chain_group answers it. */
function knownGroup(chain: Chain, g: string): boolean {
  if (chain.groups.has(g)) return true;
  const n = Number(g);
  return Number.isInteger(n) && n >= 1 && n <= chain.groups.size + 1;
}

/** Rules name members and departments of the owner and corps or groups of the chain; each must exist. */
function checkRule(ctx: Ctx, chain: Chain, r: { owner_corp_range?: { departmentids?: string[]; userids?: string[] }; member_corp_range?: { groupids?: string[]; corpids?: string[] } }): RuleInfo {
  const contacts = ctx.corp.domains.contacts;
  const owner = { departmentids: [...(r.owner_corp_range?.departmentids ?? [])], userids: [...(r.owner_corp_range?.userids ?? [])] };
  const member = { groupids: [...(r.member_corp_range?.groupids ?? [])], corpids: [...(r.member_corp_range?.corpids ?? [])] };
  for (const u of owner.userids) if (!contacts.getUser(u)) throw err('USERID_NOT_FOUND');
  for (const d of owner.departmentids) if (!/^\d+$/.test(d) || !contacts.departments.has(Number(d))) throw err('DEPARTMENT_NOT_FOUND');
  for (const g of member.groupids) if (!knownGroup(chain, g)) throw err('CHAIN_INVALID_GROUP_ID');
  for (const c of member.corpids) if (!corpInChain(chain, c) && !chain.corps.has(c)) throw err('CHAIN_CORP_NOT_IN_CHAIN');
  return { owner_corp_range: owner, member_corp_range: member };
}

function copyRule(r: RuleInfo): RuleInfo {
  return {
    owner_corp_range: { departmentids: [...r.owner_corp_range.departmentids], userids: [...r.owner_corp_range.userids] },
    member_corp_range: { groupids: [...r.member_corp_range.groupids], corpids: [...r.member_corp_range.corpids] },
  };
}

function ruleOf(chain: Chain, id: number): RuleInfo {
  return found(chain.rules.get(id), 'CHAIN_INVALID_RULE_ID');
}

/** A mainland mobile: 11 digits starting with 1 (the import's "invalid mobile"). */
const MOBILE = /^1\d{10}$/;
/** A row the import refuses answers the invalid-parameter code (40058) with the reason. */
const ROW_ERRCODE = err('INVALID_PARAMETER').errcode;

export const corpgroupRoutes = defineRoutes({
  corpgroup_corp_list_app_share_info: (ctx) => {
    const { agentid, business_type, corpid, limit, cursor } = ctx.body;
    if (!ctx.corp.apps.has(agentid)) throw err('INVALID_AGENTID');
    let shares = ctx.corp.domains.corpgroup.shares.filter((s) => s.agentid === agentid && s.business_type === (business_type ?? 0));
    if (corpid) shares = shares.filter((s) => s.member_corpid === corpid);
    const scope = cursorScope(ctx);
    let start = 0;
    if (cursor) {
      const at = decodeIntCursor(scope, cursor, 1);
      if (!at) throw err('INVALID_CURSOR');
      start = at[0]!;
    }
    const n = limit && limit > 0 ? limit : 100;
    const page = shares.slice(start, start + n);
    const more = start + n < shares.length;
    return {
      ending: more ? 0 : 1,
      corp_list: page.map((s) => ({ corpid: s.member_corpid, corp_name: ctx.registry.get(s.member_corpid)?.corpName ?? '', agentid: s.member_agentid })),
      next_cursor: more ? encodeCursor(scope, [start + n]) : '',
    };
  },

  corpgroup_corp_gettoken: (ctx) => {
    const { corpid, agentid, business_type } = ctx.body;
    const member = ctx.registry.get(corpid);
    if (!member) throw err('INVALID_CORPID');
    if (!ctx.corp.apps.has(agentid)) throw err('INVALID_AGENTID');
    const share = ctx.corp.domains.corpgroup.shares.find((s) => s.member_corpid === corpid && s.agentid === agentid && (business_type === undefined || s.business_type === business_type));
    const app = share && member.apps.get(share.member_agentid);
    if (!share || !app) throw err('CHAIN_APP_NOT_SHARED');
    // The member corp's own token of the shared app: it carries that app's rights and nothing more.
    const rec = ctx.registry.tokenFor(member, app.secret, LIMITS.lifetime.access_token_lifetime.seconds);
    if (!rec) throw err('CHAIN_APP_NOT_SHARED');
    return { access_token: rec.token, expires_in: Math.max(0, Math.floor((rec.expiresAtMs - member.clock.nowMs()) / 1000)) };
  },

  corpgroup_corp_get_chain_list: (ctx) => ({
    chains: [...ctx.corp.domains.corpgroup.chains.values()].map((c) => ({ chain_id: c.chain_id, chain_name: c.chain_name })),
  }),

  corpgroup_corp_get_chain_group: (ctx) => {
    const { chain_id, groupid } = ctx.body;
    const chain = chainOf(ctx, chain_id);
    const ids = groupIds(chain);
    const all = [...ids.entries()].map(([path, id]) => {
      const cut = path.lastIndexOf('/');
      const parent = path === '' ? undefined : cut < 0 ? '' : path.slice(0, cut);
      return { path, groupid: id, group_name: path === '' ? chain.chain_name : path.slice(cut + 1), parentid: parent === undefined ? 0 : ids.get(parent)! };
    });
    // order: 1-based position among the siblings, in creation order.
    const seen = new Map<number, number>();
    const groups = all.map((g) => {
      const order = (seen.get(g.parentid) ?? 0) + 1;
      seen.set(g.parentid, order);
      return { ...g, order };
    });
    if (groupid === undefined) return { groups: groups.map(({ path: _p, ...g }) => g) };
    const root = groups.find((g) => g.groupid === groupid);
    if (!root) throw err('CHAIN_INVALID_GROUP_ID');
    const under = groups.filter((g) => g.groupid !== root.groupid && (root.path === '' || g.path.startsWith(`${root.path}/`)));
    return { groups: under.map(({ path: _p, ...g }) => g) };
  },

  corpgroup_corp_get_chain_corpinfo: (ctx) => {
    const chain = chainOf(ctx, ctx.body.chain_id);
    const entry = chainEntry(chain, ctx.body);
    const joined = entry.corpid !== undefined;
    return {
      corp_name: entry.corp_name,
      qualification_status: joined ? 2 : 1,
      custom_id: entry.custom_id,
      groupid: groupIds(chain).get(groupPrefixes(entry.group_path).at(-1) ?? '') ?? 1,
      is_joined: joined,
    };
  },

  corpgroup_get_corp_shared_chain_list: (ctx) => {
    const { corpid } = ctx.body;
    const chains = [...ctx.corp.domains.corpgroup.chains.values()].filter((c) => corpInChain(c, corpid));
    if (chains.length === 0 && !ctx.corp.domains.corpgroup.shares.some((s) => s.member_corpid === corpid)) throw err('CHAIN_CORP_NOT_IN_CHAIN');
    return { chains: chains.map((c) => ({ chain_id: c.chain_id, chain_name: c.chain_name })) };
  },

  corpgroup_corp_get_chain_user_custom_id: (ctx) => {
    const { chain_id, corpid, userid } = ctx.body;
    const chain = chainOf(ctx, chain_id);
    if (!corpInChain(chain, corpid)) throw err('CHAIN_CORP_NOT_IN_CHAIN');
    const member = ctx.registry.get(corpid);
    const user = member?.domains.contacts.getUser(userid);
    if (!user) throw err('USERID_NOT_FOUND');
    return { user_custom_id: chain.userCustomIds.get(`${corpid}/${userKey(user.userid)}`) ?? '' };
  },

  corpgroup_corp_remove_corp: (ctx) => {
    const chain = chainOf(ctx, ctx.body.chain_id);
    const entry = chainEntry(chain, ctx.body);
    chain.corps.delete(entry.pending_corpid);
    for (const r of chain.rules.values()) {
      r.member_corp_range.corpids = r.member_corp_range.corpids.filter((c) => c !== entry.pending_corpid && c !== entry.corpid);
    }
    return {};
  },

  corpgroup_import_chain_contact: (ctx) => {
    const { chain_id, contact_list } = ctx.body;
    const chain = chainOf(ctx, chain_id);
    const s = ctx.corp.domains.corpgroup;
    const customIds = new Set<string>();
    for (const c of contact_list) {
      if (!c.corp_name) throw invalidParameter('corp_name is required');
      if (c.custom_id) {
        if (customIds.has(c.custom_id)) throw err('CHAIN_CUSTOM_ID_NOT_UNIQUE');
        customIds.add(c.custom_id);
      }
    }
    const now = ctx.clock.nowMs();
    const fail_list: ImportFail[] = [];
    const accepted: typeof contact_list = [];
    for (const c of contact_list) {
      const bad = (c.contact_info_list ?? [])
        .filter((p) => !MOBILE.test(p.mobile ?? '') || (p.identity_type !== 1 && p.identity_type !== 2))
        .map((p) => ({ mobile: p.mobile ?? '', errcode: ROW_ERRCODE, errmsg: MOBILE.test(p.mobile ?? '') ? 'invalid contact identity' : 'invalid mobile' }));
      if (bad.length > 0) fail_list.push({ corp_name: c.corp_name!, custom_id: c.custom_id ?? '', errcode: ROW_ERRCODE, errmsg: 'invalid contact', contact_info_list: bad });
      else accepted.push(c);
    }
    const job = s.imports.submit(
      ctx.corp,
      'corpgroup import',
      (jobid) => ({
        jobid,
        createdAtMs: now,
        startAtMs: now + 1000,
        doneAtMs: now + 1000 + 100 * contact_list.length + 2000,
        settled: false,
        chain_id,
        import_status: fail_list.length === 0 ? 1 : accepted.length === 0 ? 3 : 2,
        fail_list,
      }),
      'corpgroup.import',
      { chain, accepted },
    );
    return { jobid: job.jobid };
  },

  corpgroup_getresult: (ctx) => {
    const found = ctx.corp.domains.corpgroup.imports.find(String(ctx.query.jobid));
    if (found === 'unknown') throw err('JOBID_NOT_FOUND');
    if (found === 'cleaned') throw err('JOB_RESULT_CLEANED');
    const p = ctx.corp.domains.corpgroup.imports.progress(found, ctx.clock.nowMs());
    const status = p.phase === 'queued' ? 1 : p.phase === 'running' ? 2 : 3;
    if (status !== 3) return { status };
    return {
      status,
      result: {
        chain_id: found.chain_id,
        import_status: found.import_status,
        fail_list: found.fail_list.map((f) => ({ ...f, contact_info_list: f.contact_info_list.map((c) => ({ ...c })) })),
      },
    };
  },

  corpgroup_rule_add_rule: (ctx) => {
    const chain = chainOf(ctx, ctx.body.chain_id);
    const rule = checkRule(ctx, chain, ctx.body.rule_info);
    const id = chain.nextRuleId++;
    chain.rules.set(id, rule);
    return { rule_id: id };
  },

  corpgroup_rule_modify_rule: (ctx) => {
    const chain = chainOf(ctx, ctx.body.chain_id);
    ruleOf(chain, ctx.body.rule_id);
    chain.rules.set(ctx.body.rule_id, checkRule(ctx, chain, ctx.body.rule_info));
    return {};
  },

  corpgroup_rule_delete_rule: (ctx) => {
    const chain = chainOf(ctx, ctx.body.chain_id);
    ruleOf(chain, ctx.body.rule_id);
    chain.rules.delete(ctx.body.rule_id);
    return {};
  },

  corpgroup_rule_list_ids: (ctx) => ({ rule_ids: [...chainOf(ctx, ctx.body.chain_id).rules.keys()] }),

  corpgroup_rule_get_rule_info: (ctx) => ({ rule_info: copyRule(ruleOf(chainOf(ctx, ctx.body.chain_id), ctx.body.rule_id)) }),

  corpgroup_unionid_to_external_userid: (ctx) => {
    const { unionid, openid, corpid } = ctx.body;
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(unionid)) throw err('INVALID_UNIONID');
    void openid;
    const corps: Corp[] = corpid
      ? [corpid === ctx.corp.corpid ? ctx.corp : memberOf(ctx, corpid)]
      : [ctx.corp, ...new Set(ctx.corp.domains.corpgroup.shares.map((s) => s.member_corpid))].flatMap((c) => (typeof c === 'string' ? (ctx.registry.get(c) ?? []) : [c]));
    const out: Array<{ corpid: string; external_userid: string }> = [];
    for (const c of corps) {
      for (const cust of c.domains.externalcontact.customers.values()) {
        if (cust.unionid === unionid) out.push({ corpid: c.corpid, external_userid: externalUseridFor(c, cust) });
      }
    }
    return { external_userid_info: out };
  },

  corpgroup_unionid_to_pending_id: (ctx) => {
    const { unionid, openid } = ctx.body;
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(unionid)) throw err('INVALID_UNIONID');
    // Stable per (corp, unionid): the same customer always gets the same pending id.
    const h = createHash('sha256').update(`pending\0${ctx.corp.corpid}\0${unionid}\0${openid}`).digest('hex');
    return { pending_id: `p${h.slice(0, 31)}` };
  },

  miniprogram_transfer_session: (ctx) => {
    const { userid, session_key } = ctx.body;
    const parentId = ctx.corp.domains.corpgroup.parent;
    const parent = parentId ? ctx.registry.get(parentId) : undefined;
    if (!parent) throw err('CHAIN_CORP_NOT_IN_CHAIN');
    if (!/^[A-Za-z0-9+/]{22}==$/.test(session_key)) throw err('MINIPROGRAM_SESSION_EXPIRED');
    // The same person in the member corp: the parent's member with that userid must exist, and the member corp's
    // member with the same mobile is the answer (the group shares people by mobile).
    const p = parent.domains.contacts.getUser(userid);
    const key = p?.mobile ? ctx.corp.domains.contacts.byMobile.get(p.mobile) : undefined;
    const m = key ? ctx.corp.domains.contacts.users.get(key) : undefined;
    if (!m) throw err('USERID_NOT_FOUND');
    const sk = createHash('sha256').update(`session\0${ctx.corp.corpid}\0${m.userid}\0${session_key}`).digest().subarray(0, 16).toString('base64');
    return { userid: m.userid, session_key: sk };
  },
});

type ImportContact = { corp_name?: string; custom_id?: string; group_path?: string; contact_info_list?: Array<{ mobile?: string; user_custom_id?: string }> };

/** Scheduled work: an import's accepted rows join the chain when the job is due. */
export const corpgroupTasks = defineTasks({
  'corpgroup.import': (corp, a: { chain: Chain; accepted: ImportContact[] }, _due, registry) => {
    const { chain, accepted } = a;
    for (const c of accepted) {
      const existing = [...chain.corps.values()].find((x) => (c.custom_id && x.custom_id === c.custom_id) || x.corp_name === c.corp_name);
      const pending = existing?.pending_corpid ?? `wp${corp.rng.hex(16)}`;
      const group_path = c.group_path ?? '';
      chain.corps.set(pending, { corpid: existing?.corpid, pending_corpid: pending, corp_name: c.corp_name!, custom_id: c.custom_id ?? '', group_path });
      for (const g of groupPrefixes(group_path)) chain.groups.add(g);
      // Contacts of a joined corp get their custom ids (get_chain_user_custom_id) when the mobile is a member's.
      const joined = existing?.corpid ? registry.get(existing.corpid) : undefined;
      for (const p of c.contact_info_list ?? []) {
        const key = joined && p.mobile ? joined.domains.contacts.byMobile.get(p.mobile) : undefined;
        if (key && p.user_custom_id) chain.userCustomIds.set(`${joined!.corpid}/${key}`, p.user_custom_id);
      }
    }
  },
});
