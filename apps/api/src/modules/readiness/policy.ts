import type { Role } from '@sinergi/shared';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../http/actor.ts';
import type { Access } from '../../http/policy.ts';

/** Kesbangpol officers (and the admin) set up checklists and their items. */
export const CHECKLIST_MANAGERS: readonly Role[] = ['admin', 'province_officer', 'regency_officer'];
/**
 * Institutions that own items (Polres and Kodim as Forkopimda members, KPU and Bawaslu as election
 * bodies) report progress on them: status and evidence only.
 */
const PROGRESS_REPORTERS: readonly Role[] = ['forum_member', 'election_body'];
export const ITEM_UPDATERS: readonly Role[] = [...CHECKLIST_MANAGERS, ...PROGRESS_REPORTERS];

export function mayEditItemDefinition(actor: Actor): boolean {
  return CHECKLIST_MANAGERS.includes(actor.role);
}

const regionIn = (where: 'body' | 'query') => (r: FastifyRequest) => {
  const source = (where === 'body' ? r.body : r.query) as
    { regionCode?: string; region?: string } | undefined;
  return [where === 'body' ? source?.regionCode : source?.region];
};

export const readinessAccess = {
  templates: { roles: 'any' },
  createChecklist: { roles: CHECKLIST_MANAGERS, regions: regionIn('body') },
  listChecklists: { roles: 'any', regions: regionIn('query') },
  /** Reads and writes by id: the stored checklist's region is checked against the caller's scope. */
  readChecklist: { roles: 'any' },
  addItem: { roles: CHECKLIST_MANAGERS },
  updateItem: { roles: ITEM_UPDATERS },
  readEvidence: { roles: 'any' },
  summary: { roles: 'any', regions: regionIn('query') },
} satisfies Record<string, Access>;
