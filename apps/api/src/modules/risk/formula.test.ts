import { describe, expect, it } from 'vitest';
import {
  activityTest,
  DEFAULT_THRESHOLDS,
  episodeLevel,
  poissonUpperTail,
  reportContribution,
  riskLevel,
  riskScore,
  STATUS_WEIGHTS,
  type ReportStatus,
} from './formula.ts';

const HOUR = 3_600_000;
const NOW = Date.parse('2024-11-27T12:00:00Z');

/** A region's signal from a list of reports, as the index defines it. */
const signalOf = (
  reports: Array<{ severity: number; status: ReportStatus; ageHours: number }>,
  halfLife = 72,
) =>
  reports.reduce(
    (sum, r) => sum + reportContribution(r.severity, r.status, NOW - r.ageHours * HOUR, NOW, halfLife),
    0,
  );

describe('the score formula', () => {
  it('never falls when the baseline rises, at any signal and region level', () => {
    for (const level of [1, 2, 3, 4]) {
      for (const signal of [0, 0.5, 3, 12, 40, 400]) {
        let previous = -1;
        for (let baseline = 0; baseline <= 100; baseline += 2.5) {
          const score = riskScore(baseline, signal, level);
          expect(score, `level ${level} signal ${signal} baseline ${baseline}`).toBeGreaterThanOrEqual(
            previous,
          );
          previous = score;
        }
      }
    }
  });

  it('rises with the severity of any one report, and stays within 0–100', () => {
    const others = [
      { severity: 2, status: 'verified' as const, ageHours: 10 },
      { severity: 3, status: 'new' as const, ageHours: 40 },
    ];
    for (const status of ['new', 'verified', 'handling', 'resolved'] as const) {
      let previous = -1;
      for (const severity of [1, 2, 3, 4]) {
        const signal = signalOf([...others, { severity, status, ageHours: 5 }]);
        const score = riskScore(30, signal, 2);
        expect(score).toBeGreaterThan(previous);
        expect(score).toBeLessThanOrEqual(100);
        previous = score;
      }
    }
    expect(riskScore(100, 1000, 2)).toBe(100);
    expect(riskScore(null, 0, 2)).toBe(0);
  });

  it('halves a report’s contribution at each half-life', () => {
    for (const halfLife of [24, 72, 168]) {
      const fresh = reportContribution(4, 'verified', NOW, NOW, halfLife);
      expect(fresh).toBe(4);
      expect(reportContribution(4, 'verified', NOW - halfLife * HOUR, NOW, halfLife)).toBeCloseTo(
        fresh / 2,
        12,
      );
      expect(reportContribution(4, 'verified', NOW - 2 * halfLife * HOUR, NOW, halfLife)).toBeCloseTo(
        fresh / 4,
        12,
      );
    }
  });

  it('weighs a report by its status: rejected and duplicate add nothing', () => {
    expect(reportContribution(4, 'rejected', NOW, NOW, 72)).toBe(0);
    expect(reportContribution(4, 'duplicate', NOW, NOW, 72)).toBe(0);
    const withRejected = signalOf([
      { severity: 3, status: 'verified', ageHours: 1 },
      { severity: 4, status: 'rejected', ageHours: 1 },
      { severity: 4, status: 'duplicate', ageHours: 1 },
    ]);
    expect(withRejected).toBe(signalOf([{ severity: 3, status: 'verified', ageHours: 1 }]));
    expect(STATUS_WEIGHTS).toEqual({
      new: 0.5,
      verified: 1,
      handling: 1,
      resolved: 0.3,
      rejected: 0,
      duplicate: 0,
    });
  });
});

describe('levels', () => {
  it('the IKP 2024 cut-offs give the right level at and around each boundary', () => {
    const cases: Array<[number, number, string]> = [
      // regency: medium ≥ 13.47, high ≥ 49.33
      [2, 13.46, 'low'],
      [2, 13.47, 'medium'],
      [2, 13.48, 'medium'],
      [2, 49.32, 'medium'],
      [2, 49.33, 'high'],
      [2, 49.34, 'high'],
      // province: medium ≥ 21.7, high ≥ 68.5
      [1, 21.69, 'low'],
      [1, 21.7, 'medium'],
      [1, 68.49, 'medium'],
      [1, 68.5, 'high'],
      [1, 13.47, 'low'],
      [1, 49.33, 'medium'],
      // districts and villages use the regency scale
      [3, 13.46, 'low'],
      [3, 49.33, 'high'],
      [4, 13.47, 'medium'],
      [4, 49.32, 'medium'],
      [2, 0, 'low'],
      [1, 100, 'high'],
    ];
    for (const [level, score, expected] of cases) {
      expect(riskLevel(score, level), `level ${level} score ${score}`).toBe(expected);
    }
  });

  it('configured cut-offs replace the defaults for their level only', () => {
    const table = { ...DEFAULT_THRESHOLDS, 3: { medium: 20, high: 60 } };
    expect(riskLevel(49.33, 3, table)).toBe('medium');
    expect(riskLevel(60, 3, table)).toBe('high');
    expect(riskLevel(49.33, 2, table)).toBe('high');
  });

  it('an alert episode ends only when the score falls clearly below its threshold', () => {
    // regency high at 49.33, hysteresis 2 points
    expect(episodeLevel(2, 48, 2)).toBe(2);
    expect(episodeLevel(2, 47.2, 2)).toBe(1);
    expect(episodeLevel(2, 5, 2)).toBe(0);
    expect(episodeLevel(1, 12, 2)).toBe(1);
    expect(episodeLevel(0, 90, 2)).toBe(0);
  });
});

describe('unusual activity (Poisson upper tail)', () => {
  it('computes the upper tail accurately, including very small p-values', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 0.5)).toBeCloseTo(1 - Math.exp(-0.5), 12);
    // P(X ≥ 4 | λ = 0.5) = 1 − e^−0.5 (1 + 0.5 + 0.125 + 0.0208333)
    expect(poissonUpperTail(4, 0.5)).toBeCloseTo(1 - Math.exp(-0.5) * (1 + 0.5 + 0.125 + 0.125 / 6), 12);
    expect(poissonUpperTail(30, 2)).toBeGreaterThan(0);
    expect(poissonUpperTail(30, 2)).toBeLessThan(1e-20);
    expect(poissonUpperTail(1000, 1000)).toBeGreaterThan(0.48);
    expect(poissonUpperTail(1000, 1000)).toBeLessThan(0.52);
  });

  it('a quiet region needs a real burst; a busy one is judged against its own mean', () => {
    expect(activityTest(3, 0).unusual).toBe(false); // p ≈ 0.014 at the floor λ = 0.5
    expect(activityTest(4, 0).unusual).toBe(true); // p ≈ 0.0018
    expect(activityTest(2, 0).unusual).toBe(false); // below the minimum count
    expect(activityTest(4, 56).unusual).toBe(false); // 2 a day usually: 4 is ordinary
    expect(activityTest(8, 56).unusual).toBe(true); // P(X ≥ 8 | 2) ≈ 0.001
    expect(activityTest(8, 56).expectedPerDay).toBe(2);
  });
});
