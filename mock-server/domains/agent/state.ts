/**
 * What the agent domain keeps per corp besides the apps themselves (core/tenancy AppState holds name, visible
 * range and trusted domain): the settings agent/set changes, each app's menu and its workbench template.
 */
import type { CorpSeed } from '../../../fixtures/types.js';
import { userKey } from '../contacts/index.js';
import { snapshotClass } from '../../core/runtime/graph.js';

/** agent/set's fields that AppState does not hold (doc path/90228). */
export interface AppProfile {
  description: string;
  square_logo_url: string;
  home_url: string;
  isreportenter: 0 | 1;
  report_location_flag: 0 | 1;
}

/** A menu button as menu/create takes it and menu/get answers it (doc path/90231). */
export interface MenuButton {
  type?: string;
  name: string;
  key?: string;
  url?: string;
  pagepath?: string;
  appid?: string;
  sub_button?: MenuButton[];
}

export type WorkbenchType = 'normal' | 'keydata' | 'image' | 'list' | 'webview';

/** One template type's object (keydata / image / list / webview), kept as WeCom takes it. */
export type WorkbenchContent = Record<string, unknown>;

export interface Workbench {
  type: WorkbenchType;
  content: WorkbenchContent | undefined;
  replace_user_data: boolean;
  /** userid key → the member's data of the template type (set_workbench_data). */
  userData: Map<string, { type: WorkbenchType; content: WorkbenchContent }>;
}

/** The member events a menu button raises, and the button type that raises each (doc path/90240). */
export const MENU_EVENT_TYPES = ['click', 'view', 'scancode_push', 'scancode_waitmsg', 'pic_sysphoto', 'pic_photo_or_album', 'pic_weixin', 'location_select'] as const;

/** The demo menu of a typical corp's apps: one button of each kind a member can click (keys as the simulation's defaults). */
function demoMenu(): MenuButton[] {
  return [
    { type: 'click', name: '今日待办', key: 'MENU_KEY' },
    {
      name: '工具',
      sub_button: [
        { type: 'scancode_push', name: '扫码', key: 'SCAN_KEY' },
        { type: 'scancode_waitmsg', name: '扫码等待', key: 'SCAN_WAIT_KEY' },
        { type: 'pic_sysphoto', name: '拍照', key: 'PIC_KEY' },
        { type: 'pic_photo_or_album', name: '拍照或相册', key: 'PIC_ALBUM_KEY' },
        { type: 'pic_weixin', name: '相册', key: 'PIC_WEIXIN_KEY' },
      ],
    },
    {
      name: '更多',
      sub_button: [
        { type: 'view', name: '官网', url: 'https://work.weixin.qq.com/' },
        { type: 'location_select', name: '发送位置', key: 'LOCATION_KEY' },
      ],
    },
  ];
}

export class AgentState {
  readonly profiles = new Map<number, AppProfile>();
  readonly menus = new Map<number, MenuButton[]>();
  readonly workbench = new Map<number, Workbench>();

  constructor(seed: CorpSeed, scenario: string) {
    if (scenario === 'empty') return;
    for (const app of seed.apps) this.menus.set(app.agentid, demoMenu());
  }

  profile(agentid: number): AppProfile {
    let p = this.profiles.get(agentid);
    if (!p) {
      p = { description: '', square_logo_url: `https://wework.qpic.cn/wwpic/${agentid}/0`, home_url: '', isreportenter: 0, report_location_flag: 0 };
      this.profiles.set(agentid, p);
    }
    return p;
  }

  workbenchOf(agentid: number): Workbench {
    let w = this.workbench.get(agentid);
    if (!w) {
      w = { type: 'normal', content: undefined, replace_user_data: false, userData: new Map() };
      this.workbench.set(agentid, w);
    }
    return w;
  }

  /**
   * The read interface the callbacks simulation uses (POST /__mock/simulate/event): may a member raise `event`
   * of the app's menu with `eventKey` (the button's key, or its url for view)? A member can only click what the
   * menu shows (doc path/90240, 90231). Answers the EventKey to send (the first such button when none is asked),
   * a refusal to report, or undefined when `event` is no menu event.
   */
  menuClick(agentid: number, event: string, eventKey: string | undefined): { eventKey: string } | { refusal: string } | undefined {
    if (!(MENU_EVENT_TYPES as readonly string[]).includes(event)) return undefined;
    const menu = this.menus.get(agentid);
    if (!menu) return { refusal: `app ${agentid} has no menu: publish one with menu/create first` };
    const keys = menu
      .flatMap((top) => (top.sub_button?.length ? top.sub_button : [top]))
      .filter((b) => b.type === event)
      .map((b) => (event === 'view' ? b.url : b.key) ?? '');
    if (keys.length === 0) return { refusal: `the menu of app ${agentid} has no ${event} button` };
    if (eventKey === undefined) return { eventKey: keys[0]! };
    if (!keys.includes(eventKey)) return { refusal: `the menu of app ${agentid} has no ${event} button ${JSON.stringify(eventKey)} (it has ${keys.map((k) => JSON.stringify(k)).join(', ')})` };
    return { eventKey };
  }

  /** Workbench data of one member (the control plane shows it). */
  memberWorkbench(agentid: number, userid: string): { type: WorkbenchType; content: WorkbenchContent } | undefined {
    return this.workbench.get(agentid)?.userData.get(userKey(userid));
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(AgentState);
