/**
 * The rules of message bodies and recipient lists (doc path/90236, 90244, 91770): pure checks that throw
 * err('NAME') and return the body as WeCom delivers it (texts cut where WeCom cuts them).
 */
import { LIMITS } from '../../../spec/generated/limits.js';
import { err, invalidParameter, type ErrName } from '../../core/errors/index.js';
import type { CardInfo } from './state.js';

const S = LIMITS.size;
const B = LIMITS.bound;

export const APP_MSGTYPES = [
  'text',
  'image',
  'voice',
  'video',
  'file',
  'textcard',
  'news',
  'mpnews',
  'markdown',
  'miniprogram_notice',
  'template_card',
] as const;
export const CHAT_MSGTYPES = ['text', 'image', 'voice', 'video', 'file', 'textcard', 'news', 'mpnews', 'markdown'] as const;

type Obj = Record<string, unknown>;

/** What a body check needs from the corp. */
export interface BodyEnv {
  /** The media_id is a live temporary media of the corp of `type` (any type when undefined). */
  mediaValid(id: string, type: 'image' | 'voice' | 'video' | 'file' | undefined): boolean;
  userExists(userid: string): boolean;
}

export interface CheckedBody {
  msgtype: string;
  content: Obj;
  card: CardInfo | undefined;
}

export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** `s` cut to at most `max` UTF-8 bytes, never inside a character. */
export function cutBytes(s: string, max: number): string {
  if (s.length <= max / 4 || byteLength(s) <= max) return s;
  const b = Buffer.from(s, 'utf8');
  let end = max;
  while (end > 0 && (b[end]! & 0xc0) === 0x80) end--;
  return b.subarray(0, end).toString('utf8');
}

/** `s` cut to at most `max` characters (code points). */
export function cutChars(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, max).join('');
}

function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const arr = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);

function checkUrl(url: string): void {
  if (byteLength(url) > 2048) throw err('INVALID_URL_LENGTH');
}

function mediaBody(body: Obj | undefined, env: BodyEnv, type: 'image' | 'voice' | 'video' | 'file' | undefined): string {
  const id = body?.['media_id'];
  if (!nonEmpty(id)) throw err('MEDIA_ID_MISSING');
  // A media_id of another type is refused like an unknown one (mock choice; WeCom's answer is not documented).
  if (!env.mediaValid(id, type)) throw err('INVALID_MEDIA_ID');
  return id;
}

function checkArticles(list: unknown, mp: boolean, env: BodyEnv): Obj[] {
  const articles = arr(list);
  if (!articles || articles.length === 0) throw err('EMPTY_CONTENT');
  if (articles.length > B.news_articles.max) throw err('TOO_MANY_ARTICLES');
  return articles.map((raw) => {
    const a = obj(raw) ?? {};
    if (!nonEmpty(a['title'])) throw err('TITLE_MISSING');
    // Titles and descriptions longer than the limit are cut (doc path/90236: 超过会自动截断).
    const out: Obj = { ...a, title: cutBytes(a['title'], 128) };
    if (mp) {
      if (!nonEmpty(a['thumb_media_id'])) throw err('MEDIA_ID_MISSING');
      if (!env.mediaValid(a['thumb_media_id'], 'image')) throw err('INVALID_MEDIA_ID');
      if (!nonEmpty(a['content'])) throw err('EMPTY_CONTENT');
      if (byteLength(a['content']) > S.mpnews_content_max.bytes) throw err('CONTENT_TOO_LARGE');
      // author ≤64 bytes → 45032 (doc path/90236 mpnews).
      if (typeof a['author'] === 'string' && byteLength(a['author']) > 64) throw err('ARTICLE_AUTHOR_TOO_LONG');
      if (typeof a['digest'] === 'string') out['digest'] = cutBytes(a['digest'], 512);
    } else {
      const url = str(a['url']);
      if (!url && !(nonEmpty(a['appid']) && nonEmpty(a['pagepath']))) throw err('URL_MISSING');
      if (url) checkUrl(url);
      if (typeof a['picurl'] === 'string') checkUrl(a['picurl']);
      if (typeof a['description'] === 'string') out['description'] = cutBytes(a['description'], 512);
    }
    return out;
  });
}

