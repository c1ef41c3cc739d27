/**
 * The message archive of one corp. Records are kept compactly, column by column (time, key version,
 * source, ordinal: 18 bytes a record): a generated record is rebuilt from (batch, ordinal) when it is
 * pulled, a simulated one keeps its JSON text. 1,000,000 generated records take about 18 MB.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { LIMITS } from '../../../spec/generated/limits.js';
import { Rng } from '../../core/runtime/rng.js';
import { MEDIA_TYPES, MSGTYPES, buildMessage, type MediaRef, type Msgtype, type Pools } from './messages.js';
import { encodeSdkFileId, mediaMd5, type MediaId } from './media.js';
import { snapshotClass } from '../../core/runtime/graph.js';
import { zhFaker } from '../../../fixtures/factories/faker.js';

export type ArchiveStatus = 'enabled' | 'disabled' | 'expired';
export type AgreeStatus = 'Agree' | 'Disagree';

export interface ArchiveKey {
  version: number;
  pem: string;
  key: KeyObject;
  createdAt: number;
  privatePem: string | undefined;
}

export interface Room {
  roomid: string;
  roomname: string;
  creator: string;
  room_create_time: number;
  notice: string;
  members: { memberid: string; jointime: number }[];
  externals: Set<string>;
}

export interface Robot {
  robot_id: string;
  name: string;
  creator_userid: string;
}

interface Batch {
  seed: number;
  /** Word pools of the batch's messages, made on the first render (faker is a visible share of the cold start). */
  pools?: Pools;
  members: string[];
  externals: string[];
  rooms: string[];
  /** 1:1 customer chats between a member and a customer they follow (the demo corp's relationships). */
  pairs: readonly (readonly [string, string])[];
}

/**
 * Who a generated batch puts in its chats: the corp's customer-contact data (demo customers and customer
 * groups), so archived chats name the external_userids and chat_ids that externalcontact/* answers.
 */
export interface ArchiveCast {
  /** [member userid, customer external_userid] of real follow relationships. */
  pairs: readonly (readonly [string, string])[];
  /** Customer groups (external rooms): chat_id as roomid, staff and customers. */
  groups: readonly { roomid: string; name: string; createdSec: number; members: string[]; externals: string[] }[];
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
/** Generated files are small (the 5 MB file of the contract test is simulated with a size). */
const GENERATED_MEDIA_MAX = 8192;
const SIMULATED_MEDIA_DEFAULT = 4096;
/** Files whose sdkfileid and md5 are kept (about 200 bytes each). */
const MEDIA_CACHE_MAX = 65_536;
/** msgid bytes (rendering is synchronous). */
const MSGID_SCRATCH = Buffer.alloc(16);
/** Simulated files take seeds above every generated one. */
const SIMULATED_SEED_BASE = 2 ** 40;

/** Seeded faker pools of words (zh_CN locale only: boot time). */
export function makePools(seed: number): Pools {
  const faker = zhFaker();
  faker.seed(seed);
  const n = 48;
  const list = (f: () => string) => Array.from({ length: n }, f);
  return {
    sentences: list(() => faker.lorem.sentence()),
    names: list(() => faker.person.fullName()),
    companies: list(() => faker.company.name()),
    addresses: list(() => faker.location.streetAddress(true)),
    titles: list(() => faker.commerce.productName()),
  };
}

/** A generated chat's name: a short phrase from the batch's own rng (no faker at corp creation). */
function roomTitle(r: Rng): string {
  const topics = ['项目', '产品', '市场', '客户', '研发', '运营', '采购', '财务', '设计', '质量'];
  const kinds = ['讨论群', '周会', '协作群', '对接群', '小组', '沟通群'];
  return `${topics[r.int(topics.length)]!}${kinds[r.int(kinds.length)]!}`;
}

/** `into` with the first `count` records of `from` (a column grown to a larger capacity). */
function copied<A extends Float64Array | Uint16Array | Int32Array | Uint32Array>(into: A, from: A, count: number): A {
  into.set(from.subarray(0, count));
  return into;
}

/** What the archive reads of the corp's directory (the contacts domain's state has this shape). */
export interface ArchiveDirectory {
  readonly users: ReadonlyMap<string, { userid: string; status: number }>;
  getUser(userid: string): { status: number } | undefined;
}

export class MsgauditState {
  status: ArchiveStatus = 'enabled';
  pullWindowSeconds: number = LIMITS.lifetime.archive_pull_window.seconds;
  readonly keys: ArchiveKey[] = [];
  /** userid → licence type (1 办公版, 2 服务版, 3 企业版). */
  readonly permit = new Map<string, number>();
  /** `${userid}|${external}` → the customer's answer in 1:1 chats. */
  readonly singleAgree = new Map<string, { status: AgreeStatus; time: number }>();
  /** external → the customer's latest answer in groups. */
  readonly roomAgree = new Map<string, { status: AgreeStatus; time: number }>();
  readonly rooms = new Map<string, Room>();
  readonly robots = new Map<string, Robot>();
  /** Derives random keys, media ids and bytes; never leaves the mock. */
  readonly secret: Buffer;
  /** `${version}:${group}` → encrypt_random_key (RSA is the costly step of a pull). */
  readonly rkCache = new Map<string, { rk: Buffer; enc: string }>();
  /** `${kind}|${size}|${seed}` → the file's sdkfileid and md5 (bounded; see mediaRef). */
  private readonly mediaCache = new Map<string, MediaRef>();

