import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Role, User, UserCreate } from '@sinergi/shared';
import { api } from '../../api/client.ts';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface UserFilters {
  q?: string;
  role?: Role;
  region?: string;
}

export function useUsers(filters: UserFilters) {
  return useInfiniteQuery({
    queryKey: ['users', 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      api<Page<User>>('/api/v1/users', { query: { ...filters, limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UserCreate) => api<User>('/api/v1/users', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

export type UserChange = { active: boolean } | { password: string };

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: UserChange }) =>
      api<User>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: change }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
