/**
 * The bytes of a corp's wedrive files, kept on disk in a temporary directory (never whole in memory: a
 * 100 MB block upload is appended block by block and downloads are streamed from the file), with a cap on
 * the bytes one corp holds (limits.yaml wedrive_store_per_corp_max). Seeded demo files are a few hundred
 * bytes and stay in memory. Identical contents share one blob (WeCom's 秒传, doc path/98004).
 */
import { appendFileSync, closeSync, createReadStream, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ByteSource } from '../../core/pipeline/range.js';
import { snapshotClass } from '../../core/runtime/graph.js';

/** Stored content: in memory (seeds) or a file of the store. */
export interface Blob {
  readonly id: string;
  size: number;
  sha: string;
  md5: string;
  /** Files that point at it; the bytes go when the last one does. */
  refs: number;
  data?: Buffer;
  path?: string;
}

let root: string | undefined;
let dirSeq = 0;

/** The process's store directory, made on first use and removed when the process exits. */
function storeRoot(): string {
  if (!root) {
    const dir = mkdtempSync(join(tmpdir(), 'wecom-mock-wedrive-'));
    root = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return root;
}

/** A corp's store is removed from disk once its state is garbage (the corp deleted or reset). */
const cleanup = new FinalizationRegistry<string>((dir) => rmSync(dir, { recursive: true, force: true }));

export class BlobStore {
  readonly blobs = new Map<string, Blob>();
  /** sha:size → blob, for 秒传. */
  private readonly bySha = new Map<string, Blob>();
  /** Bytes reserved by uploads in progress plus bytes stored. */
  used = 0;
  private dir: string | undefined;
  private seq = 0;

  constructor(readonly cap: number) {}

  /** Room for `bytes` more, taken now (an upload reserves its size at the start), or false. */
  reserve(bytes: number): boolean {
    if (this.used + bytes > this.cap) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  /** A blob already holding these bytes (same SHA-1 and size), if any. */
  find(sha: string, size: number): Blob | undefined {
    return this.bySha.get(`${sha}:${size}`);
  }

  /** A seeded, in-memory blob (not counted against the cap: demo data is tiny). */
  inline(data: Buffer, sha: string, md5: string): Blob {
    const found = this.find(sha, data.length);
    if (found) return found;
    const b: Blob = { id: `m${++this.seq}`, size: data.length, sha, md5, refs: 0, data };
    this.add(b);
    return b;
  }

  /** A new, empty file of the store that an upload appends to. */
  open(): { path: string; id: string } {
    if (!this.dir) {
      const dir = join(storeRoot(), `c${++dirSeq}`);
      mkdirSync(dir);
      this.dir = dir;
      cleanup.register(this, dir);
    }
    const id = `f${++this.seq}`;
    const path = join(this.dir, id);
    closeSync(openSync(path, 'w'));
    return { path, id };
  }

  append(path: string, data: Buffer): void {
    appendFileSync(path, data);
  }

  /** Turns a finished upload's file into a blob (or drops it for an identical blob already stored). */
  commit(file: { path: string; id: string }, size: number, sha: string, md5: string): Blob {
    const found = this.find(sha, size);
    if (found) {
      this.discard(file.path);
      this.release(size);
      return found;
    }
    const b: Blob = { id: file.id, size, sha, md5, refs: 0, path: file.path };
    this.add(b);
    return b;
  }

  /** Drops an unfinished upload's file. */
  discard(path: string): void {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }

  ref(b: Blob): void {
    b.refs++;
  }

  /** One file less points at `b`; the last one frees its bytes. */
  unref(b: Blob): void {
    if (--b.refs > 0) return;
    this.blobs.delete(b.id);
    this.bySha.delete(`${b.sha}:${b.size}`);
    if (b.path) {
      this.discard(b.path);
      this.release(b.size);
    }
  }

  /** The bytes of `b` for a download: a Buffer, or a stream of the store's file. */
  source(b: Blob): Buffer | ByteSource {
    if (b.data) return b.data;
    const path = b.path!;
    return { size: b.size, open: (start, end) => createReadStream(path, { start, end }) };
  }

  private add(b: Blob): void {
    this.blobs.set(b.id, b);
    this.bySha.set(`${b.sha}:${b.size}`, b);
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
// A snapshot carries the bytes of files kept on disk (the loading mock may run elsewhere); the path stays for the
// bookkeeping of this store, the bytes are then served from memory.
snapshotClass(BlobStore, {
  transient: { dir: () => undefined },
  prepare: (store: BlobStore) => {
    for (const b of store.blobs.values()) if (b.path && !b.data) b.data = readFileSync(b.path);
  },
});