/** The body of `msgtype` in `body`, checked; `allowed` are the msgtypes of the API. */
export function checkMessageBody(body: Obj, allowed: readonly string[], env: BodyEnv, opts: { markdownMax: number; markdownCode: 'CONTENT_TOO_LARGE' | 'INVALID_PARAMETER'; textCode?: 'INVALID_PARAMETER'; textMax: number }): CheckedBody {
  const msgtype = body['msgtype'];
  if (typeof msgtype !== 'string' || !allowed.includes(msgtype)) throw err('INVALID_MESSAGE_TYPE');
  const sub = obj(body[msgtype]);
  let content: Obj;
  let card: CardInfo | undefined;
  switch (msgtype) {
    case 'text': {
      const text = sub?.['content'];
      if (!nonEmpty(text)) throw err('EMPTY_CONTENT');
      if (opts.textCode && byteLength(text) > opts.textMax) {
        throw invalidParameter(`text.content exceed max length ${opts.textMax}`);
      }
      // App text over 2,048 bytes is cut, not refused (doc path/90236: 超过将截断).
      content = { ...sub, content: cutBytes(text, opts.textMax) };
      break;
    }
    case 'markdown': {
      const text = sub?.['content'];
      if (!nonEmpty(text)) throw err('EMPTY_CONTENT');
      if (byteLength(text) > opts.markdownMax) {
        // Robots answer "markdown.content exceed max length 4096. invalid Request Parameter" (observed on qyapi.weixin.qq.com; limits in doc path/91770).
        if (opts.markdownCode === 'INVALID_PARAMETER') throw invalidParameter(`markdown.content exceed max length ${opts.markdownMax}`);
        throw err('CONTENT_TOO_LARGE');
      }
      content = { content: text };
      break;
    }
    case 'image':
    case 'voice':
    case 'file':
      content = { media_id: mediaBody(sub, env, msgtype === 'file' ? undefined : msgtype) };
      break;
    case 'video': {
      const media_id = mediaBody(sub, env, 'video');
      content = { media_id };
      if (typeof sub?.['title'] === 'string') content['title'] = cutBytes(sub['title'], 128);
      if (typeof sub?.['description'] === 'string') content['description'] = cutBytes(sub['description'], 512);
      break;
    }
    case 'textcard': {
      if (!sub) throw err('EMPTY_CONTENT');
      if (!nonEmpty(sub['title'])) throw err('TITLE_MISSING');
      if (!nonEmpty(sub['description'])) throw err('DESCRIPTION_MISSING');
      if (!nonEmpty(sub['url'])) throw err('URL_MISSING');
      checkUrl(sub['url']);
      // btntxt: at most 4 characters, "超过自动截断" — longer text is cut, not refused (developer.work.weixin.qq.com/document/path/90236).
      const given = str(sub['btntxt']);
      const btntxt = given !== undefined && charLength(given) > 4 ? cutChars(given, 4) : given;
      content = {
        title: cutChars(sub['title'], 128),
        description: cutChars(sub['description'], 512),
        url: sub['url'],
        btntxt: btntxt && btntxt.length > 0 ? btntxt : '详情',
      };
      break;
    }
    case 'news':
      content = { articles: checkArticles(sub?.['articles'], false, env) };
      break;
    case 'mpnews':
      content = { articles: checkArticles(sub?.['articles'], true, env) };
      break;
    case 'miniprogram_notice':
      content = checkMiniprogramNotice(sub);
      break;
    default: {
      const checked = checkTemplateCard(sub, env);
      content = checked.content;
      card = checked.card;
    }
  }
  return { msgtype, content, card };
}

