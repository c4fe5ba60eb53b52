import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { isWithinScope, NATIONAL_CODE, parentOfCode } from '@sinergi/shared';
import { PageLoader } from '../../app/Layout.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { useCurrentStages, useElection, useElections, useStageOn } from '../elections/api.ts';
import { useToday } from '../elections/today.ts';
import { useRegion } from '../regions/api.ts';
import { regionName } from '../regions/format.ts';
import { useChecklists, useReadinessSummary } from './api.ts';
import { CreateChecklistModal } from './CreateChecklistModal.tsx';
import { formatPct, pctColor } from './labels.ts';
import { AreaGrid, TotalBlock } from './ProgressBlocks.tsx';
import { CHECKLIST_MANAGERS } from './roles.ts';

const ALL = 'all';

/**
 * The readiness board of a region (default the user's) for an election stage (default the one
 * running today): the four areas, the regions below it side by side, and the checklists.
 */
export function ReadinessBoard() {
  const { t, locale, errorText } = useI18n();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { today } = useToday(user.timezone);
  const [creating, setCreating] = useState(false);

  const elections = useElections();
  const running = useCurrentStages(today);
  const electionId =
    params.get('election') ?? running.data?.items[0]?.election.id ?? elections.data?.items[0]?.id;
  const election = useElection(electionId);
  const stageOn = useStageOn(electionId, today);
  const stageParam = params.get('stage');
  // Without a choice: the stage running today, else every stage.
  const stage = stageParam ?? (stageOn.isPending ? undefined : (stageOn.data?.stage?.code ?? ALL));
  const region = params.get('region') ?? user.scope.code;
  const filter = { region, election: electionId, stage: stage === ALL ? undefined : stage };
  const ready = electionId !== undefined && stage !== undefined;
  const summary = useReadinessSummary(filter, ready);
  const checklists = useChecklists(filter, ready);
  // "Up" only climbs within the user's scope; a region outside it (a typed or shared link) offers
  // the way back to the user's own region instead, beside the refusal.
  const inScope = isWithinScope(region, user.scope.code);
  const parentCode =
    region === user.scope.code || !inScope ? undefined : (parentOfCode(region) ?? NATIONAL_CODE);
  const parentRegion = useRegion(parentCode);

  const choose = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    if (key === 'election') next.delete('stage');
    setParams(next);
  };

  if (elections.isPending || running.isPending) return <PageLoader />;
  if (elections.isError) return <Alert color="red">{errorText(elections.error)}</Alert>;
  if (!electionId) return <Text c="dimmed">{t('elections.empty')}</Text>;

  // Outside the scope the board is refused, and so would be a checklist for any region shown there.
  const mayCreate = CHECKLIST_MANAGERS.includes(user.role) && election.data !== undefined && inScope;
  const parent = parentCode ?? null;
  const children = summary.data?.children ?? [];
  const parentName =
    parent === NATIONAL_CODE ? 'Indonesia' : regionName(parentRegion.data?.name ?? parent ?? '');
  // A province or the nation lists every child (who has not started shows); below that, those with items.
  const shownChildren =
    (summary.data?.region.level ?? 0) <= 1 ? children : children.filter((c) => c.total.items > 0);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} size="h2">
            {t('readiness.title')}
          </Title>
          {summary.data && (
            <Text c="dimmed" data-testid="readiness-region">
              {regionName(summary.data.region.name)}
            </Text>
          )}
        </div>
        {mayCreate && (
          <Button leftSection={<Icon name="shield" size={16} />} onClick={() => setCreating(true)}>
            {t('readiness.create')}
          </Button>
        )}
      </Group>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label={t('readiness.election')}
          data={(elections.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
          value={electionId}
          onChange={(value) => choose('election', value)}
          allowDeselect={false}
        />
        <Select
          label={t('readiness.stage')}
          data={[
            { value: ALL, label: t('readiness.allStages') },
            ...(election.data?.stages ?? []).map((s) => ({ value: s.code, label: s.name })),
          ]}
          value={stage ?? null}
          onChange={(value) => choose('stage', value)}
          allowDeselect={false}
          data-testid="readiness-stage"
        />
      </SimpleGrid>

      {parent !== null && (
        <Anchor
          component="button"
          size="sm"
          onClick={() => choose('region', parent === user.scope.code ? null : parent)}
          style={{ alignSelf: 'flex-start' }}
        >
          ← {t('readiness.up', { name: parentName })}
        </Anchor>
      )}
      {!inScope && (
        <Anchor
          component="button"
          size="sm"
          onClick={() => choose('region', null)}
          style={{ alignSelf: 'flex-start' }}
          data-testid="readiness-back-to-scope"
        >
          ← {t('region.backToScope')}
        </Anchor>
      )}

      {!ready || summary.isPending ? (
        <PageLoader />
      ) : summary.isError ? (
        <Alert color="red">{errorText(summary.error)}</Alert>
      ) : (
        <>
          <TotalBlock total={summary.data.total} testId="readiness-total" />
          <AreaGrid areas={summary.data.areas} />

          {shownChildren.length > 0 && (
            <Paper withBorder radius="md" p="md">
              <Title order={2} size="h4" mb="sm">
                {t('readiness.children')}
              </Title>
              <Stack gap={6} data-testid="readiness-children">
                {shownChildren.map((child) => (
                  <Group key={child.region.code} gap="sm" wrap="nowrap" data-region={child.region.code}>
                    <Anchor
                      component="button"
                      size="sm"
                      onClick={() => choose('region', child.region.code)}
                      style={{ flex: '1 1 40%', minWidth: 0, textAlign: 'left' }}
                    >
                      <Text span size="sm" truncate>
                        {regionName(child.region.name)}
                      </Text>
                    </Anchor>
                    <Progress
                      value={child.total.pct ?? 0}
                      color={pctColor(child.total.pct)}
                      style={{ flex: '1 1 40%' }}
                      aria-hidden
                    />
                    <Text size="sm" fw={700} className="tabular" w={64} ta="right" style={{ flex: 'none' }}>
                      {formatPct(child.total.pct, locale)}
                    </Text>
                  </Group>
                ))}
              </Stack>
            </Paper>
          )}

          <div>
            <Title order={2} size="h4" mb="sm">
              {t('readiness.checklists')}
            </Title>
            {checklists.data?.items.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t('readiness.noChecklists')}
              </Text>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
                {(checklists.data?.items ?? []).map((checklist) => (
                  <Paper
                    key={checklist.id}
                    withBorder
                    radius="md"
                    p="md"
                    component={Link}
                    to={`/readiness/${checklist.id}`}
                    data-testid="checklist-card"
                    style={{ color: 'inherit', textDecoration: 'none' }}
                    aria-label={`${t('readiness.open')}: ${regionName(checklist.region.name)} · ${checklist.stage.name}`}
                  >
                    <Text fw={700} truncate>
                      {regionName(checklist.region.name)}
                    </Text>
                    <Text size="sm" c="dimmed" truncate>
                      {checklist.stage.name}
                    </Text>
                    <Group justify="space-between" mt="xs">
                      <Text size="xs" c="dimmed">
                        {t('readiness.doneOf', { done: checklist.total.done, items: checklist.total.items })}
                      </Text>
                      <Text fw={800} c={pctColor(checklist.total.pct)} className="tabular">
                        {formatPct(checklist.total.pct, locale)}
                      </Text>
                    </Group>
                    <Progress
                      value={checklist.total.pct ?? 0}
                      color={pctColor(checklist.total.pct)}
                      size="sm"
                    />
                  </Paper>
                ))}
              </SimpleGrid>
            )}
          </div>
        </>
      )}

      {mayCreate && creating && election.data && (
        <CreateChecklistModal
          opened
          onClose={() => setCreating(false)}
          onCreated={(checklist) => {
            setCreating(false);
            void navigate(`/readiness/${checklist.id}`);
          }}
          election={election.data}
          stageCode={stage === ALL ? undefined : stage}
          regions={[
            ...(summary.data && summary.data.region.level > 0 ? [summary.data.region] : []),
            ...children.map((c) => c.region),
          ]}
        />
      )}
    </Stack>
  );
}
