/**
 * Control plane of AI bots (spec tag mock-admin): bots as tenants of a corp, the simulated member
 * message and event, what each bot answered, and its long connection. Behaviour lives in
 * conversation.ts and ws.ts; this file maps HTTP to it.
 */
import { AdminError, corpOf as findCorp, created, requireString, type AdminHandler, type AdminRoutes } from '../../core/control/kit.js';
import { ALNUM } from '../../core/runtime/rng.js';
import { LIMITS } from '../../../spec/generated/limits.js';
import { checkAesKey, checkCallbackUrl, checkToken, verifyCallbackUrl, type DeliveryEngine } from '../callbacks/index.js';
import type { Corp, MockHost } from '../types.js';
import { bindRuntime, botOf, rngOf, simulateEvent, simulateMessage, type Runtime, type SimulatedEvent, type SimulatedMessage } from './conversation.js';
import type { Bot, BotMode } from './state.js';
import type { LongConnections } from './ws.js';

/** A bot as the control plane and the corp's credentials show it. */
export function botView(bot: Bot, connected: boolean): Record<string, unknown> {
  return {
    botid: bot.botid,
    name: bot.name,
    mode: bot.mode,
    url: bot.url,
    token: bot.token,
    encoding_aes_key: bot.encoding_aes_key,
    secret: bot.secret,
    stream_refresh_ms: bot.stream_refresh_ms,
    connected,
  };
}

export function aibotAdmin(host: MockHost, engine: DeliveryEngine, ws: LongConnections): AdminRoutes {
  const corpOf = (corpid: unknown): Corp => findCorp(host.registry, corpid);
  const rt: Runtime = { engine, frames: ws };
  bindRuntime(host.registry, rt);
  /** A member's message or event to a bot: the corp, bot and member named in the body, answered 201 with what was sent. */
  const simulation =
    <I>(run: (corp: Corp, rt: Runtime, input: I, baseUrl: string) => Record<string, unknown>): AdminHandler =>
    ({ body, baseUrl }) => {
      const corp = corpOf(body['corpid']);
      requireString(body['botid'], 'botid');
      requireString(body['userid'], 'userid');
      return created(run(corp, rt, body as unknown as I, baseUrl ?? 'http://127.0.0.1'));
    };
  const view = (corp: Corp, bot: Bot): Record<string, unknown> => botView(bot, ws.connected(corp.corpid, bot.botid));

  return {
    mock_aibots_list: ({ params }) => {
      const corp = corpOf(params['corpid']);
      return { body: { aibots: [...corp.domains.aibot.bots.values()].map((b) => view(corp, b)) } };
    },
    mock_aibots_create: ({ params, body }) => {
      const corp = corpOf(params['corpid']);
      const state = corp.domains.aibot;
      const rng = rngOf(corp);
      const mode = (body['mode'] as BotMode | undefined) ?? (body['url'] !== undefined ? 'callback' : 'long_connection');
      const botid = (body['botid'] as string | undefined) ?? `aib${rng.string(29)}`;
      // A bot id names one bot across the mock: the long connection finds the bot by it alone.
      for (const c of host.registry.corps.values()) {
        if (c.domains.aibot.bots.has(botid)) throw new AdminError(409, 'aibot_exists', `bot ${botid} exists in ${c.corpid}`);
      }
      const url = (body['url'] as string | undefined) ?? '';
      const token = (body['token'] as string | undefined) ?? rng.string(24, ALNUM);
      const aesKey = (body['encoding_aes_key'] as string | undefined) ?? rng.string(43, ALNUM);
      checkCallbackUrl(url);
      checkToken(token);
      checkAesKey(aesKey);
      if (mode === 'callback' && !url) throw new AdminError(400, 'bad_parameter', 'a callback bot needs url (or use mode long_connection)');
      const bot: Bot = {
        botid,
        name: (body['name'] as string | undefined) ?? `bot${state.bots.size + 1}`,
        mode,
        url,
        token,
        encoding_aes_key: aesKey,
        secret: (body['secret'] as string | undefined) ?? rng.string(43, ALNUM),
        stream_refresh_ms: (body['stream_refresh_ms'] as number | undefined) ?? LIMITS.lifetime.aibot_stream_refresh_interval.seconds * 1000,
        created_at: corp.clock.nowMs(),
      };
      state.bots.set(botid, bot);
      return { status: 201, body: view(corp, bot) };
    },
    mock_aibots_get: ({ params }) => {
      const corp = corpOf(params['corpid']);
      const bot = botOf(corp, params['botid']);
      const state = corp.domains.aibot;
      const streams = [...state.streams.values()]
        .filter((s) => s.botid === bot.botid)
        .map((s) => ({ id: s.id, msgid: s.msgid, userid: s.userid, chattype: s.chattype, ...(s.chatid !== undefined && { chatid: s.chatid }), state: s.state, content: s.content, replies: s.replies, refreshes: s.refreshes, started_at: s.started_at }));
      const exchanges = state.exchanges.filter((e) => e.botid === bot.botid).map((e) => ({ ...e, ...(e.error === undefined && { error: null }) }));
      return { body: { ...view(corp, bot), streams, exchanges } };
    },
    mock_aibots_delete: ({ params }) => {
      const corp = corpOf(params['corpid']);
      const bot = botOf(corp, params['botid']);
      ws.drop(corp.corpid, bot.botid);
      corp.domains.aibot.bots.delete(bot.botid);
      return { body: { deleted: bot.botid } };
    },
    mock_aibots_verify: async ({ params }) => {
      const corp = corpOf(params['corpid']);
      const bot = botOf(corp, params['botid']);
      if (!bot.url) throw new AdminError(409, 'no_url', `bot ${bot.botid} has no callback URL`);
      // The same echostr rule as apps, with an empty receiveid (developer.work.weixin.qq.com/document/path/100719).
      const r = await verifyCallbackUrl(engine, { url: bot.url, token: bot.token, encoding_aes_key: bot.encoding_aes_key }, '', corp.domains.callbacks.rng, corp.clock.nowSec());
      return { body: r };
    },
    mock_aibots_disconnect: ({ params }) => {
      const corp = corpOf(params['corpid']);
      const bot = botOf(corp, params['botid']);
      return { body: { disconnected: ws.drop(corp.corpid, bot.botid) } };
    },
    mock_simulate_aibot_message: simulation<SimulatedMessage>(simulateMessage),
    mock_simulate_aibot_event: simulation<SimulatedEvent>(simulateEvent),
  };
}
