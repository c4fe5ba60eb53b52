import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  NATIONAL_CODE,
  type RiskBaselineImportResult,
  type RiskDetail,
  type RiskHistory,
  type RiskList,
} from '@sinergi/shared';
import { api, ApiError } from '../../api/client.ts';

/** Scores move with every report; a dashboard left open refreshes itself. */
const REFRESH_MS = 30_000;

export function useRiskList(parent: string) {
  return useQuery({
    queryKey: ['risk', 'list', parent],
    queryFn: ({ signal }) =>
      api<RiskList>('/api/v1/risk', {
        query: { parent: parent === NATIONAL_CODE ? undefined : parent },
        signal,
      }),
    refetchInterval: REFRESH_MS,
  });
}

export function useRiskDetail(code: string) {
  return useQuery({
    queryKey: ['risk', 'detail', code],
    queryFn: ({ signal }) => api<RiskDetail>(`/api/v1/risk/${encodeURIComponent(code)}`, { signal }),
    enabled: code !== NATIONAL_CODE,
    refetchInterval: REFRESH_MS,
  });
}

export function useRiskHistory(code: string) {
  return useQuery({
    queryKey: ['risk', 'history', code],
    queryFn: ({ signal }) => api<RiskHistory>(`/api/v1/risk/${encodeURIComponent(code)}/history`, { signal }),
    enabled: code !== NATIONAL_CODE,
    staleTime: 5 * 60_000,
  });
}

export interface OpenAlert {
  id: string;
  regionCode: string;
  regionName: string;
  kind: string;
  severity: number;
  title: string;
  openedAt: string;
}

export function useOpenAlerts(region: string) {
  return useQuery({
    queryKey: ['alerts', 'open', region],
    queryFn: ({ signal }) =>
      api<{ items: OpenAlert[] }>('/api/v1/alerts', {
        query: { region: region === NATIONAL_CODE ? undefined : region, status: 'open', limit: 8 },
        signal,
      }),
    refetchInterval: REFRESH_MS,
  });
}

/**
 * Uploads a baseline file as multipart. The shared client speaks JSON only, so this request is made
 * here, with the session's CSRF token read from /me just before (as readiness uploads do).
 */
async function uploadBaseline(file: File, language: string): Promise<RiskBaselineImportResult> {
  const me = await api<{ csrfToken: string | null }>('/api/v1/me');
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch('/api/v1/risk/baseline', {
      method: 'PUT',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'accept-language': language,
        ...(me.csrfToken ? { 'x-csrf-token': me.csrfToken } : {}),
      },
      body: form,
    });
  } catch (error) {
    throw new ApiError(0, 'network', (error as Error).message);
  }
  const payload = (await response.json().catch(() => undefined)) as
    | RiskBaselineImportResult
    | { error?: { code?: string; message?: string; details?: unknown[] } }
    | undefined;
  if (!response.ok) {
    const error = payload && 'error' in payload ? payload.error : undefined;
    throw new ApiError(
      response.status,
      error?.code ?? `http.${response.status}`,
      error?.message ?? response.statusText,
      error?.details ?? [],
    );
  }
  return payload as RiskBaselineImportResult;
}

export function useImportBaseline(language: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => uploadBaseline(file, language),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['risk'] }),
  });
}
