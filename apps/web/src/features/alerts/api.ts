import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Alert, AlertDetail, AlertStatus, Webhook, WebhookCreate } from '@sinergi/shared';
import { api } from '../../api/client.ts';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AlertFilters {
  status?: AlertStatus;
  region?: string;
}

/** Alerts of the caller's scope, newest first; the live feed invalidates ['alerts'] as they change. */
export function useAlerts(filters: AlertFilters) {
  return useInfiniteQuery({
    queryKey: ['alerts', 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      api<Page<Alert>>('/api/v1/alerts', { query: { ...filters, limit: 30, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The newest open alerts, for the bell in the header. */
export function useOpenAlertsFeed(enabled: boolean) {
  return useQuery({
    queryKey: ['alerts', 'bell'],
    queryFn: ({ signal }) =>
      api<Page<Alert>>('/api/v1/alerts', { query: { status: 'open', limit: 10 }, signal }),
    enabled,
  });
}

export function useAlert(id: string | undefined) {
  return useQuery({
    queryKey: ['alerts', 'detail', id],
    queryFn: ({ signal }) => api<AlertDetail>(`/api/v1/alerts/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== undefined,
  });
}

export type AlertAction =
  { action: 'acknowledge' } | { action: 'assign'; userId: string } | { action: 'close'; note: string };

export function useAlertAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: AlertAction) => {
      const { action, ...body } = change;
      return api<AlertDetail>(`/api/v1/alerts/${encodeURIComponent(id)}/${action}`, {
        method: 'POST',
        ...(action === 'acknowledge' ? {} : { body }),
      });
    },
    onSuccess: (detail) => {
      queryClient.setQueryData(['alerts', 'detail', id], detail);
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
    },
  });
}

export interface AssigneeOption {
  id: string;
  name: string;
  role: string;
  scope: { code: string; name: string };
}

/** People an officer may hand an alert to (the API checks that their scope holds the alert's region). */
export function useAssignees(enabled: boolean) {
  return useQuery({
    queryKey: ['alerts', 'assignees'],
    queryFn: async ({ signal }) => {
      const pages = await Promise.all(
        ['forum_member', 'regency_officer', 'province_officer'].map((role) =>
          api<Page<AssigneeOption>>('/api/v1/users', { query: { role, limit: 200 }, signal }),
        ),
      );
      return pages.flatMap((page) => page.items);
    },
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useWebhooks(enabled: boolean) {
  return useQuery({
    queryKey: ['alerts', 'webhooks'],
    queryFn: ({ signal }) => api<Page<Webhook>>('/api/v1/webhooks', { query: { limit: 200 }, signal }),
    enabled,
  });
}

export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: WebhookCreate) =>
      api<Webhook & { secret: string }>('/api/v1/webhooks', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alerts', 'webhooks'] }),
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<{ ok: true }>(`/api/v1/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alerts', 'webhooks'] }),
  });
}
