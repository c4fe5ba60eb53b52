import { useMemo, useState, type FormEvent } from 'react';
import {
  Alert,
  Anchor,
  Box,
  Button,
  Code,
  CopyButton,
  Group,
  List,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { encode } from 'uqr';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useConfirmTotp, useCurrentUser, useLogout, useTotpEnrolment } from './api.ts';
import { AuthFrame } from './AuthFrame.tsx';
import { groupSecret } from './secret.ts';

// Browsers offer the clipboard only to secure contexts: not to a plain-http LAN install.
const canCopy = typeof navigator !== 'undefined' && 'clipboard' in navigator;

/** The otpauth:// URI as a QR code, drawn as one SVG path (no inline script, fits the CSP). */
function QrCode({ value, label }: { value: string; label: string }) {
  const path = useMemo(() => {
    const { data } = encode(value, { ecc: 'M', border: 2 });
    let d = '';
    data.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) d += `M${x} ${y}h1v1h-1z`;
      }),
    );
    return { d, size: data.length };
  }, [value]);
  return (
    <svg
      viewBox={`0 0 ${path.size} ${path.size}`}
      width={196}
      height={196}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
      className="qr-code"
    >
      <rect width={path.size} height={path.size} fill="#fff" />
      <path d={path.d} fill="#111" />
    </svg>
  );
}

/**
 * First sign-in of an officer or admin without a second factor: the API allows nothing else until
 * an authenticator app is set up and confirmed with a first code.
 */
export default function EnrollMfaPage() {
  const { t, errorText } = useI18n();
  usePageTitle(t('mfa.title'));
  const user = useCurrentUser();
  const enrolment = useTotpEnrolment();
  const confirm = useConfirmTotp();
  const logout = useLogout();
  const [otp, setOtp] = useState('');
  const [formatError, setFormatError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(otp)) {
      setFormatError(t('login.otpFormat'));
      return;
    }
    setFormatError(null);
    confirm.mutate(otp, { onError: () => setOtp('') });
  };

  return (
    <AuthFrame width={560}>
      <Stack gap="md">
        <div>
          <Title order={1} size="h3">
            {t('mfa.title')}
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {t('mfa.explain', { name: user.name })}
          </Text>
        </div>
        <List type="ordered" size="sm" spacing={4}>
          <List.Item>{t('mfa.step1')}</List.Item>
          <List.Item>{t('mfa.step2')}</List.Item>
          <List.Item>{t('mfa.step3')}</List.Item>
        </List>

        {enrolment.isError ? (
          <Alert color="red" variant="light" icon={<Icon name="alert" />}>
            {errorText(enrolment.error)}
          </Alert>
        ) : !enrolment.data ? (
          <Group align="flex-start" gap="lg">
            <Skeleton w={196} h={196} />
            <Stack gap="xs" style={{ flex: 1 }}>
              <Skeleton h={16} w="50%" />
              <Skeleton h={36} />
            </Stack>
          </Group>
        ) : (
          <Group align="center" gap="lg" wrap="wrap" className="mfa-secret">
            <Box className="qr-frame">
              <QrCode value={enrolment.data.otpauthUri} label={t('mfa.qr')} />
            </Box>
            <Stack gap={6} style={{ flex: '1 1 220px', minWidth: 0 }}>
              <Text size="sm" fw={600}>
                {t('mfa.secret')}
              </Text>
              <Code block className="totp-secret" data-testid="totp-secret">
                {groupSecret(enrolment.data.secret)}
              </Code>
              <Group gap="xs">
                {canCopy && (
                  <CopyButton value={enrolment.data.secret}>
                    {({ copied, copy }) => (
                      <Button size="xs" variant="light" onClick={copy}>
                        {copied ? t('common.copied') : t('mfa.copy')}
                      </Button>
                    )}
                  </CopyButton>
                )}
                <Anchor href={enrolment.data.otpauthUri} size="sm">
                  {t('mfa.openApp')}
                </Anchor>
              </Group>
            </Stack>
          </Group>
        )}

        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {confirm.isError && (
              <Alert color="red" variant="light" icon={<Icon name="alert" />} role="alert">
                {errorText(confirm.error)}
              </Alert>
            )}
            <TextInput
              label={t('mfa.code')}
              value={otp}
              onChange={(e) => setOtp(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
              inputMode="numeric"
              autoComplete="one-time-code"
              placeholder="000000"
              maxLength={6}
              classNames={{ input: 'otp-input' }}
              error={formatError}
              disabled={!enrolment.data}
            />
            <Button type="submit" size="md" loading={confirm.isPending} disabled={!enrolment.data}>
              {t('mfa.submit')}
            </Button>
            <Anchor component="button" type="button" size="sm" ta="center" onClick={() => logout.mutate()}>
              {t('mfa.cancel')}
            </Anchor>
          </Stack>
        </form>
      </Stack>
    </AuthFrame>
  );
}
