import { compliancePct } from './presenter.ts';
import type { NeutralityService } from './service.ts';

const WINDOW_MS = 90 * 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Pledge compliance for a situation report: campaigns on the region's line whose deadline lies
 * within 90 days of the period, counted over the region's own agencies as of the compilation.
 */
export async function pledgeFiguresForSitrep(
  service: NeutralityService,
  scope: { regionPath: string; periodStart: string; periodEnd: string; now: Date },
): Promise<{
  campaigns: Array<{ title: string; deadline: string; compliancePct: number; overdue: number }>;
}> {
  const { repository } = service.deps;
  const from = day(Date.parse(`${scope.periodStart}T00:00:00Z`) - WINDOW_MS);
  const to = day(Date.parse(`${scope.periodEnd}T00:00:00Z`) + WINDOW_MS);
  const rows = (await repository.listCampaigns(scope.regionPath, {}, 200)).filter(
    (c) => c.deadline >= from && c.deadline <= to,
  );
  const campaigns = await Promise.all(
    rows.slice(0, 20).map(async (c) => {
      const counts = await repository.campaignCounts(c.id, scope.regionPath, scope.now, c.region_path);
      return {
        title: c.title,
        deadline: c.deadline,
        compliancePct: compliancePct(counts.signed, counts.agencies),
        overdue: counts.overdue,
      };
    }),
  );
  return { campaigns: campaigns.sort((a, b) => a.deadline.localeCompare(b.deadline)) };
}
