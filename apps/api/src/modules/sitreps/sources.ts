import type { SitrepFigures } from '@sinergi/shared';

/** A region and period as the compiler hands them to each source. */
export interface SitrepScope {
  regionCode: string;
  /** ltree path: sources count the region's whole subtree. */
  regionPath: string;
  timezone: 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';
  periodStart: string;
  periodEnd: string;
  /** First instant of periodStart and first instant after periodEnd, in the region's zone. */
  from: Date;
  to: Date;
  /** When the compilation runs (the service clock). */
  now: Date;
}

/**
 * Where a sitrep's figures come from: each capability module answers for its own data through its
 * index (wired in app.ts). A source that is not wired yields null, shown as "no data" in the document.
 */
export interface SitrepSources {
  stage(scope: SitrepScope): Promise<SitrepFigures['stage']>;
  reports(scope: SitrepScope): Promise<SitrepFigures['reports']>;
  alerts(scope: SitrepScope): Promise<SitrepFigures['alerts']>;
  risk(scope: SitrepScope): Promise<SitrepFigures['risk']>;
  meetings(scope: SitrepScope): Promise<SitrepFigures['meetings']>;
  pledges(scope: SitrepScope): Promise<SitrepFigures['pledges']>;
  readiness(scope: SitrepScope): Promise<SitrepFigures['readiness']>;
}

export const noSources: SitrepSources = {
  stage: () => Promise.resolve(null),
  reports: () => Promise.resolve(null),
  alerts: () => Promise.resolve(null),
  risk: () => Promise.resolve(null),
  meetings: () => Promise.resolve(null),
  pledges: () => Promise.resolve(null),
  readiness: () => Promise.resolve(null),
};
