/**
 * What an AI bot may answer, and when: pure checks over a decrypted reply or a reply frame's body. Each
 * returns an error sentence (recorded, never thrown at the bot) or undefined. Facts:
 * developer.work.weixin.qq.com/document/path/100719 (被动回复消息, 流式消息回复, 模板卡片).
 */
import { createHash } from 'node:crypto';
import { LIMITS } from '../../../spec/generated/limits.js';

/** What the reply answers: a member message, a stream refresh, or one of the events. */
export type ReplyContext = 'message' | 'refresh' | 'enter_chat' | 'template_card_event' | 'feedback_event';

/** Passive reply types by what they answer (被动回复消息 概述 and each type's "目前仅支持…" note). */
const ALLOWED: Record<ReplyContext, readonly string[]> = {
  message: ['stream', 'template_card', 'stream_with_template_card'],
  // "template_card可首次回复，也可在收到流式消息刷新事件时回复"
  refresh: ['stream', 'stream_with_template_card'],
  enter_chat: ['text', 'template_card'],
  template_card_event: ['update_template_card'],
  // "该事件目前仅支持回复空包"
  feedback_event: [],
};

/** Types an active reply (response_url, aibot_send_msg) may carry. */
export const ACTIVE_TYPES = ['markdown', 'template_card', 'stream', 'text'] as const;

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The reply's kind: its msgtype, or `update_template_card` for a response_type reply. */
export function replyType(reply: Record<string, unknown>): string {
  if (reply['response_type'] === 'update_template_card') return 'update_template_card';
  return typeof reply['msgtype'] === 'string' ? reply['msgtype'] : '';
}

/** Whether `reply` may answer `context` and is well formed; `streamId` is the refreshed stream's id. */
export function checkReply(context: ReplyContext, reply: Record<string, unknown>, streamId?: string): string | undefined {
  const type = replyType(reply);
  const allowed = ALLOWED[context];
  if (!allowed.includes(type)) {
    return allowed.length === 0
      ? `a ${context} may only be answered with an empty body`
      : `a ${context} is answered with ${allowed.join(' or ')}, not ${JSON.stringify(type)}`;
  }
  if (type === 'stream' || type === 'stream_with_template_card') {
    const e = checkStream(reply['stream'], streamId);
    if (e) return e;
  }
  if (type === 'template_card' || type === 'update_template_card' || (type === 'stream_with_template_card' && reply['template_card'] !== undefined)) {
    const e = checkCard(reply['template_card']);
    if (e) return e;
  }
  if (type === 'text') {
    const t = reply['text'];
    if (!isObj(t) || typeof t['content'] !== 'string') return 'text.content is required';
  }
  return undefined;
}

/** An active reply body (response_url, aibot_send_msg). */
export function checkActive(body: Record<string, unknown>): string | undefined {
  const type = typeof body['msgtype'] === 'string' ? body['msgtype'] : '';
  if (type === 'markdown') {
    const m = body['markdown'];
    if (!isObj(m) || typeof m['content'] !== 'string' || m['content'] === '') return 'markdown.content is required';
    if (Buffer.byteLength(m['content']) > LIMITS.size.aibot_stream_content_max.bytes) return `markdown.content is longer than ${LIMITS.size.aibot_stream_content_max.bytes} bytes`;
    return undefined;
  }
  if (type === 'template_card') return checkCard(body['template_card']);
  return `msgtype must be markdown or template_card, not ${JSON.stringify(type)}`;
}

function checkStream(stream: unknown, streamId: string | undefined): string | undefined {
  if (!isObj(stream)) return 'stream is required';
  const id = stream['id'];
  // "stream.id … 某次回调的首次回复第一次设置，后续回调会根据这个id来获取最新的流式消息"
  if (typeof id !== 'string' || id === '') return 'stream.id is required (the first reply sets it, later replies repeat it)';
  if (streamId !== undefined && id !== streamId) return `stream.id ${JSON.stringify(id)} is not the refreshed stream ${JSON.stringify(streamId)}`;
  if (stream['finish'] !== undefined && typeof stream['finish'] !== 'boolean') return 'stream.finish must be a boolean';
  const content = stream['content'];
  if (content !== undefined && typeof content !== 'string') return 'stream.content must be a string';
  const max = LIMITS.size.aibot_stream_content_max.bytes;
  if (typeof content === 'string' && Buffer.byteLength(content) > max) return `stream.content is ${Buffer.byteLength(content)} bytes, more than ${max}`;
  const items = stream['msg_item'];
  if (items !== undefined) {
    if (!Array.isArray(items)) return 'stream.msg_item must be an array';
    // "目前image的消息类型仅当finish=true，即流式消息结束的最后一次回复中设置"
    if (items.length > 0 && stream['finish'] !== true) return 'stream.msg_item is only allowed on the last reply (finish=true)';
    if (items.length > LIMITS.bound.aibot_stream_msg_items.max) return `stream.msg_item holds at most ${LIMITS.bound.aibot_stream_msg_items.max} images`;
    for (const [i, item] of items.entries()) {
      const e = checkImageItem(item);
      if (e) return `stream.msg_item[${i}]: ${e}`;
    }
  }
  const fb = stream['feedback'];
  if (fb !== undefined) {
    if (!isObj(fb) || typeof fb['id'] !== 'string') return 'stream.feedback.id must be a string';
    if (Buffer.byteLength(fb['id']) > 256) return 'stream.feedback.id is longer than 256 bytes';
  }
  return undefined;
}

function checkImageItem(item: unknown): string | undefined {
  if (!isObj(item) || item['msgtype'] !== 'image' || !isObj(item['image'])) return 'msgtype must be image with an image object';
  const img = item['image'];
  if (typeof img['base64'] !== 'string' || typeof img['md5'] !== 'string') return 'image.base64 and image.md5 are required';
  const data = Buffer.from(img['base64'], 'base64');
  if (data.length === 0) return 'image.base64 is empty or not base64';
  if (data.length > 10 * 1024 * 1024) return 'the image is larger than 10 MB';
  const jpg = data[0] === 0xff && data[1] === 0xd8;
  const png = data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (!jpg && !png) return 'the image is neither JPG nor PNG';
  const md5 = createHash('md5').update(data).digest('hex');
  if (md5 !== img['md5'].toLowerCase()) return `image.md5 is not the MD5 of the decoded image (${md5})`;
  return undefined;
}

const CARD_TYPES = ['text_notice', 'news_notice', 'button_interaction', 'vote_interaction', 'multiple_interaction'];

function checkCard(card: unknown): string | undefined {
  if (!isObj(card)) return 'template_card is required';
  if (typeof card['card_type'] !== 'string' || !CARD_TYPES.includes(card['card_type'])) {
    return `template_card.card_type must be one of ${CARD_TYPES.join(', ')}`;
  }
  const task = card['task_id'];
  // "只能由数字、字母和“_-@”组成，最长128字节"
  if (task !== undefined && (typeof task !== 'string' || !/^[A-Za-z0-9_\-@]{1,128}$/.test(task))) {
    return 'template_card.task_id is at most 128 of letters, digits and _-@';
  }
  return undefined;
}
