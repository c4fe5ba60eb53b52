import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { NATIONAL_CODE, type Region, type RegionDetail } from '@sinergi/shared';
import { api } from '../../api/client.ts';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Children of a region, page by page; the national code lists the provinces. */
export function useRegionChildren(parent: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['regions', 'children', parent],
    queryFn: ({ pageParam, signal }) =>
      api<Page<Region>>('/api/v1/regions', {
        query: { parent: parent === NATIONAL_CODE ? undefined : parent, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 10 * 60_000,
    enabled,
  });
}

export function useRegion(code: string | undefined) {
  return useQuery({
    queryKey: ['regions', 'detail', code],
    queryFn: ({ signal }) =>
      api<RegionDetail>(`/api/v1/regions/${encodeURIComponent(code ?? '')}`, { signal }),
    enabled: code !== undefined && code !== NATIONAL_CODE,
    staleTime: 10 * 60_000,
  });
}

/** Typo-tolerant name search inside the caller's scope, best first; needs two characters. */
export function useRegionSearch(text: string) {
  const q = text.trim();
  return useQuery({
    queryKey: ['regions', 'search', q],
    queryFn: ({ signal }) => api<Page<Region>>('/api/v1/regions', { query: { q, limit: 15 }, signal }),
    enabled: q.length >= 2,
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
}
