import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Decision,
  DecisionCreate,
  FollowUp,
  FollowUpUpdate,
  Invitation,
  LegalBasis,
  Meeting,
  MeetingCreate,
  MeetingSummary,
  Participant,
  ParticipantCreate,
  ParticipantUpdate,
} from '@sinergi/shared';
import { api, withQuery } from '../../api/client.ts';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface MeetingFilter {
  region?: string;
  from?: string;
  to?: string;
}

export function useMeetings(filter: MeetingFilter) {
  return useQuery({
    queryKey: ['meetings', 'list', filter],
    queryFn: ({ signal }) =>
      api<Page<MeetingSummary>>('/api/v1/meetings', { query: { ...filter, limit: 200 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useMeeting(id: string | undefined) {
  return useQuery({
    queryKey: ['meetings', 'detail', id],
    queryFn: ({ signal }) => api<Meeting>(`/api/v1/meetings/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== undefined,
  });
}

export function useLegalBases(region: string | undefined) {
  return useQuery({
    queryKey: ['meetings', 'legal-bases', region],
    queryFn: ({ signal }) => api<Page<LegalBasis>>('/api/v1/legal-bases', { query: { region }, signal }),
    staleTime: 10 * 60_000,
  });
}

export function useInvitations() {
  return useQuery({
    queryKey: ['meetings', 'invitations'],
    queryFn: ({ signal }) => api<Page<Invitation>>('/api/v1/me/invitations', { signal }),
  });
}

export interface FollowUpFilter {
  region?: string;
  status?: string;
  overdue?: boolean;
  mine?: boolean;
}

export function useFollowUps(filter: FollowUpFilter, enabled = true) {
  return useQuery({
    queryKey: ['meetings', 'follow-ups', filter],
    queryFn: ({ signal }) =>
      api<Page<FollowUp>>('/api/v1/follow-ups', { query: { ...filter, limit: 500 }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Where the spreadsheet of the same list is downloaded. */
export function followUpExportUrl(filter: FollowUpFilter): string {
  return withQuery('/api/v1/follow-ups.xlsx', { ...filter });
}

export function minutesUrl(meetingId: string): string {
  return `/api/v1/meetings/${encodeURIComponent(meetingId)}/minutes.pdf`;
}

export function useCreateMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MeetingCreate) => api<Meeting>('/api/v1/meetings', { method: 'POST', body: input }),
    onSuccess: (meeting) => {
      queryClient.setQueryData(['meetings', 'detail', meeting.id], meeting);
      return queryClient.invalidateQueries({ queryKey: ['meetings', 'list'] });
    },
  });
}

/** Any change inside a meeting: its page and the lists refetch. */
function useMeetingChanged(meetingId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['meetings', 'detail', meetingId] }),
      queryClient.invalidateQueries({ queryKey: ['meetings', 'list'] }),
      queryClient.invalidateQueries({ queryKey: ['meetings', 'follow-ups'] }),
    ]);
}

export function useAddParticipant(meetingId: string) {
  const changed = useMeetingChanged(meetingId);
  return useMutation({
    mutationFn: (input: ParticipantCreate) =>
      api<Participant>(`/api/v1/meetings/${encodeURIComponent(meetingId)}/participants`, {
        method: 'POST',
        body: input,
      }),
    onSuccess: changed,
  });
}

export function useUpdateParticipant(meetingId: string) {
  const queryClient = useQueryClient();
  const changed = useMeetingChanged(meetingId);
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: ParticipantUpdate }) =>
      api<Participant>(
        `/api/v1/meetings/${encodeURIComponent(meetingId)}/participants/${encodeURIComponent(id)}`,
        { method: 'PATCH', body: patch },
      ),
    // The tap shows at once; the counts follow with the refetch.
    onSuccess: (participant) => {
      queryClient.setQueryData<Meeting>(['meetings', 'detail', meetingId], (current) =>
        current
          ? {
              ...current,
              participants: current.participants.map((p) => (p.id === participant.id ? participant : p)),
            }
          : current,
      );
      return changed();
    },
  });
}

export function useRemoveParticipant(meetingId: string) {
  const changed = useMeetingChanged(meetingId);
  return useMutation({
    mutationFn: (id: string) =>
      api<void>(`/api/v1/meetings/${encodeURIComponent(meetingId)}/participants/${encodeURIComponent(id)}`, {
        method: 'DELETE',
      }),
    onSuccess: changed,
  });
}

export function useAddDecision(meetingId: string) {
  const changed = useMeetingChanged(meetingId);
  return useMutation({
    mutationFn: (input: DecisionCreate) =>
      api<Decision>(`/api/v1/meetings/${encodeURIComponent(meetingId)}/decisions`, {
        method: 'POST',
        body: input,
      }),
    onSuccess: changed,
  });
}

export function useUpdateFollowUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: FollowUpUpdate }) =>
      api<FollowUp>(`/api/v1/follow-ups/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }),
    onSuccess: (followUp) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['meetings', 'follow-ups'] }),
        queryClient.invalidateQueries({ queryKey: ['meetings', 'detail', followUp.meeting.id] }),
      ]),
  });
}
