import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import type { FollowUp } from '@sinergi/shared';
import { PageLoader } from '../../app/Layout.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { followUpExportUrl, useFollowUps, type FollowUpFilter } from './api.ts';
import { FollowUpCard } from './FollowUpCard.tsx';
import { MEETING_READERS } from './labels.ts';

interface OwnerGroup {
  owner: string;
  items: FollowUp[];
  overdue: number;
}

/** Groups by owner; overdue first inside each group, and owners with overdue work first. */
export function groupByOwner(items: FollowUp[], nobody: string): OwnerGroup[] {
  const groups = new Map<string, FollowUp[]>();
  for (const f of items) {
    const owner = f.assignee.name ?? f.assignee.institution ?? nobody;
    groups.set(owner, [...(groups.get(owner) ?? []), f]);
  }
  return [...groups]
    .map(([owner, list]) => ({
      owner,
      items: [...list].sort(
        (a, b) =>
          Number(b.overdue) - Number(a.overdue) ||
          a.dueOn.localeCompare(b.dueOn) ||
          a.title.localeCompare(b.title),
      ),
      overdue: list.filter((f) => f.overdue).length,
    }))
    .sort(
      (a, b) =>
        b.overdue - a.overdue ||
        (a.items[0]?.dueOn ?? '').localeCompare(b.items[0]?.dueOn ?? '') ||
        a.owner.localeCompare(b.owner),
    );
}

/** The decisions' follow-ups of the region by owner, overdue first; exports the same list as XLSX. */
export function FollowUpBoard() {
  const { t, errorText } = useI18n();
  const user = useCurrentUser();
  const browses = MEETING_READERS.includes(user.role);
  const [mine, setMine] = useState(!browses);
  const [showClosed, setShowClosed] = useState(false);
  const filter: FollowUpFilter = {
    ...(mine ? { mine: true } : {}),
    ...(showClosed ? {} : { status: 'open,in_progress' }),
  };
  const followUps = useFollowUps(filter);
  if (followUps.isPending) return <PageLoader />;
  if (followUps.isError) return <Alert color="red">{errorText(followUps.error)}</Alert>;
  const groups = groupByOwner(followUps.data.items, t('meetings.followUp.noOwner'));
  const overdue = followUps.data.items.filter((f) => f.overdue).length;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2} size="h3">
            {t('meetings.board.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('meetings.board.summary', { n: followUps.data.items.length, overdue })}
          </Text>
        </div>
        {browses && (
          <Button
            component="a"
            href={followUpExportUrl(filter)}
            download
            variant="light"
            size="sm"
            data-testid="export-xlsx"
          >
            {t('meetings.board.export')}
          </Button>
        )}
      </Group>
      <Group gap="lg">
        {browses && (
          <Switch
            label={t('meetings.board.mine')}
            checked={mine}
            onChange={(e) => setMine(e.currentTarget.checked)}
          />
        )}
        <Switch
          label={t('meetings.board.closed')}
          checked={showClosed}
          onChange={(e) => setShowClosed(e.currentTarget.checked)}
        />
      </Group>
      {groups.length === 0 && <Text c="dimmed">{t('meetings.board.empty')}</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {groups.map((g) => (
          <Paper key={g.owner} withBorder radius="md" p="sm" data-owner={g.owner}>
            <Group justify="space-between" mb="xs">
              <Text fw={700}>{g.owner}</Text>
              <Group gap={4}>
                <Badge variant="light">{g.items.length}</Badge>
                {g.overdue > 0 && (
                  <Badge color="red">{t('meetings.overdueFollowUps', { n: g.overdue })}</Badge>
                )}
              </Group>
            </Group>
            <Stack gap="xs">
              {g.items.map((f) => (
                <FollowUpCard key={f.id} followUp={f} />
              ))}
            </Stack>
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