function checkMiniprogramNotice(sub: Obj | undefined): Obj {
  if (!sub) throw err('EMPTY_CONTENT');
  if (!nonEmpty(sub['appid'])) throw err('MINIPROGRAM_APPID_MISSING');
  // A mini program appid is wx + 16 hex characters; linking to the app is not simulated (90206 never answered).
  if (!/^wx[0-9a-f]{16}$/i.test(sub['appid'])) throw err('INVALID_MINIPROGRAM_APPID');
  if (!nonEmpty(sub['title'])) throw err('TITLE_MISSING');
  const items = arr(sub['content_item']) ?? [];
  // content_item: at most 10, key ≤10 and value ≤30 characters (doc path/90236; errcodes 90201–90203).
  if (items.length > 10) throw err('MINIPROGRAM_NOTICE_TOO_MANY_ITEMS');
  for (const raw of items) {
    const it = obj(raw) ?? {};
    const key = str(it['key']) ?? '';
    const value = str(it['value']) ?? '';
    if (key.length === 0 || charLength(key) > 10) throw err('INVALID_MINIPROGRAM_NOTICE_KEY_LENGTH');
    if (value.length === 0 || charLength(value) > 30) throw err('INVALID_MINIPROGRAM_NOTICE_VALUE_LENGTH');
  }
  return { ...sub, title: cutChars(sub['title'], 12), content_item: items };
}

const CARD_TYPES = ['text_notice', 'news_notice', 'button_interaction', 'vote_interaction', 'multiple_interaction'];

function checkCardAction(action: Obj | undefined, required: boolean): void {
  if (!action) {
    if (required) throw err('INVALID_TEMPLATE_CARD_ACTION');
    return;
  }
  const type = action['type'];
  if (type === 1) {
    if (!nonEmpty(action['url'])) throw err('TEMPLATE_CARD_URL_MISSING');
  } else if (type === 2) {
    if (!nonEmpty(action['appid'])) throw err('TEMPLATE_CARD_APPID_MISSING');
  } else if (!(type === 0 && !required)) throw err('INVALID_TEMPLATE_CARD_ACTION');
}

function checkOptions(list: unknown, max: number): string[] {
  const options = arr(list);
  if (!options || options.length === 0 || options.length > max) throw err('INVALID_TEMPLATE_CARD_OPTION_LIST_SIZE');
  const ids = new Set<string>();
  for (const raw of options) {
    const o = obj(raw) ?? {};
    if (!nonEmpty(o['id']) || ids.has(o['id'])) throw err('INVALID_TEMPLATE_CARD_OPTION_ID');
    ids.add(o['id']);
    if (!nonEmpty(o['text'])) throw err('INVALID_TEMPLATE_CARD_OPTION_TEXT');
  }
  return [...ids];
}

function checkSubmit(sub: Obj | undefined): string {
  if (!sub) throw err('INVALID_TEMPLATE_CARD_SUBMIT_KEY');
  if (!nonEmpty(sub['text'])) throw err('INVALID_TEMPLATE_CARD_SUBMIT_TEXT');
  if (!nonEmpty(sub['key'])) throw err('INVALID_TEMPLATE_CARD_SUBMIT_KEY');
  return sub['key'];
}

/** A list of a template card: at most `max` items (else `tooMany`), each read as an object and checked by `check`. */
function cardList(list: unknown, max: number, tooMany: ErrName, check: (item: Obj) => void): void {
  const items = arr(list) ?? [];
  if (items.length > max) throw err(tooMany);
  for (const raw of items) check(obj(raw) ?? {});
}