  private base = 1;
  private count = 0;
  private times = new Float64Array(1024);
  private vers = new Uint16Array(1024);
  private src = new Int32Array(1024);
  private ord = new Uint32Array(1024);
  private readonly sims = new Map<number, string>();
  private readonly batches: Batch[] = [];
  private simSeq = 0;
  private simPools: Pools | undefined;
  private readonly rng: Rng;

  constructor(
    private readonly seed: string,
    /** The corp's directory (the contacts domain's state): data, not closures, so the state can be snapshotted. */
    private readonly directory: ArchiveDirectory,
  ) {
    this.secret = createHash('sha256').update(`archive:${seed}`).digest();
    this.rng = new Rng(`archive:${seed}`);
    const members = this.activeMembers(10);
    // The first active members hold the archive licences, types 1, 2, 3 in turn (mock choice).
    members.slice(0, 10).forEach((u, i) => this.permit.set(u, (i % 3) + 1));
    for (let i = 0; i < 2; i++) {
      const id = `wb${this.rng.string(30, ID_ALPHABET)}`;
      this.robots.set(id, { robot_id: id, name: `机器人${'AB'[i]}`, creator_userid: members[i] ?? members[0] ?? '' });
    }
  }

  /** Active members of the corp (read through the contacts domain). */
  activeUserids(limit = 200): string[] {
    return this.activeMembers(limit);
  }

  /** The first `limit` active members of the corp. */
  private activeMembers(limit: number): string[] {
    const out: string[] = [];
    for (const m of this.directory.users.values()) if (m.status === 1 && out.push(m.userid) >= limit) break;
    return out;
  }
  hasMember(userid: string): boolean {
    return this.directory.getUser(userid)?.status !== undefined;
  }
  isActive(userid: string): boolean {
    return this.directory.getUser(userid)?.status === 1;
  }

  get size(): number {
    return this.count;
  }
  get firstSeq(): number {
    return this.count === 0 ? 0 : this.base;
  }
  get lastSeq(): number {
    return this.base + this.count - 1;
  }
  currentVersion(): number {
    return this.keys[this.keys.length - 1]?.version ?? 0;
  }
  keyOf(version: number): ArchiveKey | undefined {
    return this.keys.find((k) => k.version === version);
  }

  private grow(extra: number): void {
    const need = this.count + extra;
    if (need <= this.times.length) return;
    let cap = this.times.length;
    while (cap < need) cap *= 2;
    this.times = copied(new Float64Array(cap), this.times, this.count);
    this.vers = copied(new Uint16Array(cap), this.vers, this.count);
    this.src = copied(new Int32Array(cap), this.src, this.count);
    this.ord = copied(new Uint32Array(cap), this.ord, this.count);
  }

  /** Drops records older than the retention (90 days). */
  prune(nowMs: number): void {
    const cutoff = nowMs - LIMITS.lifetime.archive_retention.seconds * 1000;
    let n = 0;
    while (n < this.count && this.times[n]! < cutoff) n++;
    if (n === 0) return;
    for (let i = 0; i < n; i++) this.sims.delete(this.base + i);
    this.times.copyWithin(0, n, this.count);
    this.vers.copyWithin(0, n, this.count);
    this.src.copyWithin(0, n, this.count);
    this.ord.copyWithin(0, n, this.count);
    this.count -= n;
    this.base += n;
  }

