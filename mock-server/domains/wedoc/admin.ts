/** The control plane of 文档 (filled in below). */
import type { AdminRoutes } from '../../core/control/kit.js';
import type { MockHost } from '../types.js';

export function wedocAdmin(_host: MockHost): AdminRoutes {
  return {};
}
