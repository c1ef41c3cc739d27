import { err } from '../../core/errors/index.js';
import { defineRoutes, type Ctx } from '../types.js';
import { GroupCipher, encryptRandomKey, randomKeyFor } from './cipher.js';
import { decodeSdkFileId, mediaBytes } from './media.js';
import { checkAgreeQuery, checkPullLimit, parseIndexBuf, requireArchive } from './rules.js';
import type { AgreeStatus, MsgauditState } from './state.js';

/** Records sharing one random key (RSA is the costly step; see message_getchatdata's description). */
const KEY_GROUP = 32;
const RK_CACHE_MAX = 65_536;

function encryptedKey(s: MsgauditState, version: number, seq: number): { rk: Buffer; enc: string } {
  const group = Math.floor(seq / KEY_GROUP);
  const cacheKey = `${version}:${group}`;
  let hit = s.rkCache.get(cacheKey);
  if (hit === undefined) {
    const rk = randomKeyFor(s.secret, group);
    const key = s.keyOf(version);
    // A record archived before any key was registered has no encrypted key (the SDK answers 10007/10008).
    hit = { rk: Buffer.from(rk, 'latin1'), enc: key ? encryptRandomKey(key.key, rk) : '' };
    if (s.rkCache.size >= RK_CACHE_MAX) s.rkCache.clear();
    s.rkCache.set(cacheKey, hit);
  }
  return hit;
}

/** One pulled record (the JSON object of `chatdata[]`). */
export interface ChatDatum {
  seq: number;
  msgid: string;
  publickey_ver: number;
  encrypt_random_key: string;
  encrypt_chat_msg: string;
}

/** Reads chat records after `seq` (shared by the route and the benchmark). */
export function pullChatData(s: MsgauditState, nowMs: number, seq: number, limit: number): ChatDatum[] {
  s.prune(nowMs);
  const windowStart = nowMs - s.pullWindowSeconds * 1000;
  const out: ChatDatum[] = [];
  // Records of one key group share a random key, so they share one AES context (see GroupCipher).
  let group = -1;
  let cipher: GroupCipher | undefined;
  for (let i = s.indexAfter(seq); i < s.size && out.length < limit; i++) {
    // Records older than the pull window cannot be pulled any more (doc path/91774: 5 days).
    if (s.timeAt(i) < windowStart) continue;
    const recSeq = s.seqAt(i);
    const version = s.versionAt(i);
    const json = s.render(i);
    const { rk, enc } = encryptedKey(s, version, recSeq);
    const g = Math.floor(recSeq / KEY_GROUP);
    if (g !== group || cipher === undefined) {
      group = g;
      cipher = new GroupCipher(rk, recSeq, (g + 1) * KEY_GROUP - recSeq);
    }
    const at = json.indexOf('"msgid":"');
    const msgid = at < 0 ? '' : json.slice(at + 9, json.indexOf('"', at + 9));
    out.push({ seq: recSeq, msgid, publickey_ver: version, encrypt_random_key: enc, encrypt_chat_msg: cipher.encrypt(recSeq, json) });
  }
  return out;
}

/** A consent as check_*_agree answer it: never asked → Default_Agree at time 0. */
const agreeOf = (a: { status: AgreeStatus; time: number } | undefined): { status_change_time: number; agree_status: AgreeStatus | 'Default_Agree' } =>
  a ? { status_change_time: Math.floor(a.time / 1000), agree_status: a.status } : { status_change_time: 0, agree_status: 'Default_Agree' };

export const msgauditRoutes = defineRoutes({
  message_getchatdata: (ctx) => {
    const s = requireArchive(ctx);
    const body = ctx.body;
    const limit = body.limit ?? 1000;
    checkPullLimit(limit);
    return { chatdata: pullChatData(s, ctx.clock.nowMs(), body.seq, limit) };
  },

  // The older path of the same pull (external-contact/getchatmsg, as older archive SDKs call it; doc path/91774).
  external_contact_getchatmsg: (ctx) => {
    const s = requireArchive(ctx);
    const limit = ctx.body.limit ?? 1000;
    checkPullLimit(limit);
    return { chatdata: pullChatData(s, ctx.clock.nowMs(), ctx.body.seq, limit) };
  },

  message_getchatmediadata: (ctx) => {
    const s = requireArchive(ctx);
    const body = ctx.body;
    const m = decodeSdkFileId(s.secret, body.sdkfileid);
    if (!m) throw err('INVALID_MEDIA_ID');
    const { start, end } = parseIndexBuf(body.indexbuf, m.size);
    const finished = end >= m.size;
    const next = Math.min(m.size, end + (end - start || 1)) - 1;
    return {
      data: mediaBytes(s.secret, m, start, end).toString('base64'),
      outindexbuf: finished ? '' : `Range:bytes=${end}-${Math.max(end, next)}`,
      is_finish: finished ? 1 : 0,
    };
  },

  msgaudit_get_permit_user_list: (ctx) => {
    const s = requireArchive(ctx);
    const type = ctx.body.type;
    const ids = [...s.permit].filter(([u, t]) => s.isActive(u) && (type === undefined || t === type)).map(([u]) => u);
    return { ids };
  },

  msgaudit_check_single_agree: (ctx) => {
    const s = requireArchive(ctx);
    const { info } = ctx.body;
    checkAgreeQuery(info.length);
    for (const p of info) if (!s.hasMember(p.userid)) throw err('MSGAUDIT_USER_NOT_FOUND');
    return {
      agreeinfo: info.map((p) => {
        const a = agreeOf(s.singleAgree.get(`${p.userid}|${p.exteranalopenid}`));
        return { status_change_time: a.status_change_time, userid: p.userid, exteranalopenid: p.exteranalopenid, agree_status: a.agree_status };
      }),
    };
  },

  msgaudit_check_room_agree: (ctx) => {
    const s = requireArchive(ctx);
    const room = s.rooms.get(ctx.body.roomid);
    // An unknown roomid: WeCom's answer is undocumented; 86001 is its invalid-chatid code.
    if (!room) throw err('INVALID_CHATID');
    return {
      agreeinfo: [...room.externals].map((e) => {
        const a = agreeOf(s.roomAgree.get(e));
        return { status_change_time: a.status_change_time, exteranalopenid: e, agree_status: a.agree_status };
      }),
    };
  },

  msgaudit_groupchat_get: (ctx) => {
    const s = requireArchive(ctx);
    const room = s.rooms.get(ctx.body.roomid);
    if (!room) throw err('INVALID_CHATID');
    // Groups with customers are not described (301059 非内部群不返回数据).
    if (room.externals.size > 0) throw err('MSGAUDIT_NOT_INTERNAL_GROUP');
    return { roomname: room.roomname, creator: room.creator, room_create_time: room.room_create_time, notice: room.notice, members: room.members };
  },

  msgaudit_get_robot_info: (ctx) => {
    const s = requireArchive(ctx);
    const robot = s.robots.get(ctx.query.robot_id);
    // An unknown robot: undocumented; the closest documented code is 40058.
    if (!robot) throw err('INVALID_PARAMETER');
    return { data: { ...robot } };
  },
});