  /** The index of the first record with seq > `seq`. */
  indexAfter(seq: number): number {
    return Math.max(0, Math.min(this.count, seq - this.base + 1));
  }
  seqAt(i: number): number {
    return this.base + i;
  }
  timeAt(i: number): number {
    return this.times[i]!;
  }
  versionAt(i: number): number {
    return this.vers[i]!;
  }

  /**
   * Appends `count` generated records spread over [from, to] ms; answers the first seq. With a `cast`, the
   * external rooms are its customer groups and the 1:1 customer chats its follow relationships.
   */
  generate(seed: number, count: number, fromMs: number, toMs: number, cast?: ArchiveCast): number {
    const members = this.activeMembers(200);
    const r = new Rng(seed);
    const pairs = cast?.pairs ?? [];
    const batch: Batch = {
      seed,
      members: members.length > 0 ? members.slice(0, 200) : ['zhangsan'],
      externals: pairs.length > 0 ? pairs.map((p) => p[1]) : Array.from({ length: 40 }, () => `wm${r.string(30, ID_ALPHABET)}`),
      rooms: [],
      pairs,
    };
    for (let i = 0; i < 6; i++) {
      const external = i % 2 === 1;
      const group = external ? cast?.groups[(i - 1) / 2] : undefined;
      if (group) {
        const room = this.addRoom(group.roomid, group.members, group.createdSec, group.name);
        for (const e of group.externals) room.externals.add(e);
        batch.rooms.push(room.roomid);
        continue;
      }
      const roomMembers = Array.from({ length: 3 + r.int(4) }, () => batch.members[r.int(batch.members.length)]!);
      const room = this.addRoom(`wr${r.string(30, ID_ALPHABET)}`, [...new Set(roomMembers)], Math.floor(fromMs / 1000), roomTitle(r));
      if (external) for (let k = 0; k < 3; k++) room.externals.add(batch.externals[r.int(batch.externals.length)]!);
      batch.rooms.push(room.roomid);
    }
    const b = this.batches.push(batch) - 1;
    this.grow(count);
    const first = this.base + this.count;
    const ver = this.currentVersion();
    const step = count > 1 ? (toMs - fromMs) / (count - 1) : 0;
    for (let i = 0; i < count; i++) {
      const at = this.count + i;
      this.times[at] = Math.floor(fromMs + step * i);
      this.vers[at] = ver;
      this.src[at] = b;
      this.ord[at] = i;
    }
    this.count += count;
    return first;
  }

  addRoom(roomid: string, members: string[], createdSec: number, name: string): Room {
    const room: Room = {
      roomid,
      roomname: name,
      creator: members[0] ?? '',
      room_create_time: createdSec,
      notice: '',
      members: members.map((memberid, i) => ({ memberid, jointime: createdSec + i })),
      externals: new Set(),
    };
    this.rooms.set(roomid, room);
    return room;
  }

  /** The batch of the seed's demo history (built with the corp), if any. */
  demoBatch: number | undefined;

  /**
   * The seed's demo history is archived under the first key the admin registers (mock choice: WeCom archives
   * only once a key is set, so a demo corp's history would otherwise stay unreadable with publickey_ver 0).
   */
  adoptDemoHistory(version: number): void {
    if (this.demoBatch === undefined) return;
    for (let i = 0; i < this.count; i++) if (this.src[i] === this.demoBatch && this.vers[i] === 0) this.vers[i] = version;
  }

  /** The batch index of the records appended last by generate(). */
  get lastBatch(): number {
    return this.batches.length - 1;
  }

  /** Appends a simulated message (built by `build` once its seq is known); answers seq and message. */
  appendSimulated(nowMs: number, build: (seq: number) => Record<string, unknown>): { seq: number; message: Record<string, unknown> } {
    this.grow(1);
    const seq = this.base + this.count;
    const message = build(seq);
    const at = this.count;
    this.times[at] = nowMs;
    this.vers[at] = this.currentVersion();
    this.src[at] = -1;
    this.ord[at] = 0;
    this.sims.set(seq, JSON.stringify(message));
    this.count++;
    return { seq, message };
  }

  /** Pools for simulated messages (built on first use). */
  pools(): Pools {
    return (this.simPools ??= makePools(Number.parseInt(this.secret.subarray(0, 4).toString('hex'), 16)));
  }

