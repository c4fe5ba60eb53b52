import type { RiskLevel } from '@sinergi/shared';

/**
 * The vulnerability index, as pure functions (docs/risk-index.md explains each choice).
 *
 *   baselineComposite = mean of the four IKP dimensions (0–100), or that of the nearest ancestor
 *   signal            = Σ over the subtree's reports of severity × statusWeight × 2^(−age / halfLife)
 *   score             = B + (100 − B) · (1 − e^(−signal / k[regionLevel]))
 *   level             = high if score ≥ high[regionLevel], medium if ≥ medium[regionLevel], else low
 */

export type ReportStatus = 'new' | 'verified' | 'handling' | 'resolved' | 'rejected' | 'duplicate';

/** How much a report counts while in each status: unconfirmed half, confirmed full, settled a little. */
export const STATUS_WEIGHTS: Readonly<Record<ReportStatus, number>> = {
  new: 0.5,
  verified: 1,
  handling: 1,
  resolved: 0.3,
  rejected: 0,
  duplicate: 0,
};

export const OPEN_STATUSES: readonly ReportStatus[] = ['new', 'verified', 'handling'];
export const COUNTED_STATUSES: readonly ReportStatus[] = ['new', 'verified', 'handling', 'resolved'];

/**
 * Signal at which the live part fills 63 % of the gap above the baseline, per region level. A region's
 * signal is its subtree's, so larger regions need more reports for the same rise.
 */
export const SIGNAL_SCALE: Readonly<Record<1 | 2 | 3 | 4, number>> = { 1: 60, 2: 20, 3: 10, 4: 6 };

export interface Thresholds {
  medium: number;
  high: number;
}

/**
 * IKP 2024 (Bawaslu) cut-offs for provinces and regencies; districts and villages have no IKP scale
 * of their own and use the regency one, since their baseline is normally inherited from the regency.
 */
export const DEFAULT_THRESHOLDS: Readonly<Record<1 | 2 | 3 | 4, Thresholds>> = {
  1: { medium: 21.7, high: 68.5 },
  2: { medium: 13.47, high: 49.33 },
  3: { medium: 13.47, high: 49.33 },
  4: { medium: 13.47, high: 49.33 },
};

export type ThresholdTable = Readonly<Record<1 | 2 | 3 | 4, Thresholds>>;

export interface Dimensions {
  socialPolitical: number;
  electionAdministration: number;
  contestation: number;
  participation: number;
}

export const DIMENSION_KEYS = [
  'socialPolitical',
  'electionAdministration',
  'contestation',
  'participation',
] as const satisfies ReadonlyArray<keyof Dimensions>;

export const round2 = (value: number): number => Math.round(value * 100) / 100;

/** Equal weights: the four IKP dimensions as imported, averaged. */
export function baselineComposite(d: Dimensions): number {
  return round2((d.socialPolitical + d.electionAdministration + d.contestation + d.participation) / 4);
}

/** Contribution of one report at `now` (ms), given when its signal started (`at`, ms). */
export function reportContribution(
  severity: number,
  status: ReportStatus,
  atMs: number,
  nowMs: number,
  halfLifeHours: number,
): number {
  const ageHours = Math.max(0, nowMs - atMs) / 3_600_000;
  return severity * STATUS_WEIGHTS[status] * 2 ** (-ageHours / halfLifeHours);
}

/** The exponent-form term kept in the aggregates: severity · weight · 2^((at − t0)/halfLife). */
export function epochTerm(
  severity: number,
  status: ReportStatus,
  atMs: number,
  t0Ms: number,
  halfLifeHours: number,
): number {
  return severity * STATUS_WEIGHTS[status] * 2 ** ((atMs - t0Ms) / 3_600_000 / halfLifeHours);
}

/** The signal now from an aggregate kept against the epoch t0. */
export function decayedSignal(weighted: number, t0Ms: number, nowMs: number, halfLifeHours: number): number {
  const value = weighted * 2 ** (-(nowMs - t0Ms) / 3_600_000 / halfLifeHours);
  // Additions and subtractions of floating-point terms can leave a tiny negative remainder.
  return value > 1e-9 ? value : 0;
}

export interface ScoreParts {
  score: number;
  /** 1 − e^(−signal/k): the share of the gap above the baseline that the live signal fills. */
  liveFraction: number;
  baselinePart: number;
  livePart: number;
}

