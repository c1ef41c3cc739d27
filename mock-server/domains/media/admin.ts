/** Control plane of media (spec tag mock-admin): files served at URLs for media/upload_by_url. */
import { createHash } from 'node:crypto';
import { AdminError, corpOf as findCorp, type AdminRoutes } from '../../core/control/kit.js';
import type { MockHost } from '../types.js';
import { BY_URL_MAX } from './byurl.js';

/** The media part of the control plane. */
export function mediaAdmin(host: MockHost): AdminRoutes {
  return {
    mock_media_url_sources_add: ({ params, body }) => {
      const corp = findCorp(host.registry, params['corpid']);
      const url = String(body['url'] ?? '');
      if (!/^https?:\/\/\S+$/i.test(url)) throw new AdminError(400, 'bad_body', 'url must be an http(s) URL');
      let data: Buffer | undefined;
      let size: number;
      if (typeof body['content_base64'] === 'string') {
        data = Buffer.from(body['content_base64'], 'base64');
        size = data.length;
      } else if (typeof body['size'] === 'number') {
        size = body['size'];
        // Files over the 200 MB limit are only a size: the job refuses them without reading any bytes.
        if (size <= BY_URL_MAX) data = Buffer.alloc(size, 0x5a);
      } else throw new AdminError(400, 'bad_body', 'give content_base64 or size');
      const md5 = data ? createHash('md5').update(data).digest('hex') : '';
      corp.domains.media.urlSources.set(url, { data, size, md5 });
      return { status: 201, body: { url, size, md5 } };
    },
  };
}
