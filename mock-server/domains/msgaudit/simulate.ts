/**
 * Filling the archive: key registration (管理工具 → 设置消息加密公钥), simulated chats and generated
 * history. Called by the control plane; answers AdminError for refused input.
 */
import { ERRCODES } from '../../../spec/generated/errcodes.js';
import { AdminError } from '../../core/control/kit.js';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { Corp } from '../types.js';
import { CORP_CALLER, externalUseridOf, type ExternalContactState } from '../externalcontact/index.js';
import { MEDIA_TYPES, MSGTYPES, buildMessage, type Msgtype } from './messages.js';
import type { ArchiveCast, ArchiveKey } from './state.js';

/** Registers the corp's next public key; without `pem` generates a pair (its private key is answered). */
export function registerKey(corp: Corp, pem: string | undefined, version: number | undefined): ArchiveKey {
  const s = corp.domains.msgaudit;
  let privatePem: string | undefined;
  if (pem === undefined) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
  const bad = (why: string) => new AdminError(400, 'INVALID_RSA_PUBLIC_KEY', `${ERRCODES.INVALID_RSA_PUBLIC_KEY} invalid rsa public key: ${why}`, ERRCODES.INVALID_RSA_PUBLIC_KEY);
  // A private key would also parse as a public one: refuse it, the admin uploads the public half only.
  if (!/-----BEGIN (RSA )?PUBLIC KEY-----/.test(pem) || /PRIVATE KEY/.test(pem)) throw bad('expected a PEM "PUBLIC KEY" or "RSA PUBLIC KEY"');
  let key;
  try {
    key = createPublicKey(pem);
  } catch {
    throw bad('the PEM does not parse');
  }
  if (key.asymmetricKeyType !== 'rsa' || key.asymmetricKeyDetails?.modulusLength !== 2048) throw bad('the key must be RSA 2048-bit');
  const current = s.currentVersion();
  const v = version ?? current + 1;
  if (v <= current) {
    throw new AdminError(400, 'PUBLIC_KEY_VERSION_TOO_LOW', `${ERRCODES.PUBLIC_KEY_VERSION_TOO_LOW} public key version too low: ${v} is not above the current ${current}`, ERRCODES.PUBLIC_KEY_VERSION_TOO_LOW);
  }
  const rec: ArchiveKey = { version: v, pem, key, createdAt: corp.clock.nowMs(), privatePem };
  if (s.keys.length === 0) s.adoptDemoHistory(v);
  s.keys.push(rec);
  return rec;
}

