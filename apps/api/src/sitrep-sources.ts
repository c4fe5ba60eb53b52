import { NATIONAL_CODE } from '@sinergi/shared';
import { SYSTEM_READER } from './http/actor.ts';
import type { Alerts } from './modules/alerts/index.ts';
import type { ElectionService } from './modules/elections/index.ts';
import type { Meetings } from './modules/meetings/index.ts';
import { pledgeFiguresForSitrep, type NeutralityService } from './modules/neutrality/index.ts';
import type { ReadinessService } from './modules/readiness/index.ts';
import { sitrepReportFigures, type ReportService } from './modules/reports/index.ts';
import type { RiskService } from './modules/risk/index.ts';
import type { SitrepSources } from './modules/sitreps/index.ts';

const ALERTS_LISTED = 20;

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * The figures of a situation report, each from the module that owns the data, reached through its
 * index. The sitrep's caller has passed the policy layer for the region; the modules are read with
 * the national system reader, limited to the region's subtree by the scope each source is given.
 */
export function createSitrepSources(modules: {
  reports: ReportService;
  alerts: Alerts;
  risk: RiskService;
  meetings: Meetings;
  neutrality: NeutralityService;
  elections: ElectionService;
  readiness: ReadinessService;
}): SitrepSources {
  const reportFigures = sitrepReportFigures(modules.reports);
  return {
    async stage(scope) {
      const running = await modules.elections.currentStage(scope.regionCode, scope.periodEnd);
      const first = running[0];
      return first ? { election: first.election.name, code: first.stage.code, name: first.stage.name } : null;
    },
    reports: (scope) => reportFigures(scope),
    async alerts(scope) {
      const region = scope.regionCode === NATIONAL_CODE ? undefined : scope.regionCode;
      const [open, acknowledged] = await Promise.all(
        (['open', 'acknowledged'] as const).map((status) =>
          modules.alerts.service.list(SYSTEM_READER, {
            ...(region ? { region } : {}),
            status,
            limit: 200,
          }),
        ),
      );
      const items = [...(open?.items ?? []), ...(acknowledged?.items ?? [])];
      return {
        open: items.length,
        items: items
          .sort((a, b) => a.openedAt.localeCompare(b.openedAt))
          .slice(0, ALERTS_LISTED)
          .map((a) => ({ title: a.title, regionName: a.regionName, openedAt: a.openedAt })),
      };
    },
    async risk(scope) {
      // The index scores regions, not the country as a whole.
      if (scope.regionCode === NATIONAL_CODE) return null;
      const history = await modules.risk.history(SYSTEM_READER, scope.regionCode, {
        from: dayBefore(scope.periodStart),
        to: scope.periodEnd,
      });
      const last = history.items[history.items.length - 1];
      const previous = history.items[0];
      if (!last) return null;
      return {
        score: last.score,
        level: last.level,
        previousScore: previous && previous !== last ? previous.score : null,
        previousLevel: previous && previous !== last ? previous.level : null,
      };
    },
    meetings: (scope) => modules.meetings.sitrepSource(scope),
    pledges: (scope) => pledgeFiguresForSitrep(modules.neutrality, scope),
    async readiness(scope) {
      const summary = await modules.readiness.readinessSummary(scope.regionCode);
      if (summary.total.items === 0) return null;
      return {
        overallPct: summary.total.pct,
        areas: summary.areas.map((area) => ({ area: area.area, pct: area.pct })),
      };
    },
  };
}
