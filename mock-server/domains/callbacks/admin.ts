/**
 * Control plane of callbacks (spec tag mock-admin): receiver configuration with WeCom's URL
 * verification, the outbox, the members' inbox of passive replies, tamper rules, and simulation of
 * member actions. Behaviour lives in domains/callbacks; this file only maps HTTP to it.
 */
import { AdminError, corpOf as findCorp, created, intParam, type AdminRoutes } from '../../core/control/kit.js';
import type { Corp, MockHost } from '../types.js';
import { SYSTEM_RECEIVERS, receiverKey, type DeliveryOptions, type OutboxEntry, type ReceiverKind, type SystemReceiver, type TamperMode } from './state.js';
import { checkAesKey, checkCallbackUrl, checkToken } from './rules.js';
import { simulateEvent, simulateMessage } from './simulate.js';
import { enqueue, verifyCallbackUrl, type DeliveryEngine } from './delivery/delivery.js';
import { currentReceiverOf } from './delivery/routing.js';
import type { CallbackConfig } from '../../core/tenancy/types.js';

const DRAIN_DEFAULT_MS = 30_000;

/** The callbacks part of the control plane, over the delivery engine the manifest's mount installed. */
/** What every member simulation may add: the payload's own fields, and whether an app without a receiver is fine. */
function simulationOptions(body: Record<string, unknown>): { fields?: Record<string, unknown>; allow_undelivered: boolean } {
  return {
    ...(body['fields'] !== undefined && { fields: body['fields'] as Record<string, unknown> }),
    allow_undelivered: body['allow_undelivered'] === true,
  };
}

