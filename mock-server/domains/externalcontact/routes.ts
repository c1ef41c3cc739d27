/**
 * Customer contact (客户联系) handlers, keyed by operationId: the sub-areas' route maps, composed.
 */
import { defineRoutes } from '../types.js';
import { acquisitionRoutes } from './acquisition/routes.js';
import { contactWaysRoutes } from './contact-ways/routes.js';
import { corpTagsRoutes } from './corp-tags/routes.js';
import { customersRoutes } from './customers/routes.js';
import { groupchatsRoutes } from './groupchats/routes.js';
import { massMessagesRoutes } from './mass-messages/routes.js';
import { materialsRoutes } from './materials/routes.js';
import { momentsRoutes } from './moments/routes.js';
import { schoolRoutes } from './school/routes.js';
import { statisticsRoutes } from './statistics/routes.js';
import { strategiesRoutes } from './strategies/routes.js';
import { transfersRoutes } from './transfers/routes.js';

export const externalcontactRoutes = defineRoutes({
  ...contactWaysRoutes,
  ...customersRoutes,
  ...groupchatsRoutes,
  ...corpTagsRoutes,
  ...massMessagesRoutes,
  ...momentsRoutes,
  ...transfersRoutes,
  ...strategiesRoutes,
  ...acquisitionRoutes,
  ...statisticsRoutes,
  ...materialsRoutes,
  ...schoolRoutes,
});
