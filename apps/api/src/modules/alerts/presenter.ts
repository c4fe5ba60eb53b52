import {
  UTC_OFFSET,
  type Alert,
  type AlertDetail,
  type AlertReport,
  type AlertStatus,
  type TimeZoneId,
  type Webhook,
} from '@sinergi/shared';
import type { AlertReportRow, AlertView, WebhookRow } from './repository.ts';

/** An instant (ISO, UTC) written in a region's zone: "2024-11-27T10:00:00.000+07:00". */
export function inZone(instant: string, timezone: TimeZoneId): string {
  const offset = UTC_OFFSET[timezone];
  const shifted = new Date(Date.parse(instant) + Number(offset.slice(1, 3)) * 3_600_000).toISOString();
  return `${shifted.slice(0, -1)}${offset}`;
}

const zoned = (instant: string | null, timezone: TimeZoneId) =>
  instant === null ? null : inZone(instant, timezone);
const person = (id: string | null, name: string | null) => (id === null ? null : { id, name: name ?? '' });

export function presentAlert(view: AlertView): Alert {
  const timezone = view.timezone as TimeZoneId;
  return {
    id: view.id,
    regionCode: view.region_code,
    regionName: view.region_name,
    timezone,
    kind: view.kind,
    severity: view.severity,
    status: view.status as AlertStatus,
    title: view.title,
    details: view.details,
    reportCount: view.report_count,
    openedAt: inZone(view.opened_at, timezone),
    updatedAt: inZone(view.updated_at, timezone),
    acknowledgedAt: zoned(view.acknowledged_at, timezone),
    acknowledgedBy: person(view.acknowledged_by, view.acknowledged_by_name),
    assignee: person(view.assignee_id, view.assignee_name),
    assignedAt: zoned(view.assigned_at, timezone),
    closedAt: zoned(view.closed_at, timezone),
    closedBy: person(view.closed_by, view.closed_by_name),
    closeNote: view.close_note,
  };
}

export function presentAlertReport(row: AlertReportRow, timezone: TimeZoneId): AlertReport {
  return {
    id: row.report_id,
    title: row.title,
    category: row.category,
    severity: row.severity,
    occurredAt: inZone(row.occurred_at, timezone),
  };
}

export function presentAlertDetail(view: AlertView, reports: AlertReportRow[]): AlertDetail {
  const timezone = view.timezone as TimeZoneId;
  return { ...presentAlert(view), reports: reports.map((r) => presentAlertReport(r, timezone)) };
}

export function presentWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    regionCode: row.region_code,
    regionName: row.region_name,
    url: row.url,
    description: row.description,
    createdAt: row.created_at,
  };
}
