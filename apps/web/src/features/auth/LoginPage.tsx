import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { isApiError } from '../../api/client.ts';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useLogin, useSession } from './api.ts';
import { AuthFrame } from './AuthFrame.tsx';

/** Where the guard sent the visitor from, to return there after signing in. */
function returnPath(state: unknown): string {
  const from = (state as { from?: { pathname?: unknown; search?: unknown } } | null)?.from;
  if (typeof from?.pathname !== 'string' || !from.pathname.startsWith('/') || from.pathname === '/login')
    return '/';
  return from.pathname + (typeof from.search === 'string' ? from.search : '');
}

/** Username and password, then (for accounts with a second factor) the six-digit code. */
export default function LoginPage() {
  const { t, errorText } = useI18n();
  usePageTitle(t('login.title'));
  const location = useLocation();
  const navigate = useNavigate();
  const session = useSession();
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [step, setStep] = useState<'password' | 'otp'>('password');
  const [error, setError] = useState<string | null>(null);

  if (session.data) return <Navigate to={returnPath(location.state)} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (step === 'password' && (!username.trim() || !password)) {
      setError(t('login.missing'));
      return;
    }
    if (step === 'otp' && !/^\d{6}$/.test(otp)) {
      setError(t('login.otpFormat'));
      return;
    }
    login.mutate(
      { username: username.trim(), password, ...(step === 'otp' ? { otp } : {}) },
      {
        onSuccess: () => void navigate(returnPath(location.state), { replace: true }),
        onError: (failure) => {
          if (isApiError(failure, 'auth.otp_required')) {
            setStep('otp');
            return;
          }
          if (isApiError(failure, 'auth.otp_invalid')) setOtp('');
          else if (step === 'otp') {
            // A wrong password or a lock-out during the code step: start again from the top.
            setStep('password');
            setOtp('');
          }
          setError(errorText(failure));
        },
      },
    );
  };

  const back = () => {
    setStep('password');
    setOtp('');
    setError(null);
    login.reset();
  };

  return (
    <AuthFrame>
      <form onSubmit={submit} noValidate aria-labelledby="login-title">
        <Stack gap="md">
          <div>
            <Title order={1} size="h3" id="login-title">
              {step === 'password' ? t('login.title') : t('login.otpTitle')}
            </Title>
            <Text size="sm" c="dimmed" mt={4}>
              {step === 'password' ? t('login.subtitle') : t('login.otpExplain')}
            </Text>
          </div>
          {error && (
            <Alert color="red" variant="light" icon={<Icon name="alert" />} role="alert">
              {error}
            </Alert>
          )}
          {step === 'password' ? (
            <>
              <TextInput
                label={t('login.username')}
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                data-autofocus
                autoFocus
              />
              <PasswordInput
                label={t('login.password')}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                autoComplete="current-password"
              />
            </>
          ) : (
            <TextInput
              label={t('login.otp')}
              value={otp}
              onChange={(e) => setOtp(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
              inputMode="numeric"
              autoComplete="one-time-code"
              placeholder="000000"
              maxLength={6}
              classNames={{ input: 'otp-input' }}
              autoFocus
            />
          )}
          <Button type="submit" fullWidth loading={login.isPending} size="md">
            {step === 'password' ? t('login.submit') : t('login.verify')}
          </Button>
          {step === 'otp' && (
            <Anchor component="button" type="button" size="sm" onClick={back} ta="center">
              {t('login.back')}
            </Anchor>
          )}
          {step === 'password' && (
            // The public report page is a page of its own (src/public), not a route of this app.
            <Anchor href="/lapor" size="sm" ta="center" data-testid="public-report-link">
              {t('login.publicReport')}
            </Anchor>
          )}
        </Stack>
      </form>
    </AuthFrame>
  );
}
