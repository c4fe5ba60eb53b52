import type { FastifyRequest } from 'fastify';
import type { Role } from '@sinergi/shared';
import type { Access } from '../../http/policy.ts';

/** Who files reports: the field, the regency's officers and forum, election bodies; not the ministry. */
export const REPORT_CREATORS: readonly Role[] = [
  'admin',
  'province_officer',
  'regency_officer',
  'forum_member',
  'field_reporter',
  'election_body',
];
/**
 * Who reads reports of their scope. The ministry sees aggregates only (risk, sitreps); agency heads
 * work on pledges, not reports.
 */
export const REPORT_READERS: readonly Role[] = REPORT_CREATORS;
/** Who triages: verifies, rejects, merges, changes status, switches public intake. */
export const REPORT_OPERATORS: readonly Role[] = ['admin', 'province_officer', 'regency_officer'];
/** Who may see a reporter's identity: the regency officer of the scope and admins (each read audited). */
export const IDENTITY_READERS: readonly Role[] = ['admin', 'regency_officer'];

const query = (r: FastifyRequest) => r.query as { region?: string };

export const reportAccess = {
  create: {
    roles: REPORT_CREATORS,
    regions: (r: FastifyRequest) => [(r.body as { regionCode?: string }).regionCode],
  },
  batch: {
    roles: REPORT_CREATORS,
    regions: (r: FastifyRequest) =>
      Array.isArray(r.body) ? (r.body as Array<{ regionCode?: string }>).map((item) => item.regionCode) : [],
  },
  list: { roles: REPORT_READERS, regions: (r: FastifyRequest) => [query(r).region] },
  read: { roles: REPORT_READERS },
  attach: { roles: REPORT_CREATORS },
  changeStatus: { roles: REPORT_OPERATORS },
  triage: { roles: REPORT_OPERATORS, regions: (r: FastifyRequest) => [query(r).region] },
  merge: { roles: REPORT_OPERATORS },
  reporter: { roles: IDENTITY_READERS },
  categories: { roles: 'any' },
  intakeSetting: {
    roles: REPORT_OPERATORS,
    regions: (r: FastifyRequest) => [(r.params as { code?: string }).code],
  },
  publicIntake: { public: true },
  /** The public form's place picker: anyone, like the form itself. */
  publicPlaces: { public: true },
  sms: { public: true },
} satisfies Record<string, Access>;
