import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { MFA_REQUIRED_ROLES, type Me } from '@sinergi/shared';
import { api, isApiError, setCsrfToken } from '../../api/client.ts';

/** Who is signed in, and whether the account must still set up its second factor. */
export interface Session {
  user: Me;
  mfaEnrollmentRequired: boolean;
}

interface LoginResponse {
  user: Me;
  csrfToken: string;
  mfaEnrollmentRequired: boolean;
}

export interface LoginInput {
  username: string;
  password: string;
  otp?: string;
}

/**
 * GET /me tells who is signed in but not whether the server requires enrolment (that depends on
 * SINERGI_MFA). For an unenrolled officer or admin a cheap read answers it: the policy layer refuses
 * it with `auth.mfa_enrollment_required` exactly when enrolment is required.
 */
async function enrollmentRequired(user: Me): Promise<boolean> {
  if (user.mfaEnrolled || !MFA_REQUIRED_ROLES.includes(user.role)) return false;
  try {
    await api('/api/v1/regions', { query: { limit: 1 } });
    return false;
  } catch (error) {
    if (isApiError(error, 'auth.mfa_enrollment_required')) return true;
    throw error;
  }
}

export async function fetchSession(): Promise<Session | null> {
  try {
    const me = await api<Me & { csrfToken: string | null }>('/api/v1/me');
    const { csrfToken, ...user } = me;
    setCsrfToken(csrfToken);
    return { user, mfaEnrollmentRequired: await enrollmentRequired(user) };
  } catch (error) {
    if (isApiError(error, 'auth.required')) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: fetchSession,
  staleTime: Infinity,
  retry: 1,
});
export const SESSION_KEY = sessionQuery.queryKey;

export function useSession() {
  return useQuery(sessionQuery);
}

/** The signed-in user; only for components rendered behind the auth guard. */
export function useCurrentUser(): Me {
  const { data } = useSession();
  if (!data) throw new Error('useCurrentUser outside the auth guard');
  return data.user;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) =>
      api<LoginResponse>('/api/v1/auth/login', { method: 'POST', body: input }),
    onSuccess: (result) => {
      setCsrfToken(result.csrfToken);
      // Whatever was cached belonged to the previous visitor.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      const session: Session = { user: result.user, mfaEnrollmentRequired: result.mfaEnrollmentRequired };
      queryClient.setQueryData(SESSION_KEY, session);
    },
  });
}

/** Forgets the session locally: cached data goes, the guard shows the login page. */
export function clearSession(queryClient: QueryClient): void {
  setCsrfToken(null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
  queryClient.setQueryData(SESSION_KEY, null);
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api('/api/v1/auth/logout', { method: 'POST' }),
    // Signed out locally even when the server could not be told (expired session, offline).
    onSettled: () => clearSession(queryClient),
  });
}

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
}

/**
 * Starts enrolment once per visit to the page: a query (not a mutation) so that React's double
 * mounting in development does not ask for two different secrets.
 */
export function useTotpEnrolment() {
  return useQuery({
    queryKey: ['totp-enrolment'],
    queryFn: () => api<TotpEnrolment>('/api/v1/auth/totp/enroll', { method: 'POST' }),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

export function useConfirmTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (otp: string) => api('/api/v1/auth/totp/confirm', { method: 'POST', body: { otp } }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['totp-enrolment'] });
      queryClient.setQueryData(SESSION_KEY, (session) =>
        session ? { user: { ...session.user, mfaEnrolled: true }, mfaEnrollmentRequired: false } : session,
      );
    },
  });
}