export function callbacksAdmin(host: MockHost, engine: DeliveryEngine): AdminRoutes {
  const corpOf = (corpid: unknown): Corp => findCorp(host.registry, corpid);

  /** The receiver named by `agentid` (an app) or `receiver` (a system callback). */
  const receiverOf = (corp: Corp, body: Record<string, unknown>): { kind: ReceiverKind; agentid: number | null; config: CallbackConfig } => {
    const agentid = body['agentid'];
    const receiver = body['receiver'];
    if (agentid !== undefined && receiver !== undefined && receiver !== 'app') {
      throw new AdminError(400, 'bad_body', `give either agentid (an app) or receiver (${SYSTEM_RECEIVERS.join(', ')}), not both`);
    }
    if (agentid !== undefined) {
      const a = corp.apps.get(Number(agentid));
      if (!a) throw new AdminError(404, 'app_not_found', `corp ${corp.corpid} has no app ${String(agentid)}`);
      return { kind: 'app', agentid: a.agentid, config: a.callback };
    }
    if (typeof receiver === 'string' && (SYSTEM_RECEIVERS as readonly string[]).includes(receiver)) {
      return { kind: receiver as SystemReceiver, agentid: null, config: corp.domains.callbacks.system.get(receiver as SystemReceiver)! };
    }
    throw new AdminError(400, 'bad_body', `name the receiver: agentid, or receiver one of ${SYSTEM_RECEIVERS.join(', ')}`);
  };

  const describeReceiver = (corp: Corp, kind: ReceiverKind, agentid: number | null, config: CallbackConfig) => ({
    receiver: receiverKey(kind, agentid),
    kind,
    agentid,
    url: config.url,
    token: config.token,
    encoding_aes_key: config.encoding_aes_key,
    options: corp.domains.callbacks.optionsFor(receiverKey(kind, agentid)),
  });


  const summary = (corp: Corp) => {
    const s = corp.domains.callbacks;
    let pending = 0;
    let delivered = 0;
    let failed = 0;
    for (const e of s.outbox) {
      if (e.state === 'pending') pending++;
      else if (e.state === 'delivered') delivered++;
      else failed++;
    }
    return { corpid: corp.corpid, pending, delivered, failed, queued: s.queue?.size ?? 0 };
  };

  return {
    mock_callbacks_config_get: ({ query }) => {
      const corp = corpOf(query['corpid']);
      const receivers = [
        ...[...corp.apps.values()].map((a) => describeReceiver(corp, 'app', a.agentid, a.callback)),
        ...SYSTEM_RECEIVERS.map((k) => describeReceiver(corp, k, null, corp.domains.callbacks.system.get(k)!)),
      ];
      return { body: { receivers } };
    },

    mock_callbacks_config_set: async ({ body }) => {
      const corp = corpOf(body['corpid']);
      const target = receiverOf(corp, body);
      const next: CallbackConfig = {
        url: typeof body['url'] === 'string' ? body['url'].trim() : target.config.url,
        token: typeof body['token'] === 'string' ? body['token'] : target.config.token,
        encoding_aes_key: typeof body['encoding_aes_key'] === 'string' ? body['encoding_aes_key'] : target.config.encoding_aes_key,
      };
      checkCallbackUrl(next.url);
      checkToken(next.token);
      checkAesKey(next.encoding_aes_key);
      const key = receiverKey(target.kind, target.agentid);
      const current = corp.domains.callbacks.optionsFor(key);
      const options: DeliveryOptions = {
        reply_timeout_ms: typeof body['reply_timeout_ms'] === 'number' ? body['reply_timeout_ms'] : current.reply_timeout_ms,
        retry_backoff_ms: Array.isArray(body['retry_backoff_ms']) ? (body['retry_backoff_ms'] as number[]).slice() : current.retry_backoff_ms,
      };
      // Saving in WeCom's console sends the GET check first and refuses the URL unless it answers (doc path/90930).
      let verification = null;
      if (next.url !== '' && body['verify'] !== false) {
        verification = await verifyCallbackUrl(engine, next, corp.corpid, corp.domains.callbacks.rng, corp.clock.nowSec());
        if (!verification.ok) {
          return {
            status: 422,
            body: { error: { code: 'url_verification_failed', message: `URL verification failed: ${verification.message}` }, verification },
          };
        }
      }
      Object.assign(target.config, next);
      corp.domains.callbacks.options.set(key, options);
      return { body: { saved: true, ...describeReceiver(corp, target.kind, target.agentid, target.config), verification } };
    },

    mock_callbacks_verify: async ({ body }) => {
      const corp = corpOf(body['corpid']);
      const target = receiverOf(corp, body);
      if (!target.config.url) throw new AdminError(409, 'no_url', `${receiverKey(target.kind, target.agentid)} has no callback URL`);
      const verification = await verifyCallbackUrl(engine, target.config, corp.corpid, corp.domains.callbacks.rng, corp.clock.nowSec());
      return { body: { verification } };
    },

    mock_callbacks_list: ({ query }) => {
      const corp = corpOf(query['corpid']);
      const since = intParam(query['since'], 'since') ?? 0;
      const limit = intParam(query['limit'], 'limit') ?? 1000;
      const state = query['state'];
      const type = query['event_type'];
      const receiver = query['receiver'];
      const entries: OutboxEntry[] = [];
      for (const e of corp.domains.callbacks.outbox) {
        if (Number(e.id.slice(3)) <= since) continue;
        if (state !== undefined && e.state !== state) continue;
        if (type !== undefined && e.event_type !== type) continue;
        if (receiver !== undefined && receiverKey(e.receiver.kind, e.receiver.agentid) !== receiver) continue;
        entries.push(e);
        if (entries.length >= limit) break;
      }
      return { body: { entries, ...summary(corp) } };
    },

    mock_callbacks_clear: ({ query }) => ({ body: { removed: corpOf(query['corpid']).domains.callbacks.clearOutbox() } }),

    mock_callbacks_get: ({ params, query }) => {
      const corp = corpOf(query['corpid']);
      const entry = corp.domains.callbacks.byId.get(params['id'] ?? '');
      if (!entry) throw new AdminError(404, 'callback_not_found', `corp ${corp.corpid} has no outbox entry ${params['id']}`);
      return { body: entry };
    },

    mock_callbacks_replay: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const entry = corp.domains.callbacks.byId.get(String(body['id']));
      if (!entry) throw new AdminError(404, 'callback_not_found', `corp ${corp.corpid} has no outbox entry ${String(body['id'])}`);
      const receiver = currentReceiverOf(corp, entry);
      if (!receiver) throw new AdminError(409, 'not_replayable', `${receiverKey(entry.receiver.kind, entry.receiver.agentid)} has no callback URL now, or its callbacks cannot be replayed (AI bots)`);
      const replay = enqueue(corp, engine, receiver, {
        plaintext: entry.plaintext,
        event: entry.event,
        eventSeq: entry.event_seq,
        receiveId: entry.receive_id,
        toUserName: entry.to_user_name,
        ...(entry.format && { format: entry.format }),
        eventType: entry.event_type,
      });
      return created(replay);
    },

    mock_callbacks_drain: async ({ body }) => {
      const corp = corpOf(body['corpid']);
      const timeout = typeof body['timeout_ms'] === 'number' ? body['timeout_ms'] : DRAIN_DEFAULT_MS;
      const queue = corp.domains.callbacks.queue;
      let idle = true;
      if (queue) {
        let timer: NodeJS.Timeout | undefined;
        idle = await Promise.race([
          queue.whenIdle().then(() => true),
          new Promise<boolean>((r) => {
            timer = setTimeout(() => r(false), timeout);
          }),
        ]);
        clearTimeout(timer);
      }
      return { body: { idle, ...summary(corp) } };
    },

    mock_callbacks_inbox: ({ query }) => {
      const corp = corpOf(query['corpid']);
      const userid = query['userid'];
      const inbox = corp.domains.callbacks.inbox;
      if (userid !== undefined) {
        return { body: { messages: inbox.get(userid.toLowerCase()) ?? [] } };
      }
      const messages = [...inbox.values()].flat().sort((a, b) => a.entry_id.localeCompare(b.entry_id));
      return { body: { messages } };
    },

    mock_callbacks_rules_list: ({ query }) => ({ body: { rules: corpOf(query['corpid']).domains.callbacks.rules } }),

    mock_callbacks_rules_create: ({ body }) => {
      const corp = corpOf(body['corpid']);
      const mode = body['mode'] as TamperMode;
      let receiver: string | null = null;
      const botid = body['botid'];
      if (typeof botid === 'string') {
        if (body['agentid'] !== undefined || body['receiver'] !== undefined) throw new AdminError(400, 'bad_body', 'give one of agentid, receiver or botid');
        if (!corp.domains.aibot.bots.has(botid)) throw new AdminError(404, 'aibot_not_found', `corp ${corp.corpid} has no AI bot ${botid}`);
        // An AI bot's deliveries are keyed by the bot in the outbox (domains/aibot).
        receiver = `aibot:${botid}`;
      } else if (body['agentid'] !== undefined || body['receiver'] !== undefined) {
        const t = receiverOf(corp, body);
        receiver = receiverKey(t.kind, t.agentid);
      }
      const delay = typeof body['delay_ms'] === 'number' ? body['delay_ms'] : 0;
      if (mode === 'delay' && delay <= 0) throw new AdminError(400, 'bad_body', 'a delay rule needs delay_ms > 0');
      const rule = corp.domains.callbacks.addRule({
        mode,
        receiver,
        delay_ms: delay,
        remaining: typeof body['count'] === 'number' ? body['count'] : null,
      });
      return { status: 201, body: rule };
    },

    mock_callbacks_rules_clear: ({ query }) => {
      const s = corpOf(query['corpid']).domains.callbacks;
      const n = s.rules.length;
      s.rules.length = 0;
      return { body: { removed: n } };
    },

    mock_callbacks_rules_delete: ({ params, query }) => {
      const s = corpOf(query['corpid']).domains.callbacks;
      if (!s.removeRule(params['id'] ?? '')) throw new AdminError(404, 'rule_not_found', `no delivery rule ${params['id']}`);
      return { body: { removed: 1 } };
    },

    mock_simulate_message: ({ body }) =>
      created(
        simulateMessage(corpOf(body['corpid']), {
          agentid: body['agentid'] as number,
          userid: body['userid'] as string,
          msgtype: body['msgtype'] as string,
          ...(typeof body['content'] === 'string' && { content: body['content'] }),
          ...simulationOptions(body),
        }),
      ),

    mock_simulate_event: ({ body }) =>
      created(
        simulateEvent(corpOf(body['corpid']), {
          event: body['event'] as string,
          ...(body['agentid'] !== undefined && { agentid: body['agentid'] as number }),
          ...(body['userid'] !== undefined && { userid: body['userid'] as string }),
          ...simulationOptions(body),
        }),
      ),
  };
}
