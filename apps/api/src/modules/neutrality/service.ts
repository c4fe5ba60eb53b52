import type { NeutralityDeps } from './context.ts';
import { createAgencyService } from './service-agencies.ts';
import { createCampaignService } from './service-campaigns.ts';
import { createCaseService } from './service-cases.ts';

/** Neutrality (C6): the agency register, pledge campaigns with their pledges, neutrality cases. */
export function createNeutralityService(deps: NeutralityDeps) {
  return {
    agencies: createAgencyService(deps),
    campaigns: createCampaignService(deps),
    cases: createCaseService(deps),
    /** Kept for the demo seed, which replays a campaign on its own clock. */
    deps,
  };
}

export type NeutralityService = ReturnType<typeof createNeutralityService>;
