import { useQuery } from '@tanstack/react-query';
import type { CurrentStage, CurrentStages, Election, ElectionSummary } from '@sinergi/shared';
import { api } from '../../api/client.ts';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Every election on the caller's line with a stage running on `on` (the banner). */
export function useCurrentStages(on: string) {
  return useQuery({
    queryKey: ['elections', 'current', on],
    queryFn: ({ signal }) =>
      api<CurrentStages>('/api/v1/elections/current-stages', { query: { on }, signal }),
    staleTime: 5 * 60_000,
  });
}

/** Elections covering the caller's region or inside it, latest voting day first (first 100). */
export function useElections() {
  return useQuery({
    queryKey: ['elections', 'list'],
    queryFn: ({ signal }) =>
      api<Page<ElectionSummary>>('/api/v1/elections', { query: { limit: 100 }, signal }),
    staleTime: 5 * 60_000,
  });
}

export function useElection(id: string | undefined) {
  return useQuery({
    queryKey: ['elections', 'detail', id],
    queryFn: ({ signal }) => api<Election>(`/api/v1/elections/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== undefined,
    staleTime: 5 * 60_000,
  });
}

/** The stage of one election on a day: the current one and every active one. */
export function useStageOn(id: string | undefined, on: string) {
  return useQuery({
    queryKey: ['elections', 'stageOn', id, on],
    queryFn: ({ signal }) =>
      api<CurrentStage>(`/api/v1/elections/${encodeURIComponent(id ?? '')}/stages/current`, {
        query: { on },
        signal,
      }),
    enabled: id !== undefined,
    staleTime: 5 * 60_000,
  });
}
