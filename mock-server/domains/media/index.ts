/** What other domains may use of media: reading a live temporary media of a corp (batch jobs read CSVs). */
import { byUrlTasks } from './byurl.js';
import type { Domain } from '../types.js';
import { MediaState as State } from './state.js';
import { mediaRoutes } from './routes.js';
import { mediaAdmin } from './admin.js';
export { MediaState, type MediaItem, type MediaType } from './state.js';
export { contentDisposition, checkVoiceDuration } from './rules.js';
export { checkUpload, UPLOAD_RULES } from './rules.js';

/** 素材管理 — temporary media and images. */
export const mediaDomain: Domain<'media', State> = {
  name: 'media',
  state: () => new State(),
  routes: mediaRoutes,
  tasks: byUrlTasks,
  mount: (host) => ({ admin: mediaAdmin(host) }),
};
