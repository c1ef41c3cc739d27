/**
 * Which receivers get a domain event. Choices (doc path/90240, 90967, README Decisions):
 * - an event carrying `AgentID` (messages, menu/app events, jobs started with an app token) goes to that app;
 * - `change_contact` goes to the 通讯录同步 callback and to every app whose visible range covers the change
 *   (apps seeing the whole corp get every change, deletions included; others only what they can still see);
 * - `batch_job_result` without AgentID (job started with the contacts-sync secret) → 通讯录同步 callback;
 * - `change_external_*` → the 客户联系 callback and the self-built apps listed as 客户联系「可调用应用」
 *   (externalcontact's `callable_agentids`; other self-built apps hear nothing of customers);
 * - `msgaudit_notify` → the 会话存档 callback (and the app named by AgentID, if any);
 * - `kf_msg_or_event` → the 微信客服 callback and the self-built apps callable in the area `kf`;
 * - third-party `InfoType` instructions (emitted in the provider's corp) go to the suite's instruction callback;
 *   `change_contact` of a corp that installed a suite goes to that suite's instruction callback in the
 *   third-party form (SuiteId, AuthCorpId, InfoType, TimeStamp; doc path/90628, 90642), not to the app's own; so do
 *   `change_external_*`. The ids in them are the provider's (ciphertext UserID, provider external_userid;
 *   ./thirdparty.ts). The suite's data callback (receiveid = the authorizing corpid, doc path/90968 lists
 *   suite_id only for instruction callbacks) is the installed app's own callback: its members' messages and
 *   app events in the Event form.
 * Receivers without a URL are skipped: the event stays in GET /__mock/events only.
 */
import { isDepartmentVisible, isMemberVisible, visibleRoots, ROOT_DEPARTMENT } from '../../contacts/index.js';
import type { AppState } from '../../../core/tenancy/types.js';
import type { Corp } from '../../types.js';
import { LIMITS } from '../../../../spec/generated/limits.js';
import { isCallableApp } from '../../externalcontact/index.js';
import { receiverKey, suiteReceiverKey, type OutboxEntry, type ReceiverSnapshot, type SystemReceiver } from '../state.js';

function appReceiver(corp: Corp, app: AppState): ReceiverSnapshot | undefined {
  if (!app.callback.url) return undefined;
  return {
    kind: 'app',
    agentid: app.agentid,
    url: app.callback.url,
    token: app.callback.token,
    encoding_aes_key: app.callback.encoding_aes_key,
    options: corp.domains.callbacks.optionsFor(receiverKey('app', app.agentid)),
  };
}

function systemReceiver(corp: Corp, kind: SystemReceiver): ReceiverSnapshot | undefined {
  const cfg = corp.domains.callbacks.system.get(kind);
  if (!cfg?.url) return undefined;
  return { kind, agentid: null, ...cfg, options: corp.domains.callbacks.optionsFor(kind) };
}

/** A suite's instruction callback; it must answer within 1 s (create_auth, doc path/90628, 90642). */
function suiteReceiver(corp: Corp, suiteId: string): ReceiverSnapshot | undefined {
  const cfg = corp.domains.callbacks.suites.get(suiteId);
  if (!cfg?.url) return undefined;
  const options = corp.domains.callbacks.optionsFor(suiteReceiverKey(suiteId));
  const limit = LIMITS.lifetime.callback_verify_timeout.seconds * 1000;
  return { kind: 'suite', agentid: null, suite_id: suiteId, ...cfg, options: { ...options, reply_timeout_ms: Math.min(options.reply_timeout_ms, limit) } };
}

/** Does a change_contact event concern something inside the app's visible range (doc path/90970, 90971, 90972)? */
function appSeesContactChange(corp: Corp, app: AppState, event: Record<string, unknown>): boolean {
  const c = corp.domains.contacts;
  if (visibleRoots(app, c).includes(ROOT_DEPARTMENT)) return true;
  switch (event['ChangeType']) {
    case 'create_user':
    case 'update_user': {
      const id = String(event['NewUserID'] ?? event['UserID'] ?? '').toLowerCase();
      const m = c.users.get(id);
      return m !== undefined && isMemberVisible(app, c, m);
    }
    case 'create_party':
    case 'update_party':
      return isDepartmentVisible(app, c, Number(event['Id']));
    case 'update_tag':
      return app.allow_tag.includes(Number(event['TagId']));
    default:
      // A deleted member or department can no longer be placed in a range: only whole-corp apps hear of it.
      return false;
  }
}

/** The receivers of one event, in a stable order (apps by agentid, then system callbacks). */
export function receiversFor(corp: Corp, event: Record<string, unknown>): ReceiverSnapshot[] {
  if (typeof event['InfoType'] === 'string') {
    const r = suiteReceiver(corp, String(event['SuiteId'] ?? ''));
    return r ? [r] : [];
  }
  const out: ReceiverSnapshot[] = [];
  const push = (r: ReceiverSnapshot | undefined): void => {
    if (r) out.push(r);
  };
  const agentid = event['AgentID'] === undefined || event['AgentID'] === '' ? undefined : Number(event['AgentID']);
  const named = agentid === undefined ? undefined : corp.apps.get(agentid);
  const ev = event['Event'];
  if (ev === 'change_contact') {
    for (const app of corp.apps.values()) {
      if (!appSeesContactChange(corp, app, event)) continue;
      push(app.third_party ? suiteReceiver(corp, app.third_party.suite_id) : appReceiver(corp, app));
    }
    push(systemReceiver(corp, 'contacts'));
  } else if (typeof ev === 'string' && ev.startsWith('change_external_')) {
    // An installed suite hears of its corp's customers in the InfoType form on its instruction callback (doc path/90628, 90642).
    for (const app of corp.apps.values()) {
      if (app.third_party) push(suiteReceiver(corp, app.third_party.suite_id));
      // A self-built app hears of customers only when listed as 可调用应用 (externalcontact settings, doc path/92109).
      else if (isCallableApp(corp, app.agentid)) push(appReceiver(corp, app));
    }
    push(systemReceiver(corp, 'customer_contact'));
  } else if (ev === 'kf_msg_or_event') {
    // 微信客服's callback (doc path/94670): its own 接收事件服务器, and the self-built apps listed as the area's
    // 可调用接口的应用 (core/tenancy/access.ts).
    for (const app of corp.apps.values()) if (!app.third_party && corp.areas.get('kf')?.callable.has(app.agentid)) push(appReceiver(corp, app));
    push(systemReceiver(corp, 'kf'));
  } else if (ev === 'msgaudit_notify') {
    if (named) push(appReceiver(corp, named));
    push(systemReceiver(corp, 'archive'));
  } else if (named) {
    push(appReceiver(corp, named));
  } else if (ev === 'batch_job_result') {
    push(systemReceiver(corp, 'contacts'));
  }
  return out;
}

/**
 * The receiver an earlier outbox entry went to, as it is configured now (a replay signs and encrypts with the
 * current keys, as a redelivery by WeCom would); undefined when it has no URL any more or cannot be replayed
 * (an AI bot's callback belongs to a conversation turn).
 */
export function currentReceiverOf(corp: Corp, entry: Pick<OutboxEntry, 'receiver' | 'receive_id'>): ReceiverSnapshot | undefined {
  const { kind, agentid } = entry.receiver;
  if (kind === 'app') {
    const app = agentid === null ? undefined : corp.apps.get(agentid);
    return app ? appReceiver(corp, app) : undefined;
  }
  if (kind === 'suite') return suiteReceiver(corp, entry.receive_id);
  if (kind === 'aibot') return undefined;
  return systemReceiver(corp, kind);
}
