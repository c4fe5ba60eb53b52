import { describe, expect, it } from 'vitest';
import { planAlerts, type RuleCandidate, type RuleReport } from './rules.ts';

const H = 3_600_000;
const T0 = Date.parse('2024-11-27T00:00:00Z');

function report(id: string, hours: number, severity = 3, district = '15.04.01'): RuleReport {
  return { reportId: id, districtCode: district, occurredAt: T0 + hours * H, severity };
}
const free = (r: RuleReport): RuleCandidate => ({ ...r, alertId: null, alertOpen: false });

describe('alert rules', () => {
  it('a critical report alone opens one alert for its district', () => {
    const r = report('a', 0, 4);
    const plan = planAlerts([r], [free(r)]);
    expect(plan.open).toEqual([
      { ref: 0, districtCode: '15.04.01', kind: 'critical_report', severity: 4, reportIds: ['a'] },
    ]);
  });

  it('three serious reports within six hours open one cluster alert, not three', () => {
    const reports = [report('a', 0), report('b', 2.5), report('c', 6)];
    const plan = planAlerts(reports, reports.map(free));
    expect(plan.open).toHaveLength(1);
    expect(plan.open[0]).toMatchObject({ kind: 'report_cluster', severity: 3 });
    expect(plan.open[0]?.reportIds.sort()).toEqual(['a', 'b', 'c']);
  });

  it('three serious reports spread over seven hours open nothing', () => {
    const reports = [report('a', 0), report('b', 3.5), report('c', 7)];
    expect(planAlerts(reports, reports.map(free)).open).toEqual([]);
  });

  it('the third report arriving later completes a window with two stored ones', () => {
    const stored = [report('a', 0), report('b', 1)];
    const arriving = report('c', -4);
    const plan = planAlerts([arriving], [...stored, arriving].map(free));
    expect(plan.open[0]?.reportIds.sort()).toEqual(['a', 'b', 'c']);
  });

  it('reports in different districts do not make a cluster together', () => {
    const reports = [report('a', 0), report('b', 1, 3, '15.04.02'), report('c', 2, 3, '15.04.03')];
    expect(planAlerts(reports, reports.map(free)).open).toEqual([]);
  });

  it('a serious report near a report of an open alert joins that alert', () => {
    const member: RuleCandidate = { ...report('a', 0, 4), alertId: 'alert-1', alertOpen: true };
    const arriving = report('b', 5, 4);
    const plan = planAlerts([arriving], [member, free(arriving)]);
    expect(plan.open).toEqual([]);
    expect(plan.attach).toEqual([{ alertId: 'alert-1', reportId: 'b', severity: 4 }]);
  });

  it('reports of a closed alert do not count towards a new cluster', () => {
    const handled: RuleCandidate[] = [
      { ...report('a', 0), alertId: 'old', alertOpen: false },
      { ...report('b', 1), alertId: 'old', alertOpen: false },
    ];
    const arriving = report('c', 2);
    expect(planAlerts([arriving], [...handled, free(arriving)])).toEqual({ open: [], attach: [] });
  });

  it('a whole batch in one district opens a single alert that takes the later reports too', () => {
    const reports = [0, 1, 2, 3, 4, 5].map((h, i) => report(`r${i}`, h, i === 5 ? 4 : 3));
    const plan = planAlerts(reports, reports.map(free));
    expect(plan.open).toHaveLength(1);
    expect(plan.open[0]?.reportIds).toHaveLength(6);
    expect(plan.open[0]?.severity).toBe(4);
  });
});
