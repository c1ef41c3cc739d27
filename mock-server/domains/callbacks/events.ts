/**
 * The events this domain emits (simulated member actions and visible-range changes), as the objects
 * that go into the corp's event stream: WeCom's element names, no envelope header except the routing
 * pair `FromUserName` (the member who acted) and `AgentID` (the app addressed) — see routing.ts.
 * Field lists: doc path/90239 (messages), doc path/90240 (events), wenerme/go-wecom wecom/testdata/push/*.xml.
 */
import type { Rng } from '../../core/runtime/rng.js';

export const MESSAGE_TYPES = ['text', 'image', 'voice', 'video', 'location', 'link'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** Events of an app's menu: each button type sends the event of its name (doc path/90240, 90231). */
export const MENU_EVENTS = ['click', 'view', 'scancode_push', 'scancode_waitmsg', 'pic_sysphoto', 'pic_photo_or_album', 'pic_weixin', 'location_select'] as const;

/** Events a member triggers in an app (doc path/90240). */
export const MEMBER_EVENTS = ['subscribe', 'unsubscribe', 'enter_agent', 'LOCATION', ...MENU_EVENTS, 'template_card_event'] as const;

/** System events the simulator can also raise (normally emitted by other domains). */
export const SYSTEM_EVENTS = ['batch_job_result', 'msgaudit_notify', 'change_external_contact', 'change_external_chat', 'change_external_tag'] as const;

export type SimEvent = (typeof MEMBER_EVENTS)[number] | (typeof SYSTEM_EVENTS)[number];

/** A 64-bit MsgId as WeCom writes it: up to 19 decimal digits, below 2^63 (doc path/90239). */
export function newMsgId(rng: Rng): string {
  return String(1 + rng.int(8)) + rng.string(18, '0123456789');
}

function mediaId(rng: Rng): string {
  return rng.string(64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-');
}

/** The body fields of an inbound message with plausible defaults (doc path/90239; MsgId is added by the caller). */
export function messageTemplate(type: MessageType, rng: Rng): Record<string, unknown> {
  switch (type) {
    case 'text':
      return { Content: 'hello' };
    case 'image':
      return { PicUrl: `https://wework.qpic.cn/wwpic/${rng.hex(24)}/0`, MediaId: mediaId(rng) };
    case 'voice':
      return { MediaId: mediaId(rng), Format: 'amr' };
    case 'video':
      return { MediaId: mediaId(rng), ThumbMediaId: mediaId(rng) };
    case 'location':
      // doc path/90239: AppType wxwork marks a message sent from the WeCom client.
      return { Location_X: 23.134, Location_Y: 113.358, Scale: 20, Label: '广州市海珠区', AppType: 'wxwork' };
    case 'link':
      return { Title: 'title', Description: 'description', Url: 'https://work.weixin.qq.com/', PicUrl: `https://wework.qpic.cn/wwpic/${rng.hex(24)}/0` };
  }
}

/** The body fields of an event with plausible defaults (doc path/90240, 92130, wenerme/go-wecom wecom/testdata/push). */
/** undefined when `changeType` is not one of the event's ChangeTypes. */
export function eventTemplate(event: SimEvent, rng: Rng, changeType?: string): Record<string, unknown> | undefined {
  switch (event) {
    case 'subscribe':
    case 'unsubscribe':
      return {};
    case 'enter_agent':
      // wenerme/go-wecom wecom/testdata/push/EnterAgent.xml: an empty EventKey.
      return { EventKey: '' };
    case 'LOCATION':
      return { Latitude: 23.104, Longitude: 113.32, Precision: 65, AppType: 'wxwork' };
    case 'click':
      return { EventKey: 'MENU_KEY' };
    case 'view':
      return { EventKey: 'https://work.weixin.qq.com/' };
    case 'scancode_push':
    case 'scancode_waitmsg':
      return { EventKey: 'SCAN_KEY', ScanCodeInfo: { ScanType: 'qrcode', ScanResult: `https://work.weixin.qq.com/q/${rng.hex(12)}` } };
    case 'pic_sysphoto':
    case 'pic_photo_or_album':
    case 'pic_weixin':
      return { EventKey: 'PIC_KEY', SendPicsInfo: { Count: 1, PicList: { item: [{ PicMd5Sum: rng.hex(32) }] } } };
    case 'location_select':
      return {
        EventKey: 'LOCATION_KEY',
        SendLocationInfo: { Location_X: 23.134, Location_Y: 113.358, Scale: 15, Label: '广州市海珠区', Poiname: '广州塔' },
      };
    case 'template_card_event':
      return {
        EventKey: 'button_key',
        TaskId: `task${rng.hex(12)}`,
        CardType: 'vote_interaction',
        ResponseCode: rng.string(43),
        SelectedItems: { SelectedItem: [{ QuestionKey: 'question', OptionIds: { OptionId: ['option1'] } }] },
      };
    case 'batch_job_result':
      return { BatchJob: { JobId: rng.string(43), JobType: 'sync_user', ErrCode: 0, ErrMsg: 'ok' } };
    case 'msgaudit_notify':
      return {};
    case 'change_external_contact':
      return externalContactTemplate(changeType ?? 'add_external_contact', rng);
    case 'change_external_chat':
      return externalChatTemplate(changeType ?? 'create', rng);
    case 'change_external_tag':
      return externalTagTemplate(changeType ?? 'create', rng);
  }
}

export const EXTERNAL_CONTACT_CHANGES = [
  'add_external_contact',
  'edit_external_contact',
  'add_half_external_contact',
  'del_external_contact',
  'del_follow_user',
  'transfer_fail',
] as const;
export const EXTERNAL_CHAT_CHANGES = ['create', 'update', 'dismiss'] as const;
export const EXTERNAL_TAG_CHANGES = ['create', 'update', 'delete', 'shuffle'] as const;

/** change_external_contact (doc path/92130, wenerme/go-wecom wecom/testdata/push/ChangeExternalContact*.xml); UserID is filled by the caller. */
function externalContactTemplate(changeType: string, rng: Rng): Record<string, unknown> | undefined {
  const ids = { UserID: '', ExternalUserID: `wm${rng.string(30)}` };
  switch (changeType) {
    case 'add_external_contact':
    case 'add_half_external_contact':
      return { ChangeType: changeType, ...ids, State: '', WelcomeCode: rng.string(43) };
    case 'edit_external_contact':
    case 'del_external_contact':
    case 'del_follow_user':
      return { ChangeType: changeType, ...ids };
    case 'transfer_fail':
      return { ChangeType: changeType, FailReason: 'customer_refused', ...ids };
    default:
      return undefined;
  }
}

/** change_external_chat (wenerme/go-wecom wecom/testdata/push/ChangeExternalChat*.xml). */
function externalChatTemplate(changeType: string, rng: Rng): Record<string, unknown> | undefined {
  const chat = { ChatId: `wr${rng.string(30)}` };
  switch (changeType) {
    case 'create':
    case 'dismiss':
      return { ...chat, ChangeType: changeType };
    case 'update':
      return { ...chat, ChangeType: changeType, UpdateDetail: 'add_member', JoinScene: 1, QuitScene: 0, MemChangeCnt: 1 };
    default:
      return undefined;
  }
}

/** change_external_tag (wenerme/go-wecom wecom/testdata/push/ChangeExternalTag*.xml); shuffle concerns a whole tag group. */
function externalTagTemplate(changeType: string, rng: Rng): Record<string, unknown> | undefined {
  switch (changeType) {
    case 'create':
    case 'update':
    case 'delete':
      return { Id: `et${rng.string(30)}`, TagType: 'tag', ChangeType: changeType };
    case 'shuffle':
      return { Id: `et${rng.string(30)}`, ChangeType: changeType };
    default:
      return undefined;
  }
}

/** subscribe / unsubscribe for members entering or leaving an app's visible range (doc path/90240). */
export function visibleRangeEvents(agentid: number, before: ReadonlySet<string>, after: ReadonlySet<string>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const u of before) if (!after.has(u)) out.push({ Event: 'unsubscribe', FromUserName: u, AgentID: agentid });
  for (const u of after) if (!before.has(u)) out.push({ Event: 'subscribe', FromUserName: u, AgentID: agentid });
  return out;
}
