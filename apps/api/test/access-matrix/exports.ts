import type { Role } from '@sinergi/shared';
import type { AccessCase } from './types.ts';

/** Data exports of the caller's scope. */

const EXPORTERS: readonly Role[] = [
  'admin',
  'ministry',
  'province_officer',
  'regency_officer',
  'forum_member',
];

const exportCase = (path: string): AccessCase => ({
  route: `GET ${path}`,
  allowed: EXPORTERS,
  build: (_ctx, regionCode) => Promise.resolve({ url: `${path}?region=${regionCode}` }),
  okStatus: 200,
});

export const cases: AccessCase[] = [
  exportCase('/api/v1/exports/reports.csv'),
  exportCase('/api/v1/exports/reports.xlsx'),
  exportCase('/api/v1/exports/acled.csv'),
  exportCase('/api/v1/exports/risk.csv'),
  exportCase('/api/v1/exports/risk.xlsx'),
  exportCase('/api/v1/exports/follow-ups.csv'),
  exportCase('/api/v1/exports/pledges.csv'),
  exportCase('/api/v1/exports/regions.geojson'),
];
