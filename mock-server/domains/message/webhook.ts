/** Group robots: webhook/send and webhook/upload_media, addressed by the robot's key (doc path/91770). */
import { createHash } from 'node:crypto';
import { LIMITS } from '../../../spec/generated/limits.js';
import { err, invalidParameter } from '../../core/errors/index.js';
import { publicRoute } from '../../core/pipeline/typed-route.js';
import { readMultipartFile } from '../../core/pipeline/multipart.js';
import { ALNUM, drawUnused } from '../../core/runtime/rng.js';
import { defineRoutes, type Corp, type PublicCtx } from '../types.js';
import { checkVoiceDuration } from '../media/index.js';
import { checkMessageBody, type BodyEnv } from './rules.js';
import type { Robot } from './state.js';

const ROBOT_TYPES = ['text', 'markdown', 'image', 'news', 'file', 'voice', 'template_card'] as const;
const IMAGE_MAX = 2 * 1024 * 1024;
const FILE_MAX = 20 * 1024 * 1024;
const VOICE_MAX = 2 * 1024 * 1024;

/** The robot of a key and its corp: missing or unknown → 93000, disabled → 93004. */
function robotOf(ctx: PublicCtx): { corp: Corp; robot: Robot } {
  const key = ctx.query['key'];
  if (typeof key === 'string' && key.length > 0) {
    for (const corp of ctx.registry.corps.values()) {
      const robot = corp.domains.message.robots.get(key);
      if (robot) {
        ctx.corp = corp;
        if (robot.disabled) throw err('WEBHOOK_ROBOT_DISABLED');
        return { corp, robot };
      }
    }
  }
  throw err('INVALID_WEBHOOK_URL');
}

function isImage(b: Buffer): boolean {
  const png = b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
  const jpg = b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
  return png || jpg;
}

/** image{base64, md5}: ≤2 MB JPG/PNG whose md5 matches (40058 names the field; 40009 for the size). */
function checkImage(sub: unknown): Record<string, unknown> {
  const o = sub !== null && typeof sub === 'object' ? (sub as Record<string, unknown>) : {};
  const b64 = o['base64'];
  const md5 = o['md5'];
  if (typeof b64 !== 'string' || b64.length === 0) throw err('EMPTY_CONTENT');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw invalidParameter('image.base64 invalid');
  const data = Buffer.from(b64, 'base64');
  if (data.length > IMAGE_MAX) throw err('INVALID_IMAGE_SIZE');
  if (!isImage(data)) throw invalidParameter('image.base64 is not a jpg or png');
  if (typeof md5 !== 'string' || createHash('md5').update(data).digest('hex') !== md5.toLowerCase()) throw invalidParameter('image.md5 not match');
  return { md5: md5.toLowerCase(), bytes: data.length };
}

export const webhookRoutes = defineRoutes({
  webhook_send: publicRoute((ctx) => {
    const { corp, robot } = robotOf(ctx);
    const now = corp.clock.nowMs();
    const env: BodyEnv = {
      mediaValid: (id) => {
        const m = robot.media.get(id);
        return m !== undefined && now < m.expiresAtMs;
      },
      userExists: (userid) => corp.domains.contacts.getUser(userid) !== undefined,
    };
    let msgtype: string;
    let content: Record<string, unknown>;
    if (ctx.body['msgtype'] === 'image') {
      msgtype = 'image';
      content = checkImage(ctx.body['image']);
    } else {
      // Robot texts over their limits are refused with 40058 (observed errmsg on qyapi.weixin.qq.com).
      const checked = checkMessageBody(ctx.body, ROBOT_TYPES, env, {
        textMax: LIMITS.size.webhook_text_max.bytes,
        textCode: 'INVALID_PARAMETER',
        markdownMax: LIMITS.size.webhook_markdown_max.bytes,
        markdownCode: 'INVALID_PARAMETER',
      });
      msgtype = checked.msgtype;
      content = checked.content;
    }
    const state = corp.domains.message;
    // 20 messages per robot and minute (doc path/91770).
    if (state.quotas.tryAdd('webhook_robot_per_minute', robot.key, now, 1, corp.settings.rate_limit_scale)) {
      throw err('API_FREQ_OUT_OF_LIMIT');
    }
    state.addRobotMessage(robot, { seq: ++state.robotSeq, time: Math.floor(now / 1000), msgtype, content });
    return {};
  }),

  webhook_upload_media: publicRoute(async (ctx) => {
    // The file is checked before the key: an empty upload answers 44001 even with a bad key (doc path/91770).
    const result = await readMultipartFile(ctx.request, { field: 'media', maxBytes: FILE_MAX, maxOtherBytes: LIMITS.size.upload_other_parts_max.bytes });
    if (!result.ok) {
      if (result.reason === 'too_large') throw err('INVALID_FILE_SIZE');
      if (result.reason === 'malformed') throw invalidParameter(`multipart body malformed: ${result.detail}`);
      throw err('EMPTY_MEDIA_DATA');
    }
    const data = result.file.data;
    if (data.length === 0) throw err('EMPTY_MEDIA_DATA');
    if (data.length < LIMITS.size.media_min.bytes) throw err('INVALID_FILE_SIZE');
    const { corp, robot } = robotOf(ctx);
    const type = ctx.query['type'];
    if (type !== 'file' && type !== 'voice') throw err('INVALID_TYPE_PARAMETER');
    if (type === 'voice') {
      // Robot voice: AMR, at most 2 MB and 60 s (doc path/91770).
      if (data.subarray(0, 6).toString('latin1') !== '#!AMR\n') throw err('INVALID_MEDIA_TYPE');
      if (data.length > VOICE_MAX) throw err('INVALID_FILE_SIZE');
      checkVoiceDuration(data);
    }
    const now = corp.clock.nowMs();
    const id = drawUnused(() => `${1 + corp.rng.int(9)}${corp.rng.string(43, `${ALNUM}-_`)}`, robot.media);
    robot.media.set(id, { id, type, bytes: data.length, expiresAtMs: now + LIMITS.lifetime.media_id_lifetime.seconds * 1000 });
    return { type, media_id: id, created_at: String(Math.floor(now / 1000)) };
  }),
});
