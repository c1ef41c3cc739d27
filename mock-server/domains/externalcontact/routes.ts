/**
 * Customer contact (客户联系) handlers, keyed by operationId: the sub-areas' route maps, composed. Room for more
 * sub-areas of the same shape (transfers, moments, mass messages, statistics): a folder and one spread here.
 */
import { defineRoutes } from '../types.js';
import { contactWaysRoutes } from './contact-ways/routes.js';
import { corpTagsRoutes } from './corp-tags/routes.js';
import { customersRoutes } from './customers/routes.js';
import { groupchatsRoutes } from './groupchats/routes.js';

export const externalcontactRoutes = defineRoutes({ ...contactWaysRoutes, ...customersRoutes, ...groupchatsRoutes, ...corpTagsRoutes });
