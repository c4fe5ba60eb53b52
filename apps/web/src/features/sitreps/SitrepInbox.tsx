import { useSearchParams } from 'react-router-dom';
import { Alert, Button, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { PageLoader } from '../../app/Layout.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { regionName } from '../regions/format.ts';
import { useSitreps } from './api.ts';
import { mayReview } from './labels.ts';
import { ReviewActions } from './ReviewActions.tsx';
import { SitrepCard } from './SitrepCard.tsx';

/**
 * What the child regions sent to the user's region (the ministry: the provinces'): those awaiting an
 * answer first, each with acknowledge and return-with-note; or everything received.
 */
export function SitrepInbox() {
  const { t, errorText } = useI18n();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const show = params.get('show') === 'all' ? 'all' : 'waiting';
  const list = useSitreps({ box: 'inbox', ...(show === 'waiting' ? { status: 'submitted' as const } : {}) });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t('sitreps.inbox.title')}
        </Title>
        <Text c="dimmed">{t('sitreps.inbox.subtitle', { region: regionName(user.scope.name) })}</Text>
      </div>
      <SegmentedControl
        value={show}
        onChange={(value) => {
          const next = new URLSearchParams(params);
          if (value === 'all') next.set('show', 'all');
          else next.delete('show');
          setParams(next);
        }}
        data={[
          { value: 'waiting', label: t('sitreps.inbox.waiting') },
          { value: 'all', label: t('sitreps.inbox.all') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <Alert color="red">{errorText(list.error)}</Alert>
      ) : items.length === 0 ? (
        <Text c="dimmed">
          {show === 'waiting' ? t('sitreps.inbox.emptyWaiting') : t('sitreps.inbox.empty')}
        </Text>
      ) : (
        <Stack gap="xs" data-testid="sitrep-inbox">
          {items.map((s) => (
            <SitrepCard
              key={s.id}
              sitrep={s}
              actions={
                s.status === 'submitted' && mayReview(user, s.parentCode) ? (
                  <ReviewActions sitrep={s} size="xs" />
                ) : undefined
              }
            />
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
