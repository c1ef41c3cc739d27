/** Pure checks of the app-management operations; each throws the errcode WeCom documents. */
import { err, invalidParameter } from '../../core/errors/index.js';
import { MENU_EVENTS } from '../callbacks/index.js';
import type { MenuButton, WorkbenchContent, WorkbenchType } from './state.js';

/** Button types of menu/create (doc path/90231): those that send an event of their name, and mini-program links. */
export const BUTTON_TYPES = new Set<string>([...MENU_EVENTS, 'view_miniprogram']);

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

interface RawButton {
  type?: string | undefined;
  name?: string | undefined;
  key?: string | undefined;
  url?: string | undefined;
  pagepath?: string | undefined;
  appid?: string | undefined;
  sub_button?: unknown[] | undefined;
}

/**
 * One leaf button: name ≤ 16 bytes on the first level and ≤ 40 bytes below (doc path/90231: 主菜单不能超过16字节，
 * 子菜单不能超过40字节), key ≤ 128 bytes, url ≤ 1024 bytes and http(s). Each check has a first-level code
 * and a sub-button code (40017/40024, 40018/40025, 40019/40026, 40020/40027, 40055/40054).
 */
function leaf(b: RawButton, sub: boolean): MenuButton {
  if (!b.name) throw err('BUTTON_NAME_MISSING');
  if (bytes(b.name) > (sub ? 40 : 16)) throw err(sub ? 'INVALID_SUB_BUTTON_NAME_LENGTH' : 'INVALID_BUTTON_NAME_LENGTH');
  if (!b.type || !BUTTON_TYPES.has(b.type)) throw err(sub ? 'INVALID_SUB_BUTTON_TYPE' : 'INVALID_BUTTON_TYPE');
  const out: MenuButton = { type: b.type, name: b.name };
  if (b.type === 'view') {
    if (!b.url) throw err(sub ? 'INVALID_SUB_BUTTON_URL_LENGTH' : 'INVALID_BUTTON_URL_LENGTH');
    if (bytes(b.url) > 1024) throw err(sub ? 'INVALID_SUB_BUTTON_URL_LENGTH' : 'INVALID_BUTTON_URL_LENGTH');
    if (!/^https?:\/\/[^/\s]+/i.test(b.url)) throw err(sub ? 'INVALID_SUB_BUTTON_URL_DOMAIN' : 'INVALID_BUTTON_URL_DOMAIN');
    out.url = b.url;
  } else if (b.type === 'view_miniprogram') {
    // A mini program button opens `pagepath` of `appid` (doc path/90231); without them there is nothing to open.
    if (!b.pagepath || !b.appid) throw invalidParameter('view_miniprogram needs pagepath and appid');
    out.pagepath = b.pagepath;
    out.appid = b.appid;
  } else {
    if (!b.key) throw err('BUTTON_KEY_MISSING');
    if (bytes(b.key) > 128) throw err(sub ? 'INVALID_SUB_BUTTON_KEY_LENGTH' : 'INVALID_BUTTON_KEY_LENGTH');
    out.key = b.key;
  }
  return out;
}

/** A menu of 1–3 buttons, each a leaf or 1–5 sub-buttons of two levels at most (40016, 40023, 40022). */
export function checkMenu(buttons: RawButton[]): MenuButton[] {
  if (buttons.length < 1 || buttons.length > 3) throw err('INVALID_BUTTON_COUNT');
  return buttons.map((b) => {
    if (b.sub_button === undefined) return leaf(b, false);
    if (!b.name) throw err('BUTTON_NAME_MISSING');
    if (bytes(b.name) > 16) throw err('INVALID_BUTTON_NAME_LENGTH');
    if (b.sub_button.length < 1 || b.sub_button.length > 5) throw err('INVALID_SUB_BUTTON_COUNT');
    const subs = (b.sub_button as RawButton[]).map((s) => {
      if (s.sub_button !== undefined) throw err('INVALID_SUB_MENU_LEVEL');
      return leaf(s, true);
    });
    return { name: b.name, sub_button: subs };
  });
}

export const WORKBENCH_TYPES = new Set<WorkbenchType>(['normal', 'keydata', 'image', 'list', 'webview']);

interface WorkbenchInput {
  type: string;
  keydata?: { items?: Array<Record<string, unknown>> | undefined } | undefined;
  image?: Record<string, unknown> | undefined;
  list?: { items?: Array<Record<string, unknown>> | undefined } | undefined;
  webview?: Record<string, unknown> | undefined;
}

function bad(what: string): never {
  throw invalidParameter(`invalid ${what}`);
}

/**
 * The object of a workbench template type (doc path/92535): keydata 1–4 items with key and data, list 1–3
 * items with a title, image and webview a url. Unknown type → 94001; the rest → 40058 (WeCom's code for
 * these is not documented).
 */
export function checkWorkbench(input: WorkbenchInput): { type: WorkbenchType; content: WorkbenchContent | undefined } {
  if (!WORKBENCH_TYPES.has(input.type as WorkbenchType)) throw err('WORKBENCH_INVALID_TYPE');
  const type = input.type as WorkbenchType;
  switch (type) {
    case 'normal':
      return { type, content: undefined };
    case 'keydata': {
      const items = input.keydata?.items;
      if (!items || items.length < 1 || items.length > 4) bad('keydata.items (1 to 4)');
      if (items.some((i) => typeof i['key'] !== 'string' || typeof i['data'] !== 'string')) bad('keydata item (key and data are required)');
      return { type, content: { items } };
    }
    case 'list': {
      const items = input.list?.items;
      if (!items || items.length < 1 || items.length > 3) bad('list.items (1 to 3)');
      if (items.some((i) => typeof i['title'] !== 'string' || !i['title'])) bad('list item (title is required)');
      return { type, content: { items } };
    }
    case 'image':
    case 'webview': {
      const obj = input[type];
      if (!obj || typeof obj['url'] !== 'string' || !obj['url']) bad(`${type}.url`);
      return { type, content: { ...obj } };
    }
  }
}

/** agent/set's text fields (doc path/90228): name 1–32 characters (45022), description 4–120 characters (45004). */
export function checkAppTexts(name: string | undefined, description: string | undefined): void {
  if (name !== undefined && (name.length < 1 || [...name].length > 32)) throw err('INVALID_APP_NAME_LENGTH');
  if (description !== undefined && ([...description].length < 4 || [...description].length > 120)) throw err('INVALID_APP_DESCRIPTION_LENGTH');
}

/** A bare host (name[:port]) for redirect_domain (80001 otherwise: WeCom checks the domain it is given). */
export function checkDomain(domain: string): void {
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:\d{1,5})?$/.test(domain)) {
    throw err('TRUSTED_DOMAIN_INVALID_OR_NO_ICP');
  }
}
