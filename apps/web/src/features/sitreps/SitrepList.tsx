import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { PageLoader } from '../../app/Layout.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { regionName } from '../regions/format.ts';
import { useSitreps } from './api.ts';
import { CompileForm } from './CompileForm.tsx';
import { SITREP_AUTHORS } from './roles.ts';
import { SitrepCard } from './SitrepCard.tsx';

/** The sitreps of the user's region and below, newest first, with "compile new" for its officers. */
export function SitrepList() {
  const { t, errorText } = useI18n();
  const user = useCurrentUser();
  const list = useSitreps({ box: 'outbox' });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t('sitreps.title')}
        </Title>
        <Text c="dimmed">{t('sitreps.subtitle', { region: regionName(user.scope.name) })}</Text>
      </div>
      {SITREP_AUTHORS.includes(user.role) && <CompileForm />}
      <Title order={2} size="h4">
        {t('sitreps.list.title')}
      </Title>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <Alert color="red">{errorText(list.error)}</Alert>
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('sitreps.list.empty')}</Text>
      ) : (
        <Stack gap="xs" data-testid="sitrep-list">
          {items.map((s) => (
            <SitrepCard key={s.id} sitrep={s} />
          ))}
        </Stack>
      )}
      {list.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void list.fetchNextPage()}
          loading={list.isFetchingNextPage}
          style={{ alignSelf: 'center' }}
        >
          {t('common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