  /** A file for a simulated message. */
  issueMedia(kind: string, size: number | undefined): MediaRef {
    const m = { kind, size: size ?? SIMULATED_MEDIA_DEFAULT, seed: SIMULATED_SEED_BASE + ++this.simSeq };
    return { sdkfileid: encodeSdkFileId(this.secret, m), md5sum: mediaMd5(this.secret, m), filesize: m.size };
  }

  nextRng(): Rng {
    return new Rng(this.rng.u32());
  }

  /** The decrypted message JSON of record `i`. */
  render(i: number): string {
    const b = this.src[i]!;
    if (b < 0) return this.sims.get(this.base + i) ?? '{}';
    return JSON.stringify(this.renderGenerated(b, this.ord[i]!, this.times[i]!));
  }

  /** The msgid of a generated record. */
  private msgidOf(batch: Batch, ord: number, external: boolean): string {
    const r = new Rng((Math.imul(batch.seed ^ 0x27d4eb2f, 0x165667b1) + ord) >>> 0);
    const b = MSGID_SCRATCH;
    for (let i = 0; i < 16; i += 4) b.writeUInt32BE(r.u32(), i);
    return b.toString('base64') + (external ? '_external' : '');
  }

  /** sdkfileid and md5 of a file, from a bounded cache (re-pulls of the same records are common). */
  private mediaRef(m: MediaId): MediaRef {
    const k = `${m.kind}|${m.size}|${m.seed}`;
    let hit = this.mediaCache.get(k);
    if (hit === undefined) {
      hit = { sdkfileid: encodeSdkFileId(this.secret, m), md5sum: mediaMd5(this.secret, m), filesize: m.size };
      if (this.mediaCache.size >= MEDIA_CACHE_MAX) this.mediaCache.clear();
      this.mediaCache.set(k, hit);
    }
    return hit;
  }

  private renderGenerated(b: number, ord: number, msgtime: number): Record<string, unknown> {
    const batch = this.batches[b]!;
    const rng = new Rng((Math.imul(batch.seed ^ 0x5bd1e995, 0x9e3779b1) + ord) >>> 0);
    const msgtype: Msgtype = MSGTYPES[ord % MSGTYPES.length]!;
    const member = () => batch.members[rng.int(batch.members.length)]!;
    const external = () => batch.externals[rng.int(batch.externals.length)]!;
    // Conversation: agree/disagree come from a customer in a 1:1 chat; others pick one of four shapes.
    let shape = msgtype === 'agree' || msgtype === 'disagree' ? 0 : rng.int(4);
    if (msgtype === 'switch') shape = 1;
    let from: string;
    let tolist: string[];
    let roomid = '';
    let ext = false;
    if (shape === 0) {
      const [m, e] = batch.pairs.length > 0 ? batch.pairs[rng.int(batch.pairs.length)]! : [member(), external()];
      ext = true;
      const fromCustomer = msgtype === 'agree' || msgtype === 'disagree' || rng.int(2) === 0;
      from = fromCustomer ? e : m;
      tolist = [fromCustomer ? m : e];
    } else if (shape === 1) {
      from = member();
      tolist = [member()];
    } else {
      const room = this.rooms.get(batch.rooms[(shape === 2 ? 0 : 1) + 2 * rng.int(3)]!)!;
      roomid = room.roomid;
      ext = room.externals.size > 0;
      const everyone = [...room.members.map((x) => x.memberid), ...room.externals];
      from = everyone[rng.int(everyone.length)]!;
      // Now and then a robot speaks in an internal group.
      if (!ext && msgtype === 'text' && rng.int(8) === 0) from = [...this.robots.keys()][0] ?? from;
      tolist = everyone.filter((x) => x !== from);
    }
    const msgid = this.msgidOf(batch, ord, ext);
    return buildMessage({
      msgtype,
      msgid,
      msgtime,
      from,
      tolist,
      roomid,
      rng,
      pools: (batch.pools ??= makePools(batch.seed)),
      // Only a revoke names the message before it.
      pre_msgid: msgtype !== 'revoke' ? undefined : ord > 0 ? this.msgidOf(batch, ord - 1, ext) : msgid,
      media: (kind) => this.mediaRef({ kind, size: 256 + rng.int(GENERATED_MEDIA_MAX), seed: b * 2 ** 24 + ord }),
    });
  }

  /** Is `id` a media type's object key? (for tests of the generator) */
  static isMediaType(t: string): boolean {
    return MEDIA_TYPES.has(t);
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(MsgauditState);