export interface ChatInput {
  kind?: 'single' | 'internal' | 'group' | undefined;
  msgtype?: string | undefined;
  from?: string | undefined;
  tolist?: string[] | undefined;
  roomid?: string | undefined;
  external?: boolean | undefined;
  pre_msgid?: string | undefined;
  content?: Record<string, unknown> | undefined;
  size?: number | undefined;
  notify?: boolean | undefined;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

function notify(corp: Corp): void {
  // New archive data: the 会话存档 callback receives msgaudit_notify (doc path/95039).
  corp.events.push(corp.clock.nowMs(), { Event: 'msgaudit_notify' });
}

/** Archives one simulated message; answers its seq and plaintext. */
export function simulateChat(corp: Corp, input: ChatInput): { seq: number; msgid: string; message: Record<string, unknown> } {
  const s = corp.domains.msgaudit;
  const msgtype = (input.msgtype ?? 'text') as Msgtype;
  if (!(MSGTYPES as readonly string[]).includes(msgtype)) {
    throw new AdminError(400, 'bad_msgtype', `msgtype must be one of ${MSGTYPES.join(', ')}`);
  }
  if (msgtype === 'revoke' && !input.pre_msgid) throw new AdminError(400, 'bad_body', 'revoke needs pre_msgid');
  if (input.size !== undefined && !MEDIA_TYPES.has(msgtype)) throw new AdminError(400, 'bad_body', `size applies to media types only (${[...MEDIA_TYPES].join(', ')})`);
  const rng = s.nextRng();
  const members = s.activeUserids();
  if (members.length === 0) throw new AdminError(409, 'no_members', 'the corp has no active member to chat');
  const member = () => members[rng.int(members.length)]!;
  const customer = () => `wm${rng.string(30, ID_ALPHABET)}`;
  for (const u of [input.from, ...(input.tolist ?? [])]) {
    if (u !== undefined && !/^(wm|wo|wb)/.test(u) && !s.hasMember(u)) throw new AdminError(404, 'unknown_member', `member ${u} does not exist`);
  }
  const kind = input.kind ?? 'single';
  let from: string;
  let tolist: string[];
  let roomid = '';
  let external: boolean;
  if (kind === 'group') {
    let room = input.roomid !== undefined ? s.rooms.get(input.roomid) : undefined;
    if (!room) {
      const people = [...new Set([input.from, ...(input.tolist ?? []), member(), member(), member()].filter((x): x is string => x !== undefined && !/^(wm|wo)/.test(x)))];
      room = s.addRoom(input.roomid ?? `wr${rng.string(30, ID_ALPHABET)}`, people, Math.floor(corp.clock.nowMs() / 1000), s.pools().titles[rng.int(48)]!);
      if (input.external) room.externals.add(/^(wm|wo)/.test(input.from ?? '') ? input.from! : customer());
    }
    if (input.from && /^(wm|wo)/.test(input.from)) room.externals.add(input.from);
    roomid = room.roomid;
    external = room.externals.size > 0;
    const everyone = [...room.members.map((m) => m.memberid), ...room.externals];
    from = input.from ?? everyone[0]!;
    tolist = input.tolist ?? everyone.filter((x) => x !== from);
  } else if (kind === 'internal') {
    external = false;
    from = input.from ?? member();
    tolist = input.tolist ?? [member()];
  } else {
    external = true;
    // agree / disagree are the customer's answers: they come from the customer.
    const fromCustomer = msgtype === 'agree' || msgtype === 'disagree';
    from = input.from ?? (fromCustomer ? customer() : member());
    tolist = input.tolist ?? [fromCustomer ? member() : customer()];
  }
  const now = corp.clock.nowMs();
  const msgid = `${rng.digits(19)}_${Math.floor(now / 1000)}${external ? '_external' : ''}`;
  const out = s.appendSimulated(now, () =>
    buildMessage({
      msgtype,
      msgid,
      msgtime: now,
      from,
      tolist,
      roomid,
      rng,
      pools: s.pools(),
      size: input.size,
      pre_msgid: input.pre_msgid,
      content: input.content,
      media: (k, size) => s.issueMedia(k, size),
    }),
  );
  if (msgtype === 'agree' || msgtype === 'disagree') {
    const answer = { status: msgtype === 'agree' ? ('Agree' as const) : ('Disagree' as const), time: now };
    if (roomid) s.roomAgree.set(from, answer);
    else for (const m of tolist) s.singleAgree.set(`${m}|${from}`, answer);
  }
  if (input.notify !== false) notify(corp);
  return { seq: out.seq, msgid, message: out.message };
}

/**
 * The corp's customer-contact people for generated history: up to 40 follow relationships (member, the
 * customer's external_userid as the corp's own apps see it, doc path/92109) and up to 3 customer groups
 * with staff and customers (their chat_id is the roomid, as msgaudit/groupchat/get and the archive share
 * it, doc path/92951). Undefined when the corp has no customers (the batch invents its own).
 */
export function archiveCast(ec: ExternalContactState | undefined): ArchiveCast | undefined {
  if (!ec || ec.customers.size === 0) return undefined;
  const pairs: (readonly [string, string])[] = [];
  for (const c of ec.customers.values()) {
    const id = externalUseridOf(ec, c, CORP_CALLER);
    for (const f of c.follows.values()) pairs.push([f.userid, id]);
    if (pairs.length >= 40) break;
  }
  const groups: ArchiveCast['groups'][number][] = [];
  for (const chat of ec.chats.values()) {
    if (chat.dismissed) continue;
    const members: string[] = [];
    const externals: string[] = [];
    for (const m of chat.members.values()) {
      if (m.type === 1) members.push(m.ref);
      else {
        const c = ec.customers.get(m.ref);
        if (c) externals.push(externalUseridOf(ec, c, CORP_CALLER));
      }
    }
    if (members.length === 0 || externals.length === 0) continue;
    groups.push({ roomid: chat.chat_id, name: chat.name, createdSec: chat.create_time, members, externals });
    if (groups.length >= 3) break;
  }
  return pairs.length > 0 ? { pairs, groups } : undefined;
}

/** Appends `count` generated records over the last `spanSeconds`, among the corp's customers when it has some. */
export function generateHistory(corp: Corp, count: number, seed: number, spanSeconds: number, emit: boolean): { first_seq: number; last_seq: number; count: number } {
  const now = corp.clock.nowMs();
  const first = corp.domains.msgaudit.generate(seed, count, now - spanSeconds * 1000, now, archiveCast(corp.domains.externalcontact));
  if (emit) notify(corp);
  return { first_seq: first, last_seq: first + count - 1, count };
}
