/**
 * Persistence (`--data-dir DIR`): the corps survive restarts and crashes. DIR holds
 *   - `snapshot.json`: a whole snapshot document (core/tenancy/snapshot.ts), replaced atomically;
 *   - `log`: records appended after it, each `[length u32 BE][crc32 u32 BE][JSON]`, fsync'd before the
 *     request that caused it is answered. A record holds the changed corps whole (or every corp).
 * Start-up reads the snapshot, then the log up to the first torn or corrupt record (a crash mid-append
 * leaves at most the record that was never acknowledged), cuts the log there, and compacts: the state is
 * written as a new snapshot (temporary file, fsync, rename, fsync of the directory) and the log emptied.
 * The log is compacted the same way whenever it grows past LOG_COMPACT_BYTES.
 */
import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync, existsSync } from 'node:fs';
import { join } from 'node:path';
// node:zlib is loaded with a data dir only (it is not among the modules every start-up compiles).
const crc32 = (data: Uint8Array): number => process.getBuiltinModule('node:zlib').crc32(data);
import { checkSnapshot, snapshotCorp, takeSnapshot, type SnapshotCorp, type SnapshotDocument } from './snapshot.js';
import type { CorpRegistry } from './registry.js';
import type { CorpState } from './types.js';

/** The log is folded into the snapshot once it is this long. */
export const LOG_COMPACT_BYTES = 64 << 20;

/** One log record: corps saved whole; `all` says they are every corp (the others were deleted). */
interface LogRecord {
  corps: SnapshotCorp[];
  all?: boolean;
}

export class DataDir<D> {
  private readonly snapshotPath: string;
  private readonly logPath: string;
  private fd: number | undefined;
  private logBytes = 0;

  constructor(
    readonly dir: string,
    private readonly registry: CorpRegistry<D>,
    private readonly mockVersion: string,
  ) {
    mkdirSync(dir, { recursive: true });
    this.snapshotPath = join(dir, 'snapshot.json');
    this.logPath = join(dir, 'log');
  }

  /**
   * The state kept in DIR as one snapshot document (the snapshot with the log's records applied), or
   * undefined when DIR holds none. A torn or corrupt tail of the log is cut off.
   */
  read(): SnapshotDocument | undefined {
    let doc: SnapshotDocument | undefined;
    if (existsSync(this.snapshotPath)) doc = checkSnapshot(JSON.parse(readFileSync(this.snapshotPath, 'utf8')));
    if (!existsSync(this.logPath)) return doc;
    const log = readFileSync(this.logPath);
    const corps = new Map((doc?.corps ?? []).map((c) => [c.corpid, c]));
    let at = 0;
    let records = 0;
    while (at + 8 <= log.length) {
      const len = log.readUInt32BE(at);
      const sum = log.readUInt32BE(at + 4);
      if (at + 8 + len > log.length) break; // torn: the append never finished
      const body = log.subarray(at + 8, at + 8 + len);
      if (crc32(body) !== sum) break; // corrupt: nothing after it can be trusted
      let rec: LogRecord;
      try {
        rec = JSON.parse(body.toString('utf8')) as LogRecord;
      } catch {
        break;
      }
      if (rec.all) corps.clear();
      for (const c of rec.corps) corps.set(c.corpid, c);
      at += 8 + len;
      records++;
    }
    if (at < log.length) {
      // Cut the bad tail now, so the next appends follow the last good record.
      const fd = openSync(this.logPath, 'r+');
      ftruncateSync(fd, at);
      fsyncSync(fd);
      closeSync(fd);
    }
    if (!doc && records === 0) return undefined;
    return { ...(doc ?? takeSnapshot(this.registry, this.mockVersion, [])), corps: [...corps.values()] };
  }

  /** Writes the whole state as the snapshot and empties the log (start-up, and when the log is long). */
  compact(): void {
    const text = JSON.stringify(takeSnapshot(this.registry, this.mockVersion));
    const tmp = `${this.snapshotPath}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.snapshotPath);
    syncDir(this.dir);
    if (this.fd === undefined) this.fd = openSync(this.logPath, 'a');
    ftruncateSync(this.fd, 0);
    fsyncSync(this.fd);
    this.logBytes = 0;
  }

  /** Saves the corps a request changed (all of them when `corps` is undefined) before it is answered. */
  record(corps: readonly CorpState<D>[] | undefined): void {
    const rec: LogRecord = corps
      ? { corps: corps.filter((c) => this.registry.get(c.corpid) === c).map((c) => snapshotCorp(this.registry, c)) }
      : { corps: [...this.registry.corps.values()].map((c) => snapshotCorp(this.registry, c)), all: true };
    const body = Buffer.from(JSON.stringify(rec), 'utf8');
    const frame = Buffer.allocUnsafe(8 + body.length);
    frame.writeUInt32BE(body.length, 0);
    frame.writeUInt32BE(crc32(body), 4);
    body.copy(frame, 8);
    if (this.fd === undefined) {
      this.fd = openSync(this.logPath, 'a');
      this.logBytes = statSync(this.logPath).size;
    }
    writeSync(this.fd, frame);
    fsyncSync(this.fd);
    this.logBytes += frame.length;
    if (this.logBytes > LOG_COMPACT_BYTES) this.compact();
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** fsync of a directory, so a rename in it is durable (not possible on every platform: then skipped). */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a directory for fsync; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
