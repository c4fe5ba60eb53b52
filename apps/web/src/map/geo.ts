import { useQuery } from '@tanstack/react-query';
import type { FeatureCollection, Geometry } from 'geojson';

/** Properties of every boundary feature (data/geo): the Kemendagri code and the name. */
export interface BoundaryProperties {
  code: string;
  name: string;
}
export type Boundaries = FeatureCollection<Geometry, BoundaryProperties>;

/**
 * Boundary files copied into the app at build time (src/map/build-geo.js): the provinces, and the
 * regencies one province at a time. Static and versioned with the app, so kept for the session.
 */
export function boundaryUrl(parentCode: string | null): string {
  return parentCode === null ? '/geo/provinces.json' : `/geo/regencies/${parentCode.slice(0, 2)}.json`;
}

export function useBoundaries(url: string | null) {
  return useQuery({
    queryKey: ['geo', url],
    queryFn: async ({ signal }): Promise<Boundaries | null> => {
      const response = await fetch(url ?? '', { signal, credentials: 'same-origin' });
      // A build without boundary files answers with the app's index page: no map, tables only.
      if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return null;
      return (await response.json()) as Boundaries;
    },
    enabled: url !== null,
    staleTime: Infinity,
    gcTime: 30 * 60_000,
  });
}
