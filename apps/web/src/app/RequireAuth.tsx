import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import type { Role } from '@sinergi/shared';
import { useI18n } from '../i18n/index.tsx';
import { useCurrentUser, useSession } from '../features/auth/api.ts';
import { StatusPage } from './StatusPage.tsx';

const EnrollMfaPage = lazy(() => import('../features/auth/EnrollMfaPage.tsx'));

function FullPageLoader() {
  return (
    <Center mih="100vh">
      <Loader />
    </Center>
  );
}

/**
 * The auth guard: no session -> the login page (remembering where the visitor wanted to go); a
 * session that still needs its second factor -> the enrolment screen; otherwise the app.
 */
export function RequireAuth() {
  const { t, errorText } = useI18n();
  const session = useSession();
  const location = useLocation();

  if (session.isPending) return <FullPageLoader />;
  if (session.isError) {
    return (
      <Center mih="100vh" p="md">
        <Stack maw={420}>
          <Alert color="red" variant="light" title={t('error.sessionCheck')}>
            {errorText(session.error)}
          </Alert>
          <Button onClick={() => void session.refetch()}>{t('common.retry')}</Button>
        </Stack>
      </Center>
    );
  }
  if (!session.data) return <Navigate to="/login" replace state={{ from: location }} />;
  if (session.data.mfaEnrollmentRequired) {
    return (
      <Suspense fallback={<FullPageLoader />}>
        <EnrollMfaPage />
      </Suspense>
    );
  }
  return <Outlet />;
}

/** Shows the page only to the given roles; the API refuses the others anyway, this says so kindly. */
export function RoleGate({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const user = useCurrentUser();
  const { t } = useI18n();
  if (roles && !roles.includes(user.role))
    return <StatusPage code="403" title={t('forbidden.title')} text={t('forbidden.text')} />;
  return children;
}
