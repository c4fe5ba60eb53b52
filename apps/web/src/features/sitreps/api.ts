import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { Sitrep, SitrepCompliance, SitrepStatus, SitrepSummary } from '@sinergi/shared';
import { api } from '../../api/client.ts';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SitrepListFilter {
  box: 'inbox' | 'outbox';
  status?: SitrepStatus;
}

/** The region's own sitreps (outbox) or those its child regions sent to it (inbox), newest first. */
export function useSitreps(filter: SitrepListFilter) {
  return useInfiniteQuery({
    queryKey: ['sitreps', 'list', filter],
    queryFn: ({ pageParam, signal }) =>
      api<Page<SitrepSummary>>('/api/v1/sitreps', {
        query: { ...filter, limit: 50, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useSitrep(id: string | undefined) {
  return useQuery({
    queryKey: ['sitreps', 'detail', id],
    queryFn: ({ signal }) => api<Sitrep>(`/api/v1/sitreps/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== undefined,
  });
}

export interface CompliancePeriod {
  region: string;
  periodStart: string;
  periodEnd: string;
}

export function useSitrepCompliance(period: CompliancePeriod, enabled = true) {
  return useQuery({
    queryKey: ['sitreps', 'compliance', period],
    queryFn: ({ signal }) =>
      api<SitrepCompliance>('/api/v1/sitreps/compliance', { query: { ...period }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function sitrepDocumentUrl(id: string, kind: 'pdf' | 'xlsx'): string {
  return `/api/v1/sitreps/${encodeURIComponent(id)}/document.${kind}`;
}

/** A changed sitrep: its page shows the answer at once, lists and the grid refetch. */
function useSitrepChanged() {
  const queryClient = useQueryClient();
  return (sitrep: Sitrep) => {
    queryClient.setQueryData(['sitreps', 'detail', sitrep.id], sitrep);
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: ['sitreps', 'list'] }),
      queryClient.invalidateQueries({ queryKey: ['sitreps', 'compliance'] }),
      // A new version or a submission changes the older version's status (superseded, supersededBy).
      ...(sitrep.supersedes
        ? [queryClient.invalidateQueries({ queryKey: ['sitreps', 'detail', sitrep.supersedes] })]
        : []),
    ]);
  };
}

export function useCompileSitrep() {
  const changed = useSitrepChanged();
  return useMutation({
    mutationFn: (input: { regionCode: string; periodStart: string; periodEnd: string }) =>
      api<Sitrep>('/api/v1/sitreps', { method: 'POST', body: input }),
    onSuccess: changed,
  });
}

export function useSaveNarrative(id: string) {
  const changed = useSitrepChanged();
  return useMutation({
    mutationFn: (narrative: string) =>
      api<Sitrep>(`/api/v1/sitreps/${encodeURIComponent(id)}`, { method: 'PATCH', body: { narrative } }),
    onSuccess: changed,
  });
}

export function useSubmitSitrep(id: string) {
  const changed = useSitrepChanged();
  return useMutation({
    mutationFn: () => api<Sitrep>(`/api/v1/sitreps/${encodeURIComponent(id)}/submit`, { method: 'POST' }),
    onSuccess: changed,
  });
}

export type ReviewInput =
  { id: string; decision: 'acknowledge' } | { id: string; decision: 'return'; note: string };

export function useReviewSitrep() {
  const changed = useSitrepChanged();
  return useMutation({
    mutationFn: (input: ReviewInput) =>
      api<Sitrep>(`/api/v1/sitreps/${encodeURIComponent(input.id)}/${input.decision}`, {
        method: 'POST',
        ...(input.decision === 'return' ? { body: { note: input.note } } : {}),
      }),
    onSuccess: changed,
  });
}
