/**
 * The alert rules on reports, as a pure function over what one query returns (so they can be
 * reasoned about and tested without a database):
 *
 * - a critical report (severity 4) opens an alert for its district;
 * - three or more serious reports (severity >= 3) in one district within 6 hours of each other
 *   (a sliding window on occurredAt) open one alert for that district;
 * - a serious report within 6 hours of a report of an alert still open in its district joins that
 *   alert instead: one alert per cluster, never one per report;
 * - rejected and duplicate reports never count, and a report feeds at most one alert (once part of
 *   an alert, even a closed one, it does not count towards another).
 */

export const WINDOW_MS = 6 * 3_600_000;
export const CLUSTER_THRESHOLD = 3;
export const SERIOUS_SEVERITY = 3;
export const CRITICAL_SEVERITY = 4;
/** Statuses that take a report out of every count. */
export const UNCOUNTED_STATUSES: readonly string[] = ['rejected', 'duplicate'];

export interface RuleReport {
  reportId: string;
  districtCode: string;
  /** Epoch milliseconds. */
  occurredAt: number;
  severity: number;
}

/** A serious, countable report of the district near a trigger, with the alert it already feeds. */
export interface RuleCandidate extends RuleReport {
  alertId: string | null;
  alertOpen: boolean;
}

export interface PlannedAlert {
  /** Index into `open`, referenced by attachments made later in the same plan. */
  ref: number;
  districtCode: string;
  kind: 'critical_report' | 'report_cluster';
  severity: number;
  reportIds: string[];
}

export interface PlannedAttachment {
  alertId: string;
  reportId: string;
  severity: number;
}

export interface AlertPlan {
  open: PlannedAlert[];
  attach: PlannedAttachment[];
}

const byTime = (a: RuleReport, b: RuleReport) =>
  a.occurredAt - b.occurredAt || (a.reportId < b.reportId ? -1 : a.reportId > b.reportId ? 1 : 0);

/**
 * `triggers`: the serious, countable reports of the events being handled. `candidates`: every
 * serious, countable report within 6 hours of a trigger in its district (triggers included).
 */
export function planAlerts(triggers: RuleReport[], candidates: RuleCandidate[]): AlertPlan {
  const plan: AlertPlan = { open: [], attach: [] };
  const districts = new Map<string, RuleCandidate[]>();
  for (const c of candidates) districts.set(c.districtCode, [...(districts.get(c.districtCode) ?? []), c]);

  for (const [districtCode, pool] of districts) {
    // Which alert each report feeds: an existing alert's id, or a planned one's ref.
    const feeds = new Map<string, { alert: string | number; open: boolean }>();
    for (const c of pool) if (c.alertId) feeds.set(c.reportId, { alert: c.alertId, open: c.alertOpen });
    const byId = new Map(pool.map((c) => [c.reportId, c]));
    const ordered = [...pool].sort(byTime);

    const districtTriggers = triggers.filter((t) => t.districtCode === districtCode).sort(byTime);
    for (const trigger of districtTriggers) {
      if (feeds.has(trigger.reportId) || !byId.has(trigger.reportId)) continue;

      // Join the nearest open alert with a report within the window.
      let nearest: { alert: string | number; distance: number } | undefined;
      for (const c of ordered) {
        const fed = feeds.get(c.reportId);
        if (!fed?.open) continue;
        const distance = Math.abs(c.occurredAt - trigger.occurredAt);
        if (distance <= WINDOW_MS && (!nearest || distance < nearest.distance))
          nearest = { alert: fed.alert, distance };
      }
      if (nearest) {
        feeds.set(trigger.reportId, { alert: nearest.alert, open: true });
        if (typeof nearest.alert === 'number') {
          const planned = plan.open[nearest.alert];
          if (planned) {
            planned.reportIds.push(trigger.reportId);
            planned.severity = Math.max(planned.severity, trigger.severity);
          }
        } else {
          plan.attach.push({
            alertId: nearest.alert,
            reportId: trigger.reportId,
            severity: trigger.severity,
          });
        }
        continue;
      }

      const free = ordered.filter(
        (c) => !feeds.has(c.reportId) && Math.abs(c.occurredAt - trigger.occurredAt) <= WINDOW_MS,
      );
      let members: RuleCandidate[] | undefined;
      let kind: PlannedAlert['kind'] = 'report_cluster';
      if (trigger.severity >= CRITICAL_SEVERITY) {
        // The serious reports around a critical one are its context; they join its alert.
        members = free;
        kind = 'critical_report';
      } else {
        // The fullest 6-hour window that contains the trigger starts at one of the reports before it.
        for (const start of free) {
          if (start.occurredAt > trigger.occurredAt) break;
          const window = free.filter(
            (c) => c.occurredAt >= start.occurredAt && c.occurredAt <= start.occurredAt + WINDOW_MS,
          );
          if (!window.some((c) => c.reportId === trigger.reportId)) continue;
          if (!members || window.length > members.length) members = window;
        }
        if (!members || members.length < CLUSTER_THRESHOLD) continue;
      }
      const ref = plan.open.length;
      plan.open.push({
        ref,
        districtCode,
        kind,
        severity: Math.max(...members.map((m) => m.severity)),
        reportIds: members.map((m) => m.reportId),
      });
      for (const m of members) feeds.set(m.reportId, { alert: ref, open: true });
    }
  }
  return plan;
}
