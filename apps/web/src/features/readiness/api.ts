import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Checklist,
  ChecklistCreate,
  ChecklistSummary,
  ReadinessItem,
  ReadinessItemCreate,
  ReadinessItemPatch,
  ReadinessSummary,
  ReadinessTemplate,
} from '@sinergi/shared';
import { api, ApiError } from '../../api/client.ts';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ReadinessFilter {
  region?: string;
  election?: string;
  stage?: string;
}

export function useReadinessSummary(filter: ReadinessFilter, enabled = true) {
  return useQuery({
    queryKey: ['readiness', 'summary', filter],
    queryFn: ({ signal }) => api<ReadinessSummary>('/api/v1/readiness', { query: { ...filter }, signal }),
    enabled,
  });
}

export function useChecklists(filter: ReadinessFilter, enabled = true) {
  return useQuery({
    queryKey: ['readiness', 'checklists', filter],
    queryFn: ({ signal }) =>
      api<Page<ChecklistSummary>>('/api/v1/readiness/checklists', {
        query: { ...filter, limit: 200 },
        signal,
      }),
    enabled,
  });
}

export function useChecklist(id: string | undefined) {
  return useQuery({
    queryKey: ['readiness', 'checklist', id],
    queryFn: ({ signal }) =>
      api<Checklist>(`/api/v1/readiness/checklists/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== undefined,
  });
}

export function useTemplates() {
  return useQuery({
    queryKey: ['readiness', 'templates'],
    queryFn: ({ signal }) => api<{ items: ReadinessTemplate[] }>('/api/v1/readiness/templates', { signal }),
    staleTime: Infinity,
  });
}

export function useCreateChecklist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ChecklistCreate) =>
      api<Checklist>('/api/v1/readiness/checklists', { method: 'POST', body: input }),
    onSuccess: (checklist) => {
      queryClient.setQueryData(['readiness', 'checklist', checklist.id], checklist);
      return queryClient.invalidateQueries({ queryKey: ['readiness'] });
    },
  });
}

/** After a change to one item: its checklist shows it at once, the boards refetch their percentages. */
function useItemSaved(checklistId: string) {
  const queryClient = useQueryClient();
  return (item: ReadinessItem) => {
    queryClient.setQueryData<Checklist>(['readiness', 'checklist', checklistId], (current) =>
      current ? { ...current, items: current.items.map((i) => (i.id === item.id ? item : i)) } : current,
    );
    return queryClient.invalidateQueries({ queryKey: ['readiness'] });
  };
}

export function useUpdateItem(checklistId: string) {
  const saved = useItemSaved(checklistId);
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: ReadinessItemPatch }) =>
      api<ReadinessItem>(`/api/v1/readiness/items/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body: patch,
      }),
    onSuccess: saved,
  });
}

export function useAddItem(checklistId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ReadinessItemCreate) =>
      api<ReadinessItem>(`/api/v1/readiness/checklists/${encodeURIComponent(checklistId)}/items`, {
        method: 'POST',
        body: input,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['readiness'] }),
  });
}

/**
 * Uploads an evidence file as multipart. The shared client speaks JSON only, so this request is made
 * here, with the session's CSRF token read from /me just before.
 */
async function uploadEvidence(id: string, file: File): Promise<ReadinessItem> {
  const me = await api<{ csrfToken: string | null }>('/api/v1/me');
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(`/api/v1/readiness/items/${encodeURIComponent(id)}/evidence`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(me.csrfToken ? { 'x-csrf-token': me.csrfToken } : {}) },
    body: form,
  });
  const payload = (await response.json().catch(() => undefined)) as
    ReadinessItem | { error?: { code?: string; message?: string; details?: unknown[] } } | undefined;
  if (!response.ok) {
    const error = payload && 'error' in payload ? payload.error : undefined;
    throw new ApiError(
      response.status,
      error?.code ?? `http.${response.status}`,
      error?.message ?? response.statusText,
      error?.details ?? [],
    );
  }
  return payload as ReadinessItem;
}

export function useUploadEvidence(checklistId: string) {
  const saved = useItemSaved(checklistId);
  return useMutation({
    mutationFn: ({ id, file }: { id: string; file: File }) => uploadEvidence(id, file),
    onSuccess: saved,
  });
}
