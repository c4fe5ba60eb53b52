import type { Role } from '@sinergi/shared';
import type { FastifyRequest } from 'fastify';
import type { Access } from '../../http/policy.ts';

/** Officers run the register, the campaigns and the cases of their region. */
export const NEUTRALITY_OFFICERS: readonly Role[] = ['admin', 'province_officer', 'regency_officer'];
/** Who sees the region's compliance and cases: officers, the ministry, Forkopimda and the election bodies. */
export const NEUTRALITY_READERS: readonly Role[] = [
  ...NEUTRALITY_OFFICERS,
  'ministry',
  'forum_member',
  'election_body',
];
/** Agency heads act on their own agency only; the services enforce that, the policy lets them in. */
const WITH_HEADS: readonly Role[] = [...NEUTRALITY_READERS, 'agency_head'];

const bodyRegion = (r: FastifyRequest) => [(r.body as { regionCode?: string } | undefined)?.regionCode];
const queryRegion = (r: FastifyRequest) => [(r.query as { region?: string } | undefined)?.region];

export const neutralityAccess = {
  agencyWrite: { roles: NEUTRALITY_OFFICERS, regions: bodyRegion },
  agencyUpdate: { roles: NEUTRALITY_OFFICERS },
  agencyImport: { roles: NEUTRALITY_OFFICERS },
  agencyStarter: { roles: NEUTRALITY_OFFICERS, regions: queryRegion },
  agencyList: { roles: WITH_HEADS, regions: queryRegion },
  agencyRead: { roles: WITH_HEADS },
  campaignCreate: { roles: NEUTRALITY_OFFICERS, regions: bodyRegion },
  campaignUpdate: { roles: NEUTRALITY_OFFICERS },
  campaignList: { roles: WITH_HEADS, regions: queryRegion },
  campaignRead: { roles: WITH_HEADS },
  rollup: { roles: NEUTRALITY_READERS, regions: queryRegion },
  board: { roles: NEUTRALITY_READERS, regions: queryRegion },
  pledgeSubmit: { roles: [...NEUTRALITY_OFFICERS, 'agency_head'] },
  pledgeRead: { roles: WITH_HEADS },
  pledgeReview: { roles: NEUTRALITY_OFFICERS },
  pact: { roles: [...NEUTRALITY_OFFICERS, 'agency_head'] },
  caseWrite: { roles: NEUTRALITY_OFFICERS, regions: bodyRegion },
  caseUpdate: { roles: NEUTRALITY_OFFICERS },
  caseList: { roles: NEUTRALITY_READERS, regions: queryRegion },
  caseRead: { roles: NEUTRALITY_READERS },
} satisfies Record<string, Access>;
