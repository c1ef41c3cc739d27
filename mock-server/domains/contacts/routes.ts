/** Contacts (通讯录) handlers, keyed by operationId: the sub-areas' route maps, composed. */
import { defineRoutes } from '../types.js';
import { departmentsRoutes } from './departments/routes.js';
import { membersRoutes } from './members/routes.js';
import { tagsRoutes } from './tags/routes.js';

export const contactsRoutes = defineRoutes({ ...membersRoutes, ...departmentsRoutes, ...tagsRoutes });
