import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Agency,
  Pledge,
  PledgeBoardRow,
  PledgeCampaign,
  PledgeCampaignCreate,
  PledgeCampaignSummary,
  PledgeRollup,
} from '@sinergi/shared';
import { api, ApiError, withQuery } from '../../api/client.ts';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function useCampaigns(region?: string) {
  return useQuery({
    queryKey: ['neutrality', 'campaigns', region ?? null],
    queryFn: ({ signal }) =>
      api<Page<PledgeCampaignSummary>>('/api/v1/pledge-campaigns', { query: { region, limit: 200 }, signal }),
  });
}

export function useCampaign(id: string | undefined) {
  return useQuery({
    queryKey: ['neutrality', 'campaign', id],
    queryFn: ({ signal }) =>
      api<PledgeCampaign>(`/api/v1/pledge-campaigns/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== undefined,
  });
}

export function useBoard(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['neutrality', 'board', id],
    queryFn: ({ signal }) =>
      api<Page<PledgeBoardRow>>(`/api/v1/pledge-campaigns/${encodeURIComponent(id ?? '')}/pledges`, {
        query: { limit: 500 },
        signal,
      }),
    enabled: id !== undefined && enabled,
  });
}

export function usePledge(campaignId: string, pledgeId: string | undefined) {
  return useQuery({
    queryKey: ['neutrality', 'pledge', pledgeId],
    queryFn: ({ signal }) =>
      api<Pledge>(`/api/v1/pledge-campaigns/${campaignId}/pledges/${encodeURIComponent(pledgeId ?? '')}`, {
        signal,
      }),
    enabled: pledgeId !== undefined,
  });
}

export function useRollup(region: string, enabled = true) {
  return useQuery({
    queryKey: ['neutrality', 'rollup', region],
    queryFn: ({ signal }) =>
      api<PledgeRollup>('/api/v1/pledge-campaigns/rollup', { query: { region }, signal }),
    enabled,
  });
}

export function useAgencies(region: string | undefined) {
  return useQuery({
    queryKey: ['neutrality', 'agencies', region ?? null],
    queryFn: ({ signal }) => api<Page<Agency>>('/api/v1/agencies', { query: { region, limit: 500 }, signal }),
  });
}

export interface StarterAgency {
  name: string;
  kind: Agency['kind'];
  headTitle: string;
  regionCode: string;
  registered: boolean;
}

export function useStarter(region: string, enabled: boolean) {
  return useQuery({
    queryKey: ['neutrality', 'starter', region],
    queryFn: ({ signal }) =>
      api<{ items: StarterAgency[] }>('/api/v1/agencies/starter', { query: { region }, signal }),
    enabled,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['neutrality'] });
}

export function useCreateCampaign() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: PledgeCampaignCreate) =>
      api<PledgeCampaign>('/api/v1/pledge-campaigns', { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

export function useReview(campaignId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({
      pledgeId,
      decision,
      reason,
    }: {
      pledgeId: string;
      decision: 'verified' | 'returned';
      reason?: string;
    }) =>
      api<Pledge>(`/api/v1/pledge-campaigns/${campaignId}/pledges/${pledgeId}/review`, {
        method: 'POST',
        body: reason ? { decision, reason } : { decision },
      }),
    onSuccess: invalidate,
  });
}

export function useCreateAgency() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: Record<string, unknown>) =>
      api<Agency>('/api/v1/agencies', { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

export function useBatchAgencies() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { regionCode: string; items: Array<Record<string, unknown>> }) =>
      api<{ imported: number }>('/api/v1/agencies/batch', { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

/**
 * A multipart POST. The shared client speaks JSON only, so the form is sent here, with the session's
 * CSRF token read from /me just before (as the readiness evidence upload does).
 */
async function postForm<T>(path: string, form: FormData): Promise<T> {
  const me = await api<{ csrfToken: string | null }>('/api/v1/me');
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(me.csrfToken ? { 'x-csrf-token': me.csrfToken } : {}) },
    body: form,
  });
  const payload = (await response.json().catch(() => undefined)) as
    T | { error?: { code?: string; message?: string; details?: unknown[] } } | undefined;
  if (!response.ok) {
    const error = payload && typeof payload === 'object' && 'error' in payload ? payload.error : undefined;
    throw new ApiError(
      response.status,
      error?.code ?? `http.${response.status}`,
      error?.message ?? response.statusText,
      error?.details ?? [],
    );
  }
  return payload as T;
}

export interface PledgeUpload {
  agencyId: string;
  signedOn?: string;
  videoUrl?: string;
  scan?: File | null;
  video?: File | null;
}

export function useSubmitPledge(campaignId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: PledgeUpload) => {
      // The server checks the fields before it reads any file, so they go first.
      const form = new FormData();
      form.append('agencyId', input.agencyId);
      if (input.signedOn) form.append('signedOn', input.signedOn);
      if (input.videoUrl) form.append('videoUrl', input.videoUrl);
      if (input.scan) form.append('scan', input.scan, input.scan.name);
      if (input.video) form.append('video', input.video, input.video.name);
      return postForm<Pledge>(`/api/v1/pledge-campaigns/${campaignId}/pledges`, form);
    },
    onSuccess: invalidate,
  });
}

export function useImportAgencies() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ regionCode, file }: { regionCode: string; file: File }) => {
      const form = new FormData();
      form.append('regionCode', regionCode);
      form.append('file', file, file.name);
      return postForm<{ imported: number }>('/api/v1/agencies/import', form);
    },
    onSuccess: invalidate,
  });
}

/** Where a browser downloads a document (the session cookie authenticates a plain link). */
export const documentUrl = (path: string, query?: Record<string, string>) => withQuery(path, query);
