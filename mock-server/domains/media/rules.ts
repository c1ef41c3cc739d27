import { LIMITS } from '../../../spec/generated/limits.js';
import { err, invalidParameter, type ErrName } from '../../core/errors/index.js';
import type { MultipartFile, MultipartResult } from '../../core/pipeline/multipart.js';
import type { MediaType } from './state.js';

/** What one kind of upload accepts. */
export interface UploadRule {
  maxBytes: number;
  /** The errcode of a file over maxBytes. */
  tooLarge: ErrName;
  /** The stored Content-Type when the bytes are of an accepted format, else undefined (→ 40004). */
  sniff: (file: MultipartFile) => string | undefined;
  /** Further checks of an accepted file (voice play time). */
  check?: (file: MultipartFile) => void;
}

const startsWith = (data: Buffer, sig: readonly number[], at = 0): boolean =>
  data.length >= at + sig.length && sig.every((b, i) => data[at + i] === b);

/** JPEG (FF D8 FF) or PNG (89 50 4E 47 0D 0A 1A 0A), judged by the bytes, not the name (doc path/90253). */
export function sniffImage(data: Buffer): string | undefined {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return undefined;
}

/** AMR (`#!AMR`, which AMR-WB's `#!AMR-WB` also starts with): WeCom takes voice as AMR only (doc path/90253). */
export function sniffVoice(data: Buffer): string | undefined {
  return startsWith(data, [0x23, 0x21, 0x41, 0x4d, 0x52]) ? 'audio/amr' : undefined;
}

/** Bytes of an AMR-NB frame (its one-byte header included) by frame type FT 0–15 (RFC 4867 §5.3, 3GPP TS 26.101). */
const AMR_NB_FRAME = [13, 14, 16, 18, 20, 21, 27, 32, 6, 1, 1, 1, 1, 1, 1, 1];
/** The same for AMR-WB (FT 0–8 speech, 9 SID; 3GPP TS 26.201). */
const AMR_WB_FRAME = [18, 24, 33, 37, 41, 47, 51, 59, 61, 6, 1, 1, 1, 1, 1, 1];

/**
 * The play time of an AMR file (storage format `#!AMR\n` or `#!AMR-WB\n`): every frame is 20 ms, its size
 * read from the frame type in its header byte. Undefined when the data is not AMR; a truncated last frame
 * still counts.
 */
export function amrDurationMs(data: Buffer): number | undefined {
  let at: number;
  let sizes: readonly number[];
  if (data.subarray(0, 9).toString('latin1') === '#!AMR-WB\n') [at, sizes] = [9, AMR_WB_FRAME];
  else if (data.subarray(0, 6).toString('latin1') === '#!AMR\n') [at, sizes] = [6, AMR_NB_FRAME];
  else return undefined;
  let frames = 0;
  while (at < data.length) {
    at += sizes[(data[at]! >> 3) & 0x0f]!;
    frames++;
  }
  return frames * 20;
}

/** Voice plays at most 60 s (doc path/90253; robots too, doc path/91770): longer → 45007 ("语音时长超60秒"). */
export function checkVoiceDuration(data: Buffer): void {
  const ms = amrDurationMs(data);
  if (ms !== undefined && ms > LIMITS.bound.voice_duration.max * 1000) throw err('VOICE_TOO_LONG');
}

/** MP4: an ISO-BMFF `ftyp` box at offset 4 (doc path/90253: video is MP4 only). */
export function sniffVideo(data: Buffer): string | undefined {
  return startsWith(data, [0x66, 0x74, 0x79, 0x70], 4) ? 'video/mp4' : undefined;
}

/** A `file` keeps the part's own Content-Type when it is a well-formed media type. */
function fileContentType(file: MultipartFile): string {
  const ct = file.contentType?.split(';')[0]?.trim().toLowerCase();
  return ct && /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(ct) ? ct : 'application/octet-stream';
}

const S = LIMITS.size;

/**
 * Limits of media/upload by `type` (doc path/90253, limits.yaml). Over-size codes: image 40009 and video
 * 40011 as catalogued; voice (2 MB) answers 40006 and file (20 MB) 45001 — WeCom's exact choice for
 * these two is undocumented, these are the closest catalogued meanings.
 */
export const UPLOAD_RULES: Record<MediaType, UploadRule> = {
  image: { maxBytes: S.media_image_max.bytes, tooLarge: 'INVALID_IMAGE_SIZE', sniff: (f) => sniffImage(f.data) },
  voice: { maxBytes: S.media_voice_max.bytes, tooLarge: 'INVALID_FILE_SIZE', sniff: (f) => sniffVoice(f.data), check: (f) => checkVoiceDuration(f.data) },
  video: { maxBytes: S.media_video_max.bytes, tooLarge: 'INVALID_VIDEO_SIZE', sniff: (f) => sniffVideo(f.data) },
  file: { maxBytes: S.media_file_max.bytes, tooLarge: 'MEDIA_SIZE_OUT_OF_LIMIT', sniff: fileContentType },
};

/** media/uploadimg: JPG/PNG up to 2 MB (doc path/90256). */
export const UPLOADIMG_RULE: UploadRule = {
  maxBytes: S.uploadimg_max.bytes,
  tooLarge: 'INVALID_IMAGE_SIZE',
  sniff: (f) => sniffImage(f.data),
};

/**
 * The uploaded file, checked: no or an empty `media` part → 44001 (WeCom's "empty media data", reference
 * doc path/91770, 90253); too large → the rule's code; broken multipart framing → 40058 naming the problem; 5 bytes or
 * fewer → 40006 (every file must be larger than 5 bytes); a format the type does not take → 40004.
 */
export function checkUpload(result: MultipartResult, rule: UploadRule): { file: MultipartFile; contentType: string } {
  if (!result.ok) {
    switch (result.reason) {
      case 'too_large':
        throw err(rule.tooLarge);
      case 'malformed':
        throw invalidParameter(`multipart body malformed: ${result.detail}`);
      default:
        throw err('EMPTY_MEDIA_DATA');
    }
  }
  const { file } = result;
  if (file.data.length < S.media_min.bytes) throw err('INVALID_FILE_SIZE');
  const contentType = rule.sniff(file);
  if (!contentType) throw err('INVALID_MEDIA_TYPE');
  rule.check?.(file);
  return { file, contentType };
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'audio/amr': 'amr',
  'video/mp4': 'mp4',
};

/** The download name: the uploader's filename, else `<media_id>.<ext>` (doc path/90254 media/get headers). */
export function downloadName(id: string, filename: string | undefined, contentType: string): string {
  const name = filename?.split(/[\\/]/).pop()?.trim();
  if (name) return name;
  const ext = EXTENSIONS[contentType];
  return ext ? `${id}.${ext}` : id;
}

/** `attachment; filename="…"`, with an RFC 5987 `filename*` when the name is not plain ASCII. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  if (ascii === name) return `attachment; filename="${name}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
