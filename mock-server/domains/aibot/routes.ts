/**
 * The one WeCom endpoint of AI bots: the response_url handed out with a member message or a card event
 * (active reply). Plain JSON, no token, valid 1 hour and once (developer.work.weixin.qq.com/document/path/100719).
 */
import { LIMITS } from '../../../spec/generated/limits.js';
import { publicRoute } from '../../core/pipeline/typed-route.js';
import { err, invalidParameter } from '../../core/errors/index.js';
import { defineRoutes } from '../types.js';
import { showActive } from './conversation.js';
import { checkActive } from './rules.js';

export const aibotRoutes = defineRoutes({
  aibot_response: publicRoute((ctx) => {
    const code = ctx.query['response_code'];
    for (const corp of ctx.registry.corps.values()) {
      const ru = typeof code === 'string' ? corp.domains.aibot.responseUrls.get(code) : undefined;
      if (!ru) continue;
      ctx.corp = corp;
      const now = corp.clock.nowMs();
      // Single use and one hour: a used or expired response_url is refused as an invalid response_code.
      if (ru.used || now >= ru.expires_at) {
        if (now >= ru.expires_at) corp.domains.aibot.responseUrls.delete(ru.code);
        throw err('INVALID_RESPONSE_CODE', { message: ru.used ? 'invalid response_code: this response_url was already used' : `invalid response_code: expired after ${LIMITS.lifetime.aibot_response_url_lifetime.seconds} s` });
      }
      const problem = checkActive(ctx.body);
      if (problem) {
        corp.domains.aibot.record({ at: now, botid: ru.botid, direction: 'out', kind: 'response_url', msgid: ru.msgid, body: ctx.body, error: problem });
        throw invalidParameter(problem);
      }
      ru.used = true;
      showActive(corp, ru.botid, ru.userid, ru.chatid, ctx.body);
      corp.domains.aibot.record({ at: now, botid: ru.botid, direction: 'out', kind: 'response_url', msgid: ru.msgid, body: ctx.body, error: undefined });
      return {};
    }
    throw err('INVALID_RESPONSE_CODE');
  }),
});
