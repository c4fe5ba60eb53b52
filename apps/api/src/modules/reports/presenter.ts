import {
  UTC_OFFSET,
  type PublicIntakePlace,
  type Report,
  type ReportAttachment,
  type ReportCategoryCode,
  type ReportChannel,
  type ReportHistoryEntry,
  type ReportStatus,
  type TimeZoneId,
} from '@sinergi/shared';

/** A report as read for presenting: the row plus the names and zone of its region. */
export interface ReportView {
  id: string;
  region_code: string;
  region_name: string;
  district_code: string;
  district_name: string;
  timezone: string;
  occurred_at: string;
  created_at: string;
  updated_at: string;
  category: string;
  severity: number;
  status: string;
  title: string;
  description: string;
  lat: number | null;
  lon: number | null;
  channel: string;
  anonymous: boolean;
  duplicate_of: string | null;
  tracking_code: string | null;
}

/** The fields of a stored report that its events carry (writer.eventOf). */
export type EventSource = Pick<
  ReportView,
  | 'id'
  | 'region_code'
  | 'district_code'
  | 'occurred_at'
  | 'created_at'
  | 'category'
  | 'severity'
  | 'status'
  | 'title'
>;

/** An instant (ISO, UTC) written in a region's zone: "2024-11-27T10:00:00.000+07:00". */
export function inZone(instant: string, timezone: TimeZoneId): string {
  const offset = UTC_OFFSET[timezone];
  const hours = Number(offset.slice(1, 3));
  const shifted = new Date(Date.parse(instant) + hours * 3_600_000).toISOString();
  return `${shifted.slice(0, 23)}${offset}`;
}

const zoneOf = (timezone: string): TimeZoneId =>
  timezone === 'Asia/Makassar' || timezone === 'Asia/Jayapura' ? timezone : 'Asia/Jakarta';

/** The only shape a report leaves the API in. The reporter's identity is never part of it. */
export function presentReport(row: ReportView): Report {
  const timezone = zoneOf(row.timezone);
  return {
    id: row.id,
    regionCode: row.region_code,
    regionName: row.region_name,
    districtCode: row.district_code,
    districtName: row.district_name,
    occurredAt: inZone(row.occurred_at, timezone),
    createdAt: inZone(row.created_at, timezone),
    updatedAt: inZone(row.updated_at, timezone),
    timezone,
    category: row.category as ReportCategoryCode,
    severity: row.severity as Report['severity'],
    status: row.status as ReportStatus,
    title: row.title,
    description: row.description,
    location: row.lat === null || row.lon === null ? null : { lat: row.lat, lon: row.lon },
    channel: row.channel as ReportChannel,
    anonymous: row.anonymous,
    duplicateOf: row.duplicate_of,
    trackingCode: row.tracking_code,
  };
}

export interface HistoryRow {
  from_status: string;
  to_status: string;
  note: string | null;
  duplicate_of: string | null;
  changed_by: string | null;
  changed_by_name: string;
  changed_at: string;
}

/** The history starts with the filing (who filed is deliberately not shown), then every change. */
export function presentHistory(report: ReportView, rows: HistoryRow[]): ReportHistoryEntry[] {
  const timezone = zoneOf(report.timezone);
  return [
    {
      fromStatus: null,
      status: 'new',
      note: null,
      duplicateOf: null,
      by: null,
      at: inZone(report.created_at, timezone),
    },
    ...rows.map((row) => ({
      fromStatus: row.from_status as ReportStatus,
      status: row.to_status as ReportStatus,
      note: row.note,
      duplicateOf: row.duplicate_of,
      by: { id: row.changed_by, name: row.changed_by_name },
      at: inZone(row.changed_at, timezone),
    })),
  ];
}

export interface AttachmentRow {
  id: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  created_at: string;
}

export function presentAttachment(row: AttachmentRow, timezone: string): ReportAttachment {
  return {
    id: row.id,
    filename: row.filename,
    mime: row.mime,
    size: Number(row.size),
    sha256: row.sha256,
    createdAt: inZone(row.created_at, zoneOf(timezone)),
  };
}

/** A place of the public form's picker: its name as Kemendagri spells it, and whether it takes reports itself. */
export function presentIntakePlace(row: {
  code: string;
  name: string;
  level: number;
  accepts_reports: boolean;
}): PublicIntakePlace {
  return { code: row.code, name: row.name, level: row.level, acceptsReports: row.accepts_reports };
}
