import { useState } from 'react';
import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { assignableRoles, ROLES, type Region, type Role, type User } from '@sinergi/shared';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { regionName } from '../regions/format.ts';
import { RegionPicker } from '../regions/RegionSearch.tsx';
import { useUsers } from './api.ts';
import { CreateUserModal } from './CreateUserModal.tsx';
import { roleKey } from './roles.ts';
import { UserActions } from './UserActions.tsx';

/** Accounts inside the caller's scope: search, filter, create, deactivate, reset passwords. */
export default function UsersPage() {
  const { t, errorText } = useI18n();
  const me = useCurrentUser();
  usePageTitle(t('nav.users'));
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 300);
  const [role, setRole] = useState<Role | null>(null);
  const [region, setRegion] = useState<Region | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const users = useUsers({ q: q || undefined, role: role ?? undefined, region: region?.code });
  const items = users.data?.pages.flatMap((page) => page.items) ?? [];
  const manageable = new Set<Role>(assignableRoles(me.role));
  const canManage = (user: User) => manageable.has(user.role) && user.id !== me.id;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            {t('users.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('users.subtitle', { region: regionName(me.scope.name) })}
          </Text>
        </div>
        {manageable.size > 0 && (
          <Button leftSection={<Icon name="userPlus" size={18} />} onClick={() => setCreating(true)}>
            {t('users.create')}
          </Button>
        )}
      </Group>

      {notice && (
        <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
          {notice}
        </Alert>
      )}

      <Paper withBorder radius="md" p="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t('users.filter.search')}
            placeholder={t('users.filter.searchPlaceholder')}
            leftSection={<Icon name="search" size={16} />}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <Select
            label={t('users.filter.role')}
            placeholder={t('users.filter.allRoles')}
            data={ROLES.map((value) => ({ value, label: t(roleKey(value)) }))}
            value={role}
            onChange={(value) => setRole(value as Role | null)}
            clearable
          />
          <RegionPicker label={t('users.filter.region')} value={region} onChange={setRegion} />
        </SimpleGrid>
      </Paper>

      {users.isError ? (
        <Alert color="red" variant="light" icon={<Icon name="alert" />}>
          {errorText(users.error)}
        </Alert>
      ) : users.isPending ? (
        <Stack gap="xs">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} h={48} radius="sm" />
          ))}
        </Stack>
      ) : items.length === 0 ? (
        <Paper withBorder radius="md" p="xl">
          <Text ta="center" c="dimmed">
            {t('users.empty')}
          </Text>
        </Paper>
      ) : wide ? (
        <Paper withBorder radius="md" className="table-paper">
          <Table verticalSpacing="sm" highlightOnHover aria-label={t('users.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.column.user')}</Table.Th>
                <Table.Th>{t('users.column.role')}</Table.Th>
                <Table.Th>{t('users.column.region')}</Table.Th>
                <Table.Th>{t('users.column.institution')}</Table.Th>
                <Table.Th>{t('users.column.status')}</Table.Th>
                <Table.Th w={48}>
                  <span className="visually-hidden">{t('users.column.actions')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((user) => (
                <Table.Tr key={user.id} data-username={user.username}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {user.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {user.username}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(roleKey(user.role))}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{regionName(user.scope.name)}</Text>
                    <Text size="xs" c="dimmed">
                      {user.scope.code}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{user.institution ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadges user={user} />
                  </Table.Td>
                  <Table.Td>{canManage(user) && <UserActions user={user} onDone={setNotice} />}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : (
        <Stack gap="xs">
          {items.map((user) => (
            <Card key={user.id} withBorder radius="md" padding="sm" data-username={user.username}>
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600}>
                    {user.name}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {user.username}
                  </Text>
                  <Text size="xs">{t(roleKey(user.role))}</Text>
                  <Text size="xs" c="dimmed" truncate>
                    {regionName(user.scope.name)} ({user.scope.code})
                  </Text>
                </div>
                {canManage(user) && <UserActions user={user} onDone={setNotice} />}
              </Group>
              <Box mt={6}>
                <StatusBadges user={user} />
              </Box>
            </Card>
          ))}
        </Stack>
      )}

      {users.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            loading={users.isFetchingNextPage}
            onClick={() => void users.fetchNextPage()}
          >
            {t('common.loadMore')}
          </Button>
        </Group>
      )}

      <CreateUserModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(user) => setNotice(t('users.done.created', { name: user.name, username: user.username }))}
      />
    </Stack>
  );
}

function StatusBadges({ user }: { user: User }) {
  const { t } = useI18n();
  return (
    <Group gap={6} wrap="wrap">
      {user.active ? (
        <Badge color="teal" variant="light">
          {t('users.status.active')}
        </Badge>
      ) : (
        <Badge color="gray" variant="light">
          {t('users.status.inactive')}
        </Badge>
      )}
      {user.mfaEnrolled && (
        <Badge color="blue" variant="outline">
          {t('users.status.mfa')}
        </Badge>
      )}
    </Group>
  );
}
