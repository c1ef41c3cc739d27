/** A corp's 微盘: spaces, the files and folders in them, block uploads in progress, download links, VIP seats. No HTTP, no errcodes. */
import type { Hash } from 'node:crypto';
import type { ScheduledTask } from '../../core/runtime/scheduler.js';
import type { Sha1State } from './sha1.js';
import { BlobStore, type Blob } from './store.js';
import { snapshotClass } from '../../core/runtime/graph.js';

/** A member (type 1) or department (type 2) and its right: 1 download, 4 preview only, 7 space admin. */
export interface AuthEntry {
  type: 1 | 2;
  userid?: string;
  departmentid?: number;
  auth: number;
}

/** Who created a space: an app (by agentid) or the 微盘 system app's secret. */
export type Owner = number | 'system';

/** A space's security settings, as new_space_info answers them (doc path/97878). */
export interface SpaceSettings {
  enable_watermark: boolean;
  add_member_only_admin: boolean;
  enable_share_url: boolean;
  share_url_no_approve: boolean;
  share_url_no_approve_default_auth: number;
  enable_share_external: boolean;
  enable_share_external_admin: boolean;
  enable_space_add_external_member: boolean;
  enable_space_add_external_member_admin: boolean;
  enable_confidential_mode: boolean;
  default_file_scope: number;
  create_file_only_admin: boolean;
  ban_share_external: boolean;
}

export interface Space {
  spaceid: string;
  name: string;
  subType: number;
  owner: Owner;
  members: AuthEntry[];
  /** Members of a listed department who left the space or were removed one by one. */
  quitUserids: string[];
  settings: SpaceSettings;
  /** Bytes the space may hold, and bytes its files hold (uploads in progress included). */
  capacity: number;
  used: number;
  /** Live files and folders in it. */
  count: number;
  dismissed: boolean;
}

/** 1 folder, 2 file, 3 document, 4 spreadsheet, 5 form, 6 slides (doc path/97886). */
export type FileType = 1 | 2 | 3 | 4 | 5 | 6;

export interface Watermark {
  text: string;
  margin_type: number;
  show_visitor_name: boolean;
  force_by_admin: boolean;
  show_text: boolean;
  force_by_space_admin: boolean;
}

/** A file, folder or document of a space. */
export interface Entry {
  fileid: string;
  spaceid: string;
  /** The folder holding it; the spaceid at the root. */
  fatherid: string;
  name: string;
  type: FileType;
  ctimeMs: number;
  mtimeMs: number;
  status: 1 | 2;
  /** Files only. */
  blob?: Blob;
  /** Documents only: the link that opens it. */
  url?: string;
  members: AuthEntry[];
  /** file_setting: 1 named members, 2 corp, 3 anyone, 4/5 with admin approval; auth 1 download, 4 preview. */
  share: { scope: number; auth: number };
  watermark: Watermark;
}

/** A block upload between file_upload_init and file_upload_finish (doc path/98004). */
export interface Upload {
  key: string;
  spaceid: string;
  fatherid: string;
  name: string;
  size: number;
  blockSha: string[];
  /** Blocks received so far (the next index expected is received + 1). */
  received: number;
  sha: Sha1State;
  md5: Hash;
  file: { path: string; id: string };
  done: boolean;
  expiry: ScheduledTask | undefined;
}

/** A download_url handed out by file_download (valid 2 hours, doc path/97881). */
export interface DownloadLink {
  id: string;
  fileid: string;
  cookieName: string;
  cookieValue: string;
  expiresAtMs: number;
}

export class WedriveState {
  readonly spaces = new Map<string, Space>();
  readonly entries = new Map<string, Entry>();
  /** fatherid → live children's fileids, in creation order. */
  readonly children = new Map<string, Set<string>>();
  readonly uploads = new Map<string, Upload>();
  readonly links = new Map<string, DownloadLink>();
  /** Members with a VIP seat, in the order they got it. */
  readonly vip = new Set<string>();
  pro = { isPro: false, totalVip: 0, expireS: 0 };
  readonly store: BlobStore;

  constructor(storeCap: number) {
    this.store = new BlobStore(storeCap);
  }

  addSpace(s: Space): void {
    this.spaces.set(s.spaceid, s);
    this.children.set(s.spaceid, new Set());
  }

  addEntry(e: Entry): void {
    this.entries.set(e.fileid, e);
    this.childSet(e.fatherid).add(e.fileid);
    if (e.type === 1) this.children.set(e.fileid, new Set());
    const space = this.spaces.get(e.spaceid);
    if (space) space.count++;
    if (e.blob) this.store.ref(e.blob);
  }

  /** Live entries directly in a folder (or the space root). */
  childrenOf(fatherid: string): Entry[] {
    return [...(this.children.get(fatherid) ?? [])].map((id) => this.entries.get(id)!);
  }

  /** A live child of `fatherid` named `name` (names are compared as WeCom shows them, case-sensitive). */
  childNamed(fatherid: string, name: string): Entry | undefined {
    return this.childrenOf(fatherid).find((e) => e.name === name);
  }

  move(e: Entry, fatherid: string, nowMs: number): void {
    this.childSet(e.fatherid).delete(e.fileid);
    e.fatherid = fatherid;
    e.mtimeMs = nowMs;
    this.childSet(fatherid).add(e.fileid);
  }

  /** Marks an entry and everything under it deleted; frees their bytes; returns the bytes freed. */
  remove(e: Entry, nowMs: number): number {
    let freed = 0;
    if (e.status === 2) return 0;
    if (e.type === 1) for (const c of this.childrenOf(e.fileid)) freed += this.remove(c, nowMs);
    this.childSet(e.fatherid).delete(e.fileid);
    e.status = 2;
    e.mtimeMs = nowMs;
    const space = this.spaces.get(e.spaceid);
    if (space) space.count--;
    if (e.blob) {
      freed += e.blob.size;
      if (space) space.used -= e.blob.size;
      this.store.unref(e.blob);
    }
    return freed;
  }

  /** Every live entry of a space (for dismissing it). */
  entriesOf(spaceid: string): Entry[] {
    return [...this.entries.values()].filter((e) => e.spaceid === spaceid && e.status === 1);
  }

  private childSet(id: string): Set<string> {
    let s = this.children.get(id);
    if (!s) this.children.set(id, (s = new Set()));
    return s;
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
// Block uploads in progress hold a running hash and a file on disk: they are not saved (upload_key is then unknown, 640027).
snapshotClass(WedriveState, { transient: { uploads: () => new Map() } });
