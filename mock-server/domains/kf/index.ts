/** What other modules may use of 微信客服 (kf): the state and the simulations. */
import type { CorpSeed } from '../../../fixtures/types.js';
import { needs, type CorpBase } from '../../core/tenancy/manifest.js';
import { userKey } from '../contacts/index.js';
import type { Domain, DomainStates } from '../types.js';
import { kfAdmin } from './admin.js';
import { KF_AREA } from './rules.js';
import { kfRoutes } from './routes.js';
import { dayStart, KfState as State } from './state.js';
import { bookSweep, sweep } from './writes.js';

export { KfState, type KfAccount, type KfSession, type KfMessage, type ServiceState } from './state.js';
export { customerEnters, customerSends, servicerSends, CUSTOMER_MSGTYPES } from './simulate.js';

/**
 * Demo data of a typical (or large) corp: the account 咨询客服 served by the first active member, and one WeChat
 * customer whose session that member serves (state 3), with the customer's messages of the last hour.
 */
function seedDemo(s: State, seed: CorpSeed, corp: CorpBase<DomainStates>, built: Partial<DomainStates>): void {
  if (corp.scenario === 'empty') return;
  const contacts = needs(built, 'contacts', 'kf');
  const member = [...contacts.users.values()].find((m) => m.status === 1);
  if (!member) return;
  const now = corp.clock.nowMs();
  const open_kfid = s.newId('wk', 30, () => false);
  const account = {
    open_kfid,
    name: '咨询客服',
    avatarMediaId: s.rng.string(60),
    manage_privilege: true,
    createdAtMs: now,
    servicers: new Map([[userKey(member.userid), { userid: member.userid, status: 0 as const, stop_type: 0 as const }]]),
    departments: new Set<number>(),
    linkId: `kfc${s.rng.string(14)}`,
  };
  s.accounts.set(open_kfid, account);
  const external_userid = s.newId('wm', 30, () => false);
  s.customers.set(external_userid, {
    external_userid,
    nickname: '张三',
    avatar: `https://wx.qlogo.cn/mmhead/${s.rng.string(40)}/0`,
    gender: 1,
    unionid: `o${s.rng.string(27)}`,
    context: { scene: 'demo', scene_param: '' },
    lastWelcomeAtMs: now - 3_600_000,
  });
  const at = now - 3_600_000;
  s.putSession({ open_kfid, external_userid, state: 3, servicer: member.userid, startedAtMs: at, lastCustomerMsgMs: at + 60_000, repliesSinceCustomer: 0, replyCodeIssued: true });
  const day = dayStart(at);
  const acc = s.stat(`${open_kfid}|${day}`);
  acc.sessions = 1;
  acc.customers.add(external_userid);
  acc.customerMsgs = 2;
  const sv = s.stat(`${open_kfid}|${member.userid}|${day}`);
  sv.sessions = 1;
  sv.customers.add(external_userid);
  sv.customerMsgs = 2;
  const base = { open_kfid, external_userid, servicer_userid: undefined };
  const msg = (offsetMs: number, origin: 3 | 4 | 5, msgtype: string, body: Record<string, unknown>, servicer?: string) =>
    s.append({ ...base, ...(servicer !== undefined && { servicer_userid: servicer }), msgid: s.newId('', 32, () => false), origin, msgtype, body, atMs: at + offsetMs, send_time: Math.floor((at + offsetMs) / 1000) });
  msg(0, 4, 'event', { event: { event_type: 'enter_session', scene: 'demo', scene_param: '' } });
  msg(30_000, 3, 'text', { text: { content: '你好，请问怎么开发票？' } });
  msg(60_000, 3, 'text', { text: { content: '订单号 20240101001' } });
  msg(90_000, 5, 'text', { text: { content: '您好，我来帮您处理。' } }, member.userid);
  s.upgrade = { userid_list: [member.userid], department_id_list: [], chat_id_list: [] };
}

/** 微信客服 — kf accounts, servicers, sessions, messages with WeChat customers. */
export const kfDomain: Domain<'kf', State> = {
  name: 'kf',
  areas: [KF_AREA],
  state: (seed, corp, built) => {
    const s = new State(`${corp.seed}:${seed.corpid}`);
    // Every corp's knowledge base has its default group (doc path/95971 is_default).
    const group_id = s.newId('', 24, () => false);
    s.groups.set(group_id, { group_id, name: '默认分组', is_default: 1 });
    seedDemo(s, seed, corp, built);
    return s;
  },
  routes: kfRoutes,
  mount: (host) => ({ admin: kfAdmin(host) }),
  // The demo messages expire like any other (3 days of mock time, doc path/94670).
  tasks: { 'kf.sweep': sweep },
  corpCreated: (corp) => bookSweep(corp),
};
