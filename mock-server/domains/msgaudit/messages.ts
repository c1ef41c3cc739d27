/**
 * The decrypted archive messages (doc path/91774; field names as WeCom's, schemas in
 * spec/components/schemas/archive/). Pure: a message is built from a seeded Rng, pools of words and the
 * participants, so a generated record can be rebuilt from (batch, ordinal) when it is pulled.
 */
import { Rng } from '../../core/runtime/rng.js';

/** Every msgtype of doc path/91774, plus the switch record (no msgtype). */
export const MSGTYPES = [
  'text', 'image', 'revoke', 'agree', 'disagree', 'voice', 'video', 'card', 'location', 'emotion', 'file', 'link',
  'weapp', 'chatrecord', 'todo', 'vote', 'collect', 'redpacket', 'meeting', 'docmsg', 'markdown', 'news', 'calendar',
  'mixed', 'meeting_voice_call', 'voip_doc_share', 'sphfeed', 'switch',
] as const;
export type Msgtype = (typeof MSGTYPES)[number];

/** Types whose object names a downloadable file. */
export const MEDIA_TYPES: ReadonlySet<string> = new Set(['image', 'voice', 'video', 'emotion', 'file', 'meeting_voice_call', 'voip_doc_share']);

/** Words and names a batch draws from (built once with seeded faker). */
export interface Pools {
  sentences: string[];
  names: string[];
  companies: string[];
  addresses: string[];
  titles: string[];
}

/** A file the archive can serve: what its record carries. */
export interface MediaRef {
  sdkfileid: string;
  md5sum: string;
  filesize: number;
}

export interface MessageInput {
  msgtype: Msgtype;
  msgid: string;
  /** ms */
  msgtime: number;
  from: string;
  tolist: string[];
  roomid: string;
  rng: Rng;
  pools: Pools;
  /** Issues a file of `size` bytes (a default size when undefined). */
  media(kind: string, size: number | undefined): MediaRef;
  size?: number | undefined;
  pre_msgid?: string | undefined;
  /** Overrides of the type object's fields. */
  content?: Record<string, unknown> | undefined;
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]!;