/** A template card (doc path/90236 template_card; codes 42027–42051). */
export function checkTemplateCard(sub: Obj | undefined, env: BodyEnv): { content: Obj; card: CardInfo } {
  if (!sub) throw err('EMPTY_CONTENT');
  const cardType = sub['card_type'];
  if (typeof cardType !== 'string' || !CARD_TYPES.includes(cardType)) throw err('INVALID_TEMPLATE_CARD_TYPE');
  const keys: string[] = [];
  const mainTitle = obj(sub['main_title']);
  const title = mainTitle?.['title'];
  if (cardType === 'text_notice') {
    // text_notice: main_title.title or sub_title_text must be given.
    if (!nonEmpty(title) && !nonEmpty(sub['sub_title_text'])) throw err('TEMPLATE_CARD_TITLE_MISSING');
  } else if (!nonEmpty(title)) throw err('TEMPLATE_CARD_TITLE_MISSING');

  cardList(sub['horizontal_content_list'], 6, 'INVALID_TEMPLATE_CARD_HORIZONTAL_LIST_SIZE', (h) => {
    if (!nonEmpty(h['keyname'])) throw err('TEMPLATE_CARD_KEYNAME_MISSING');
    if (h['type'] === 1 && !nonEmpty(h['url'])) throw err('TEMPLATE_CARD_URL_MISSING');
    if (h['type'] === 2 && !nonEmpty(h['media_id'])) throw err('TEMPLATE_CARD_MEDIA_ID_MISSING');
    if (h['type'] === 3 && (!nonEmpty(h['userid']) || !env.userExists(h['userid']))) throw err('INVALID_TEMPLATE_CARD_HORIZONTAL_USERID');
  });
  cardList(sub['jump_list'], 3, 'INVALID_TEMPLATE_CARD_JUMP_LIST_SIZE', (j) => {
    if (!nonEmpty(j['title'])) throw err('TEMPLATE_CARD_TITLE_MISSING');
    if (j['type'] === 1 && !nonEmpty(j['url'])) throw err('TEMPLATE_CARD_URL_MISSING');
    if (j['type'] === 2 && !nonEmpty(j['appid'])) throw err('TEMPLATE_CARD_APPID_MISSING');
  });
  cardList(sub['vertical_content_list'], 4, 'INVALID_TEMPLATE_CARD_VERTICAL_LIST_SIZE', () => {});

  const menu = obj(sub['action_menu']);
  if (menu) {
    const actions = arr(menu['action_list']) ?? [];
    const seen = new Set<string>();
    for (const raw of actions) {
      const a = obj(raw) ?? {};
      if (!nonEmpty(a['text'])) throw err('INVALID_TEMPLATE_CARD_BUTTON_TEXT');
      if (!nonEmpty(a['key'])) throw err('INVALID_TEMPLATE_CARD_BUTTON_KEY');
      if (seen.has(a['key'])) throw err('TEMPLATE_CARD_ACTION_MENU_KEY_CONFLICT');
      seen.add(a['key']);
      keys.push(a['key']);
    }
  }

  switch (cardType) {
    case 'text_notice':
      checkCardAction(obj(sub['card_action']), true);
      break;
    case 'news_notice': {
      checkCardAction(obj(sub['card_action']), true);
      const image = obj(sub['card_image']);
      if (image && !nonEmpty(image['url'])) throw err('INVALID_TEMPLATE_CARD_IMAGE_URL');
      break;
    }
    case 'button_interaction': {
      checkCardAction(obj(sub['card_action']), false);
      const buttons = arr(sub['button_list']);
      if (!buttons || buttons.length === 0 || buttons.length > 6) throw err('INVALID_TEMPLATE_CARD_BUTTON_TEXT');
      for (const raw of buttons) {
        const b = obj(raw) ?? {};
        if (!nonEmpty(b['text'])) throw err('INVALID_TEMPLATE_CARD_BUTTON_TEXT');
        // type 1 buttons open a URL; the others report their key.
        if (b['type'] === 1) {
          if (!nonEmpty(b['url'])) throw err('TEMPLATE_CARD_URL_MISSING');
        } else {
          if (!nonEmpty(b['key'])) throw err('INVALID_TEMPLATE_CARD_BUTTON_KEY');
          keys.push(b['key']);
        }
      }
      break;
    }
    case 'vote_interaction': {
      const box = obj(sub['checkbox']);
      if (!box || !nonEmpty(box['question_key'])) throw err('INVALID_TEMPLATE_CARD_QUESTION_KEY');
      checkOptions(box['option_list'], 20);
      keys.push(checkSubmit(obj(sub['submit_button'])));
      break;
    }
    default: {
      const selects = arr(sub['select_list']);
      if (!selects || selects.length === 0 || selects.length > 3) throw err('INVALID_TEMPLATE_CARD_SELECT_LIST_SIZE');
      const qkeys = new Set<string>();
      for (const raw of selects) {
        const s = obj(raw) ?? {};
        if (!nonEmpty(s['question_key']) || qkeys.has(s['question_key'])) throw err('INVALID_TEMPLATE_CARD_QUESTION_KEY');
        qkeys.add(s['question_key']);
        checkOptions(s['option_list'], 10);
      }
      keys.push(checkSubmit(obj(sub['submit_button'])));
    }
  }
  const interactive = cardType.endsWith('_interaction') || menu !== undefined;
  const taskId = str(sub['task_id']);
  // task_id is required for interactive cards (and notices with action_menu); ≤128 bytes of [0-9a-zA-Z_-@].
  if (interactive && (!nonEmpty(taskId) || !/^[0-9a-zA-Z_\-@]{1,128}$/.test(taskId))) throw err('TEMPLATE_CARD_KEYNAME_MISSING');
  return { content: { ...sub }, card: { card_type: cardType, task_id: taskId, keys, interactive } };
}

