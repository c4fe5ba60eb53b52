import { useState, type FormEvent } from 'react';
import { ActionIcon, Alert, Button, Group, Menu, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { passwordSchema, type User } from '@sinergi/shared';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useUpdateUser } from './api.ts';
import { generatePassword } from './password.ts';

type Dialog = 'password' | 'deactivate' | null;

/** The per-user menu: reset the password, deactivate or reactivate. */
export function UserActions({ user, onDone }: { user: User; onDone: (message: string) => void }) {
  const { t, errorText } = useI18n();
  const update = useUpdateUser();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [showPassword, setShowPassword] = useState(false);

  const close = () => {
    setDialog(null);
    setPassword('');
    setPasswordError(null);
    setShowPassword(false);
    update.reset();
  };

  const reactivate = () =>
    update.mutate(
      { id: user.id, change: { active: true } },
      {
        onSuccess: () => onDone(t('users.done.reactivated', { name: user.name })),
        onError: (error) => onDone(errorText(error)),
      },
    );

  const deactivate = () =>
    update.mutate(
      { id: user.id, change: { active: false } },
      {
        onSuccess: () => {
          close();
          onDone(t('users.done.deactivated', { name: user.name }));
        },
      },
    );

  const resetPassword = (event: FormEvent) => {
    event.preventDefault();
    if (!passwordSchema.safeParse(password).success) {
      setPasswordError(t('users.invalid.password'));
      return;
    }
    update.mutate(
      { id: user.id, change: { password } },
      {
        onSuccess: () => {
          close();
          onDone(t('users.done.passwordReset', { name: user.name }));
        },
      },
    );
  };

  return (
    <>
      <Menu position="bottom-end" withinPortal shadow="md">
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={t('users.actions', { name: user.name })}>
            <Icon name="dots" />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<Icon name="key" size={16} />} onClick={() => setDialog('password')}>
            {t('users.resetPassword')}
          </Menu.Item>
          {user.active ? (
            <Menu.Item
              color="red"
              leftSection={<Icon name="power" size={16} />}
              onClick={() => setDialog('deactivate')}
            >
              {t('users.deactivate')}
            </Menu.Item>
          ) : (
            <Menu.Item leftSection={<Icon name="refresh" size={16} />} onClick={reactivate}>
              {t('users.reactivate')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>

      <Modal opened={dialog === 'password'} onClose={close} title={t('users.resetPassword')}>
        <form onSubmit={resetPassword} noValidate>
          <Stack gap="sm">
            <Text size="sm">{t('users.resetPassword.explain', { name: user.name })}</Text>
            {update.isError && (
              <Alert color="red" variant="light">
                {errorText(update.error)}
              </Alert>
            )}
            <Group align="flex-end" gap="xs" wrap="nowrap">
              <PasswordInput
                style={{ flex: 1 }}
                label={t('users.field.newPassword')}
                description={t('users.hint.password')}
                value={password}
                onChange={(e) => {
                  setPassword(e.currentTarget.value);
                  setPasswordError(null);
                }}
                error={passwordError}
                autoComplete="new-password"
                visible={showPassword}
                onVisibilityChange={setShowPassword}
                data-autofocus
              />
              <Button
                variant="default"
                onClick={() => {
                  setPassword(generatePassword());
                  setShowPassword(true);
                }}
                mb={passwordError ? 22 : 0}
              >
                {t('users.generatePassword')}
              </Button>
            </Group>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={update.isPending}>
                {t('users.resetPassword.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal opened={dialog === 'deactivate'} onClose={close} title={t('users.deactivate')}>
        <Stack gap="sm">
          <Text size="sm">{t('users.deactivate.explain', { name: user.name })}</Text>
          {update.isError && (
            <Alert color="red" variant="light">
              {errorText(update.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={update.isPending} onClick={deactivate}>
              {t('users.deactivate.submit')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