/** Builds one decrypted message (a plain JSON object). */
export function buildMessage(m: MessageInput): Record<string, unknown> {
  const { rng, pools } = m;
  const sec = Math.floor(m.msgtime / 1000);
  if (m.msgtype === 'switch') {
    // A member switched the enterprise WeChat account (doc path/91774: no msgtype, `time` and `user`).
    return { msgid: m.msgid, action: 'switch', time: m.msgtime, user: m.from };
  }
  const head: Record<string, unknown> = {
    msgid: m.msgid,
    action: m.msgtype === 'revoke' ? 'recall' : 'send',
    from: m.from,
    tolist: m.tolist,
    roomid: m.roomid,
    msgtime: m.msgtime,
    msgtype: m.msgtype,
  };
  const sentence = () => pick(rng, pools.sentences);
  const title = () => pick(rng, pools.titles);
  const media = (kind: string) => m.media(kind, m.size);
  const url = () => `https://work.weixin.qq.com/${rng.hex(12)}`;
  let key: string = m.msgtype;
  let body: Record<string, unknown>;
  switch (m.msgtype) {
    case 'text':
      body = { content: sentence() };
      break;
    case 'image': {
      const f = media('image');
      body = { sdkfileid: f.sdkfileid, md5sum: f.md5sum, filesize: f.filesize };
      break;
    }
    case 'revoke':
      body = { pre_msgid: m.pre_msgid ?? '' };
      break;
    case 'agree':
      body = { userid: m.from, agree_time: m.msgtime };
      break;
    case 'disagree':
      body = { userid: m.from, disagree_time: m.msgtime };
      break;
    case 'voice': {
      const f = media('voice');
      body = { sdkfileid: f.sdkfileid, voice_size: f.filesize, play_length: 1 + rng.int(60), md5sum: f.md5sum };
      break;
    }
    case 'video': {
      const f = media('video');
      body = { sdkfileid: f.sdkfileid, filesize: f.filesize, play_length: 1 + rng.int(300), md5sum: f.md5sum };
      break;
    }
    case 'card':
      body = { corpname: pick(rng, pools.companies), userid: pick(rng, m.tolist.length > 0 ? m.tolist : [m.from]) };
      break;
    case 'location':
      body = {
        longitude: 113 + rng.int(1000) / 1000,
        latitude: 23 + rng.int(1000) / 1000,
        address: pick(rng, pools.addresses),
        title: title(),
        zoom: 15,
      };
      break;
    case 'emotion': {
      const f = media('emotion');
      body = { type: 1 + rng.int(2), width: 100 + rng.int(200), height: 100 + rng.int(200), imagesize: f.filesize, sdkfileid: f.sdkfileid, md5sum: f.md5sum, title: title() };
      break;
    }
    case 'file': {
      const f = media('file');
      const ext = pick(rng, ['pdf', 'docx', 'xlsx', 'zip', 'txt']);
      body = { filename: `${title()}.${ext}`, fileext: ext, sdkfileid: f.sdkfileid, filesize: f.filesize, md5sum: f.md5sum };
      break;
    }
    case 'link':
      body = { title: title(), description: sentence(), link_url: url(), image_url: `${url()}.png` };
      break;
    case 'weapp':
      body = { title: title(), description: sentence(), username: `gh_${rng.hex(12)}@app`, displayname: pick(rng, pools.companies) };
      break;
    case 'chatrecord':
      body = {
        title: '群聊的聊天记录',
        item: [0, 1].map((i) => ({
          type: 'ChatRecordText',
          msgtime: sec - 60 + i,
          content: JSON.stringify({ content: sentence() }),
          from_chatroom: m.roomid !== '',
        })),
      };
      break;
    case 'todo':
      body = { title: title(), content: sentence() };
      break;
    case 'vote':
      // vote fields are top-level (doc path/91774)
      key = '';
      body = { votetitle: title(), voteitem: ['A', 'B', 'C'], votetype: 101, voteid: `${rng.digits(18)}` };
      break;
    case 'collect':
      body = {
        room_name: title(),
        creator: m.from,
        create_time: new Date(m.msgtime).toISOString().slice(0, 19).replace('T', ' '),
        title: title(),
        details: [
          { id: 1, ques: '姓名', type: 'Text' },
          { id: 2, ques: '人数', type: 'Number' },
        ],
      };
      break;
    case 'redpacket':
      body = { type: 1 + rng.int(3), wish: '恭喜发财，大吉大利', totalcnt: 1 + rng.int(10), totalamount: 100 * (1 + rng.int(200)) };
      break;
    case 'meeting':
      body = {
        topic: title(),
        starttime: sec + 3600,
        endtime: sec + 7200,
        address: pick(rng, pools.addresses),
        remarks: sentence(),
        meetingtype: 101,
        meetingid: Number(rng.digits(15)),
        status: 1,
      };
      break;
    case 'docmsg':
      key = 'doc';
      body = { title: title(), link_url: url(), doc_creator: m.from };
      break;
    case 'markdown':
      key = 'info';
      body = { content: `**${title()}**\n> ${sentence()}` };
      break;
    case 'news':
      key = 'info';
      body = { item: [{ title: title(), description: sentence(), url: url(), picurl: `${url()}.jpg` }] };
      break;
    case 'calendar':
      body = {
        title: title(),
        creatorname: pick(rng, pools.names),
        attendeename: [pick(rng, pools.names), pick(rng, pools.names)],
        starttime: sec + 86400,
        endtime: sec + 90000,
        place: pick(rng, pools.addresses),
        remarks: sentence(),
      };
      break;
    case 'mixed':
      body = {
        item: [
          { type: 'text', content: JSON.stringify({ content: sentence() }) },
          { type: 'text', content: JSON.stringify({ content: sentence() }) },
        ],
      };
      break;
    case 'meeting_voice_call': {
      const f = media('meeting_voice_call');
      head['voiceid'] = rng.hex(32);
      body = {
        endtime: sec,
        sdkfileid: f.sdkfileid,
        demofiledata: [{ filename: `${title()}.pptx`, demooperator: m.from, starttime: sec - 600, endtime: sec - 300 }],
        sharescreendata: [{ share: m.from, starttime: sec - 300, endtime: sec - 60 }],
      };
      break;
    }
    case 'voip_doc_share': {
      const f = media('voip_doc_share');
      head['voipid'] = rng.hex(32);
      body = { filename: `${title()}.docx`, md5sum: f.md5sum, filesize: f.filesize, sdkfileid: f.sdkfileid };
      break;
    }
    case 'sphfeed':
      body = { feed_type: 2 + rng.int(3), sph_name: pick(rng, pools.names), feed_desc: sentence() };
      break;
  }
  if (m.content) body = { ...body, ...m.content };
  if (key === '') return { ...head, ...body };
  head[key] = body;
  return head;
}