export function scoreParts(baseline: number | null, signal: number, regionLevel: number): ScoreParts {
  const b = Math.min(100, Math.max(0, baseline ?? 0));
  const k = SIGNAL_SCALE[clampLevel(regionLevel)];
  const liveFraction = 1 - Math.exp(-Math.max(0, signal) / k);
  const livePart = (100 - b) * liveFraction;
  return { score: round2(b + livePart), liveFraction, baselinePart: b, livePart };
}

export function riskScore(baseline: number | null, signal: number, regionLevel: number): number {
  return scoreParts(baseline, signal, regionLevel).score;
}

export function clampLevel(regionLevel: number): 1 | 2 | 3 | 4 {
  return Math.min(4, Math.max(1, Math.trunc(regionLevel))) as 1 | 2 | 3 | 4;
}

export const LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high'];

export function levelRank(level: RiskLevel): 0 | 1 | 2 {
  return level === 'high' ? 2 : level === 'medium' ? 1 : 0;
}

/** The level of a (presented, 2-decimal) score: a boundary value belongs to the higher level. */
export function riskLevel(
  score: number,
  regionLevel: number,
  table: ThresholdTable = DEFAULT_THRESHOLDS,
): RiskLevel {
  const t = table[clampLevel(regionLevel)];
  if (score >= t.high) return 'high';
  if (score >= t.medium) return 'medium';
  return 'low';
}

/** Score band below a threshold that still counts as "at that level" for ending an alert episode. */
export const EPISODE_HYSTERESIS = 2;

/**
 * The level whose alert episode continues at `score`: the running episode's level, lowered while the
 * score sits more than EPISODE_HYSTERESIS points below its threshold (so a score hovering at a
 * threshold does not open an alert each time it ticks over).
 */
export function episodeLevel(
  running: 0 | 1 | 2,
  score: number,
  regionLevel: number,
  table: ThresholdTable = DEFAULT_THRESHOLDS,
): 0 | 1 | 2 {
  const t = table[clampLevel(regionLevel)];
  let level = running;
  while (level > 0 && score < (level === 2 ? t.high : t.medium) - EPISODE_HYSTERESIS)
    level = (level - 1) as 0 | 1;
  return level;
}

/**
 * Unusual activity: is `observed` reports in the last 24 h improbable for a Poisson count whose daily
 * mean is that of the previous 28 days? λ is floored so a quiet region needs a real burst (≥ 4 reports
 * at λ = 0.5), and at least MIN_SPIKE_COUNT reports are required.
 */
export const SPIKE_ALPHA = 0.01;
export const SPIKE_LAMBDA_FLOOR = 0.5;
export const MIN_SPIKE_COUNT = 3;
export const SPIKE_BASELINE_DAYS = 28;

export interface ActivityTest {
  observed: number;
  expectedPerDay: number;
  lambda: number;
  pValue: number;
  unusual: boolean;
}

export function activityTest(observed24h: number, previous28Days: number): ActivityTest {
  const expectedPerDay = previous28Days / SPIKE_BASELINE_DAYS;
  const lambda = Math.max(SPIKE_LAMBDA_FLOOR, expectedPerDay);
  const pValue = poissonUpperTail(observed24h, lambda);
  return {
    observed: observed24h,
    expectedPerDay: round2(expectedPerDay),
    lambda,
    pValue,
    unusual: observed24h >= MIN_SPIKE_COUNT && pValue < SPIKE_ALPHA,
  };
}

/** P(X ≥ x) for X ~ Poisson(λ), with terms in log space so neither tail nor a large λ underflows. */
export function poissonUpperTail(x: number, lambda: number): number {
  if (x <= 0) return 1;
  const logLambda = Math.log(lambda);
  if (x <= lambda) {
    // At or below the mean the answer is ≥ ~0.5: 1 − P(X < x) loses nothing.
    let lower = 0;
    let logTerm = -lambda;
    for (let i = 0; i < x; i += 1) {
      lower += Math.exp(logTerm);
      logTerm += logLambda - Math.log(i + 1);
    }
    return Math.min(1, Math.max(0, 1 - lower));
  }
  // Above the mean, sum the tail itself (1 − lower would cancel to 0 for small p-values).
  let logTerm = -lambda + x * logLambda - logFactorial(x);
  let tail = 0;
  for (let i = x; i < x + 10_000; i += 1) {
    const term = Math.exp(logTerm);
    tail += term;
    if (term <= tail * 1e-16) break;
    logTerm += logLambda - Math.log(i + 1);
  }
  return Math.min(1, tail);
}

function logFactorial(n: number): number {
  let sum = 0;
  for (let i = 2; i <= n; i += 1) sum += Math.log(i);
  return sum;
}
