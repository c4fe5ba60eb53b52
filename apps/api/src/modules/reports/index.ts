import type { ReportService } from './service.ts';

export type { ReportEvent, ReportListener } from './events.ts';
export { createReportRepository, type ReportRepository } from './repository.ts';
export { createReportService, type ReportService } from './service.ts';
export { registerReportRoutes } from './routes.ts';
export { signBody as signSmsBody } from './sms.ts';
export { seedDemoReports } from './demo.ts';
export {
  reportExportCount,
  reportExportCsvLines,
  reportExportRows,
  type ReportExportRow,
  type ReportExportFilter,
} from './export-rows.ts';

/** The reports source of situation reports: figures of a region's subtree for the period. */
export function sitrepReportFigures(reports: ReportService) {
  return (scope: { regionPath: string; from: Date; to: Date }) =>
    reports.figuresFor(scope.regionPath, scope.from, scope.to);
}
