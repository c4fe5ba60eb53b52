import type { Role } from '@sinergi/shared';

/** The same rules as the API's readiness policy: it decides; these only hide what would be refused. */
export const CHECKLIST_MANAGERS: readonly Role[] = ['admin', 'province_officer', 'regency_officer'];
export const ITEM_UPDATERS: readonly Role[] = [...CHECKLIST_MANAGERS, 'forum_member', 'election_body'];