// ---- recipients ----

export interface RecipientLists {
  all: boolean;
  users: string[];
  parties: number[];
  tags: number[];
  /** Empty or malformed entries, as given: answered in invaliduser / invalidparty / invalidtag. */
  bad: { users: string[]; parties: string[]; tags: string[] };
}

const USERID = /^[0-9A-Za-z_\-@.]{1,64}$/;

function splitList(v: unknown): string[] {
  if (typeof v !== 'string' || v.length === 0) return [];
  return v.split('|');
}

/**
 * touser / toparty / totag parsed. `@all` in touser = everyone (toparty/totag ignored). An empty entry
 * ("a||b", a leading or trailing "|") or a malformed id is one more invalid recipient: listed in
 * invaliduser / invalidparty / invalidtag while the send goes on (some recipients invalid: the send goes on,
 * developer.work.weixin.qq.com/document/path/90236); all invalid → 81013.
 * Counts over 1,000 users → 40032, over 100 departments → 82002, over 100 tags → 82003.
 */
export function parseRecipients(body: Obj): RecipientLists {
  if (body['touser'] === '@all') return { all: true, users: [], parties: [], tags: [], bad: { users: [], parties: [], tags: [] } };
  const users = splitList(body['touser']);
  const parties = splitList(body['toparty']);
  const tags = splitList(body['totag']);
  if (users.length === 0 && parties.length === 0 && tags.length === 0) throw err('ALL_RECIPIENTS_EMPTY');
  if (users.length > B.message_touser.max) throw err('INVALID_USERID_LIST_LENGTH');
  if (parties.length > B.message_toparty.max) throw err('INVALID_PARTY_LIST_LENGTH');
  if (tags.length > B.message_totag.max) throw err('INVALID_TAG_LIST_LENGTH');
  const num = (s: string) => /^\d{1,10}$/.test(s) && Number(s) <= 4294967295;
  return {
    all: false,
    users: users.filter((u) => USERID.test(u)),
    parties: parties.filter(num).map(Number),
    tags: tags.filter(num).map(Number),
    bad: { users: users.filter((u) => !USERID.test(u)), parties: parties.filter((p) => !num(p)), tags: tags.filter((t) => !num(t)) },
  };
}
