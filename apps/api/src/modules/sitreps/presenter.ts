import type { Sitrep, SitrepFigures, SitrepStatus } from '@sinergi/shared';
import type { SitrepRow } from './repository.ts';

export function presentSitrep(row: SitrepRow): Sitrep {
  return {
    id: row.id,
    regionCode: row.region_code,
    regionName: row.region_name,
    parentCode: row.parent_code,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    version: row.version,
    status: row.status as SitrepStatus,
    narrative: row.narrative,
    figures: row.figures as SitrepFigures,
    createdAt: row.created_at,
    createdBy: row.created_by_name,
    submittedAt: row.submitted_at,
    reviewedAt: row.reviewed_at,
    reviewNote: row.review_note,
    supersedes: row.supersedes,
    supersededBy: row.superseded_by,
  };
}

export function presentSitrepSummary(row: SitrepRow): Omit<Sitrep, 'figures' | 'narrative'> {
  const { figures: _figures, narrative: _narrative, ...summary } = presentSitrep(row);
  return summary;
}
