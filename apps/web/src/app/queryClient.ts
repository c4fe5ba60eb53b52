import { MutationCache, QueryCache, QueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiError, isApiError } from '../api/client.ts';
import { clearSession, SESSION_KEY } from '../features/auth/api.ts';

/**
 * One QueryClient for the app. An answer that says the session is gone (`auth.required`) sends the
 * user back to the login page, and one that says enrolment is missing shows the enrolment screen,
 * wherever in the app it happened.
 */
export function createQueryClient(): QueryClient {
  const onError = (error: unknown, key?: QueryKey) => {
    if (key?.[0] === SESSION_KEY[0]) return;
    if (isApiError(error, 'auth.required')) clearSession(queryClient);
    else if (isApiError(error, 'auth.mfa_enrollment_required'))
      queryClient.setQueryData(SESSION_KEY, (session) =>
        session ? { ...session, mfaEnrollmentRequired: true } : session,
      );
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => onError(error, query.queryKey) }),
    mutationCache: new MutationCache({ onError: (error) => onError(error) }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not change by asking again; network trouble and 5xx may.
        retry: (failures, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      },
    },
  });
  return queryClient;
}
