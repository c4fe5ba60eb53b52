import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DuplicateGroup,
  Report,
  ReportCategoryCode,
  ReportDetail,
  ReporterIdentity,
  ReportStatus,
} from '@sinergi/shared';
import { api } from '../../api/client.ts';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ReportFilters {
  region?: string;
  status?: string;
  category?: string;
  severityMin?: number;
  from?: string;
  to?: string;
  q?: string;
}

/** Reports of the caller's scope, newest first, filtered; pages follow the keyset cursor. */
export function useReports(filters: ReportFilters) {
  return useInfiniteQuery({
    queryKey: ['reports', 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      api<Page<Report>>('/api/v1/reports', { query: { ...filters, limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useReport(id: string | undefined) {
  return useQuery({
    queryKey: ['reports', 'detail', id],
    queryFn: ({ signal }) => api<ReportDetail>(`/api/v1/reports/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== undefined,
  });
}

export interface ReportPoint {
  id: string;
  lat: number;
  lon: number;
  severity: 1 | 2 | 3 | 4;
  category: ReportCategoryCode;
  status: ReportStatus;
  title: string;
  regionCode: string;
}

export function useReportPoints(filters: ReportFilters) {
  return useQuery({
    queryKey: ['reports', 'points', filters],
    queryFn: ({ signal }) =>
      api<{ items: ReportPoint[] }>('/api/v1/reports/points', { query: { ...filters }, signal }),
  });
}

export function useDuplicateGroups(region: string | undefined) {
  return useQuery({
    queryKey: ['reports', 'duplicates', region],
    queryFn: ({ signal }) =>
      api<{ items: DuplicateGroup[] }>('/api/v1/reports/duplicate-groups', { query: { region }, signal }),
  });
}

export interface StatusChange {
  id: string;
  status: ReportStatus;
  note?: string;
  duplicateOf?: string;
}

/** One status change; several are sent one after the other (bulk verify or reject). */
export function useChangeStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (changes: StatusChange[]) => {
      const results: Array<{ id: string; ok: boolean; error?: unknown }> = [];
      for (const { id, ...body } of changes) {
        try {
          await api<ReportDetail>(`/api/v1/reports/${encodeURIComponent(id)}/status`, {
            method: 'POST',
            body,
          });
          results.push({ id, ok: true });
        } catch (error) {
          results.push({ id, ok: false, error });
        }
      }
      return results;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['reports'] }),
  });
}

export function useMerge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { keepId: string; duplicateIds: string[]; note?: string }) =>
      api<ReportDetail>('/api/v1/reports/merge', { method: 'POST', body: input }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['reports'] }),
  });
}

/** The reporter's identity: asked for with a reason, which the server writes to the audit log. */
export function useRevealReporter(id: string) {
  return useMutation({
    mutationFn: (reason: string) =>
      api<ReporterIdentity>(`/api/v1/reports/${encodeURIComponent(id)}/reporter`, { query: { reason } }),
  });
}

export interface PublicIntakeState {
  regionCode: string;
  enabled: boolean;
  setAt: string | null;
}

/** Whether the public may file anonymous reports in a region (set by its officer). */
export function usePublicIntake(code: string, enabled: boolean) {
  return useQuery({
    queryKey: ['reports', 'public-intake', code],
    queryFn: ({ signal }) =>
      api<PublicIntakeState>(`/api/v1/regions/${encodeURIComponent(code)}/public-intake`, { signal }),
    enabled,
  });
}

export function useSetPublicIntake(code: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (on: boolean) =>
      api<PublicIntakeState>(`/api/v1/regions/${encodeURIComponent(code)}/public-intake`, {
        method: 'PUT',
        body: { enabled: on },
      }),
    onSuccess: (state) => queryClient.setQueryData(['reports', 'public-intake', code], state),
  });
}
