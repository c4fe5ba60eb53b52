import { OFFICER_ROLES } from '@sinergi/shared';
import { RISK_READERS } from '../../src/modules/risk/policy.ts';
import type { AccessCase } from './types.ts';

/** Routes of the vulnerability index (risk module). */

export const cases: AccessCase[] = [
  {
    route: 'GET /api/v1/risk',
    allowed: RISK_READERS,
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/risk?parent=${regionCode}` }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/risk/:code',
    allowed: RISK_READERS,
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/risk/${regionCode}` }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/risk/:code/history',
    allowed: RISK_READERS,
    build: (_ctx, regionCode) =>
      Promise.resolve({ url: `/api/v1/risk/${regionCode}/history?from=2024-11-20&to=2024-11-27` }),
    okStatus: 200,
  },
  {
    route: 'PUT /api/v1/risk/baseline',
    allowed: OFFICER_ROLES,
    // Rows name the target regency: from outside its scope the service refuses the row (403).
    build: (_ctx, regionCode) =>
      Promise.resolve({
        url: '/api/v1/risk/baseline',
        payload: {
          rows: [
            {
              regionCode,
              socialPolitical: 40,
              electionAdministration: 30,
              contestation: 50,
              participation: 20,
              source: 'Matriks akses (uji)',
              measuredOn: '2024-08-26',
            },
          ],
        },
      }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/risk/baseline/sample.csv',
    allowed: OFFICER_ROLES,
    // The sample file names no region of the caller's.
    selfOnly: true,
    build: () => Promise.resolve({ url: '/api/v1/risk/baseline/sample.csv' }),
    okStatus: 200,
  },
];
