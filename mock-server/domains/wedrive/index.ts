/**
 * What other domains may use of 微盘: the state and a small interface to put document entries into a
 * space (the documents domain creates a doc in a space with wedoc/create_doc, and wedrive/file_create
 * type 3/4 creates the entry a document lives in).
 */
import { uploadTasks } from './uploads.js';
import { LIMITS } from '../../../spec/generated/limits.js';
import type { Domain } from '../types.js';
import { wedriveAdmin, wedriveView } from './admin.js';
import { docUrl, entryView, fileRoutes, newEntry, newFileid } from './files.js';
import { spaceRoutes } from './routes.js';
import { seedWedrive } from './seed.js';
import { WedriveState as State, type Entry, type FileType } from './state.js';
import { uploadRoutes } from './uploads.js';
import type { Rng } from '../../core/runtime/rng.js';

export { WedriveState, type Entry, type Space, type FileType, type AuthEntry } from './state.js';
export { entryView } from './files.js';

/** A document entry to create: a live folder (or the root) of a live space; the caller checks rights. */
export interface DocEntryInput {
  spaceid: string;
  /** A folder fileid, or the spaceid for the root. */
  fatherid: string;
  name: string;
  /** 3 document, 4 spreadsheet, 5 form, 6 slides. */
  fileType: Exclude<FileType, 1 | 2>;
  nowMs: number;
  rng: Rng;
}

/**
 * Creates the entry a document lives in and answers its fileid (which is also its docid) and url, or
 * undefined when the space or folder is not there. For the documents domain; file_create uses the same shape.
 */
export function createDocEntry(state: State, input: DocEntryInput): { fileid: string; url: string } | undefined {
  const space = state.spaces.get(input.spaceid);
  if (!space || space.dismissed) return undefined;
  const father = input.fatherid === space.spaceid ? undefined : state.entries.get(input.fatherid);
  if (input.fatherid !== space.spaceid && (!father || father.type !== 1 || father.status !== 1 || father.spaceid !== space.spaceid)) return undefined;
  const fileid = newFileid({ rng: input.rng }, state, space.spaceid);
  const url = docUrl(input.fileType, fileid);
  state.addEntry(newEntry({ fileid, spaceid: space.spaceid, fatherid: input.fatherid, name: input.name, type: input.fileType, url }, space, input.nowMs));
  return { fileid, url };
}

/** A live document entry by its fileid (docid), for the documents domain's reads and renames. */
export function docEntry(state: State, fileid: string): Entry | undefined {
  const e = state.entries.get(fileid);
  return e && e.status === 1 && e.type > 2 ? e : undefined;
}

/** 微盘 — spaces, files and folders, block uploads, downloads with Range, file rights, VIP seats. */
export const wedriveDomain: Domain<'wedrive', State> = {
  name: 'wedrive',
  areas: ['wedrive'],
  state: (seed, corp) => {
    const s = new State(LIMITS.size.wedrive_store_per_corp_max.bytes);
    seedWedrive(s, seed, corp);
    return s;
  },
  routes: { ...spaceRoutes, ...fileRoutes, ...uploadRoutes },
  tasks: uploadTasks,
  mount: (host) => ({ admin: wedriveAdmin(host) }),
  credentials: (corp) => ({ wedrive: { spaces: [...corp.domains.wedrive.spaces.keys()], ...wedriveView(corp) } }),
};


