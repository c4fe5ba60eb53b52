import type { RiskContributor, RiskItem, RiskLevel } from '@sinergi/shared';
import { round2, type ScoreParts } from './formula.ts';
import type { BaselineRow, ContributorRow } from './repository.ts';

/** The only code that shapes the risk module's JSON. Reporter identity never reaches it. */

export interface ComputedScore extends ScoreParts {
  level: RiskLevel;
  baseline: number | null;
  signal: number;
}

// Roman numerals and the abbreviations that stay capitalised in official names.
const KEEP_UPPER = /^(DKI|DI|[IVXL]+)$/;

/** "KABUPATEN BATANGHARI" as "Kabupaten Batanghari" for alert titles (Kemendagri spells some in capitals). */
export function displayName(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .split(/(\s+|-|\/|\()/)
    .map((word) =>
      KEEP_UPPER.test(word.toUpperCase()) ? word.toUpperCase() : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join('');
}

export const SCORE_FORMULA_TEXT =
  'score = B + (100 − B) × (1 − e^(−signal / k)); B = mean of the four IKP dimensions (own or nearest ancestor); ' +
  'signal = Σ severity × status weight × 2^(−age / half-life) over the region and everything inside it';

export function presentItem(
  row: { code: string; name: string; level: number },
  computed: ComputedScore,
  openReports: number,
  reports24h: number,
): RiskItem {
  return {
    code: row.code,
    name: row.name,
    regionLevel: row.level,
    score: computed.score,
    level: computed.level,
    baseline: computed.baseline,
    signal: round2(computed.signal),
    openReports,
    reports24h,
  };
}

export function presentBaselineVersion(row: BaselineRow) {
  const dimensions = {
    socialPolitical: Number(row.social_political),
    electionAdministration: Number(row.election_administration),
    contestation: Number(row.contestation),
    participation: Number(row.participation),
  };
  return {
    composite: round2(
      (dimensions.socialPolitical +
        dimensions.electionAdministration +
        dimensions.contestation +
        dimensions.participation) /
        4,
    ),
    dimensions,
    source: row.source,
    measuredOn: row.measured_on,
    validFrom: row.valid_from,
    supersededAt: row.superseded_at,
  };
}

export function presentContributor(row: ContributorRow, signal: number): RiskContributor {
  return {
    reportId: row.report_id,
    title: row.title,
    category: row.category,
    severity: row.severity,
    status: row.status,
    occurredAt: row.at,
    regionCode: row.region_code,
    contribution: Math.round(row.contribution * 1000) / 1000,
    share: signal > 0 ? Math.round((row.contribution / signal) * 1000) / 1000 : 0,
  };
}
