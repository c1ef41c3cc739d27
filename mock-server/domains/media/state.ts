import { LIMITS } from '../../../spec/generated/limits.js';
import { QuotaCounter } from '../../core/pipeline/limits.js';
import { JobBook, type JobTimes } from '../../core/runtime/jobs.js';
import { snapshotClass } from '../../core/runtime/graph.js';

export type MediaType = 'image' | 'voice' | 'video' | 'file';

/** One stored file: a temporary media (media/upload) or a permanent image (media/uploadimg). */
export interface MediaItem {
  id: string;
  type: MediaType;
  data: Buffer;
  /** The name the uploader gave (part header `filename`), if any. */
  filename: string | undefined;
  contentType: string;
  createdAtMs: number;
  /** undefined for permanent images. */
  expiresAtMs: number | undefined;
}

/** A file served at a URL a test registered for media/upload_by_url (`data` undefined: only its size, too big to hold). */
export interface UrlSource {
  data: Buffer | undefined;
  size: number;
  md5: string;
}

/** A media/upload_by_url job: its outcome once it settled (doc path/96219). */
export interface ByUrlJob extends JobTimes {
  url: string;
  type: MediaType;
  filename: string;
  md5: string;
  outcome: { errcode: number; errmsg: string; media_id?: string; created_at?: string } | undefined;
}

/**
 * A corp's media, in memory: temporary media by media_id and uploadimg images by file id, with the bytes
 * they hold in total (bounded by the caller). No HTTP, no errcodes.
 */
export class MediaState {
  readonly media = new Map<string, MediaItem>();
  readonly images = new Map<string, MediaItem>();
  totalBytes = 0;
  /** media/uploadimg uploads per corp and day (limits.yaml uploadimg_per_corp_day). */
  readonly uploadimgQuota = new QuotaCounter();
  /** URL → file, for media/upload_by_url (the control plane registers them; the mock never goes online). */
  readonly urlSources = new Map<string, UrlSource>();
  readonly byUrlJobs = new JobBook<ByUrlJob>(LIMITS.lifetime.async_job_retention.seconds * 1000);

  /** A live temporary media; an expired one is dropped on the way. */
  getMedia(id: string, nowMs: number): MediaItem | undefined {
    const m = this.media.get(id);
    if (!m) return undefined;
    if (m.expiresAtMs !== undefined && nowMs >= m.expiresAtMs) {
      this.remove(this.media, m);
      return undefined;
    }
    return m;
  }

  getImage(id: string): MediaItem | undefined {
    return this.images.get(id);
  }

  addMedia(item: MediaItem): void {
    this.media.set(item.id, item);
    this.totalBytes += item.data.length;
  }

  addImage(item: MediaItem): void {
    this.images.set(item.id, item);
    this.totalBytes += item.data.length;
  }

  /** Drops every expired temporary media; returns the bytes freed. */
  sweep(nowMs: number): number {
    const before = this.totalBytes;
    for (const m of this.media.values()) if (m.expiresAtMs !== undefined && nowMs >= m.expiresAtMs) this.remove(this.media, m);
    return before - this.totalBytes;
  }

  private remove(map: Map<string, MediaItem>, m: MediaItem): void {
    if (map.delete(m.id)) this.totalBytes -= m.data.length;
  }
}

// Snapshots (core/runtime/graph.ts) restore instances of these classes by name.
snapshotClass(MediaState);
