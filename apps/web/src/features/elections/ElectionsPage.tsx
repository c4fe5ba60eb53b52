import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, Anchor, Badge, Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { PageLoader } from '../../app/Layout.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { regionName } from '../regions/format.ts';
import { useCurrentStages, useElection, useElections, useStageOn } from './api.ts';
import { formatDay, formatSpan, spanDays } from './format.ts';
import { kindKey, watchItemLine } from './labels.ts';
import { StageTimeline } from './StageTimeline.tsx';
import { useToday } from './today.ts';

/** Elections on the user's line, the selected one's stages on a timeline and what to watch in each. */
export default function ElectionsPage() {
  const { t, locale, language, errorText } = useI18n();
  const user = useCurrentUser();
  usePageTitle(t('nav.elections'));
  const navigate = useNavigate();
  const { id } = useParams();
  const { today } = useToday(user.timezone);
  const list = useElections();
  const running = useCurrentStages(today);
  // Without a choice: the election running today, else the latest.
  const selectedId = id ?? running.data?.items[0]?.election.id ?? list.data?.items[0]?.id;
  const election = useElection(selectedId);
  const stageOn = useStageOn(selectedId, today);

  if (list.isPending) return <PageLoader />;
  if (list.isError) return <Alert color="red">{errorText(list.error)}</Alert>;
  if (list.data.items.length === 0)
    return (
      <Stack>
        <Title order={1} size="h2">
          {t('elections.title')}
        </Title>
        <Text c="dimmed">{t('elections.empty')}</Text>
      </Stack>
    );

  const active = stageOn.data?.active.map((s) => s.code) ?? [];

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Title order={1} size="h2">
          {t('elections.title')}
        </Title>
        <Select
          label={t('elections.list')}
          data={list.data.items.map((e) => ({
            value: e.id,
            label: `${e.name} (${formatDay(e.votingDay, locale)})`,
          }))}
          value={selectedId ?? null}
          onChange={(value) => value && void navigate(`/elections/${value}`)}
          allowDeselect={false}
          w={{ base: '100%', sm: 420 }}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>

      {election.isPending ? (
        <PageLoader />
      ) : election.isError ? (
        <Alert color="red">{errorText(election.error)}</Alert>
      ) : (
        <>
          <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }}>
            <Stack gap="xs">
              <Title order={2} size="h3" data-testid="election-name">
                {election.data.name}
              </Title>
              <Group gap="xs">
                <Badge variant="light">{t(kindKey(election.data.kind))}</Badge>
                <Badge variant="light" color="gray">
                  {t('elections.scope', { name: regionName(election.data.scope.name) })}
                </Badge>
                <Badge variant="light" color="yellow">
                  {t('elections.votingDay', { date: formatDay(election.data.votingDay, locale) })}
                </Badge>
              </Group>
              <Text size="sm" fw={600} mt="sm">
                {t('elections.timeline')}
              </Text>
              <StageTimeline stages={election.data.stages} today={today} active={active} />
              {stageOn.data && stageOn.data.stage === null && (
                <Text size="sm" c="dimmed">
                  {t('elections.noCurrent')}
                </Text>
              )}
            </Stack>
          </Paper>

          <div>
            <Title order={2} size="h4" mb="sm">
              {t('elections.stages')}
            </Title>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
              {election.data.stages.map((stage) => {
                const isActive = active.includes(stage.code);
                return (
                  <Paper
                    key={stage.code}
                    withBorder
                    radius="md"
                    p="md"
                    data-testid={`stage-card-${stage.code}`}
                    style={isActive ? { borderColor: 'var(--mantine-color-yellow-6)' } : undefined}
                  >
                    <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
                      <div style={{ minWidth: 0 }}>
                        <Text fw={700}>{stage.name}</Text>
                        <Text size="sm" c="dimmed" className="tabular">
                          {formatSpan(stage.startsOn, stage.endsOn, locale)} ·{' '}
                          {t('elections.days', { count: spanDays(stage.startsOn, stage.endsOn) })}
                        </Text>
                      </div>
                      {isActive && (
                        <Badge color="yellow" variant="filled" style={{ flex: 'none' }}>
                          {t('elections.current')}
                        </Badge>
                      )}
                    </Group>
                    {stage.watchItems.length === 0 ? (
                      <Text size="sm" c="dimmed" mt="xs">
                        {t('elections.noWatch')}
                      </Text>
                    ) : (
                      <Stack gap={4} mt="xs">
                        {stage.watchItems.map((item, i) => {
                          const line = watchItemLine(item, language);
                          return (
                            <Group key={i} gap={6} wrap="nowrap" align="flex-start">
                              <Text size="sm" c="red.7" style={{ flex: 'none' }}>
                                ⚠
                              </Text>
                              <Text size="sm">
                                {line.text}
                                {line.category && item.text !== null && (
                                  <Text span size="xs" c="dimmed">
                                    {' '}
                                    · {line.category}
                                  </Text>
                                )}
                              </Text>
                            </Group>
                          );
                        })}
                      </Stack>
                    )}
                    <Anchor
                      component={Link}
                      to={`/readiness?election=${election.data.id}&stage=${stage.code}`}
                      size="sm"
                      mt="xs"
                      display="inline-block"
                    >
                      {t('elections.openReadiness')}
                    </Anchor>
                  </Paper>
                );
              })}
            </SimpleGrid>
          </div>
        </>
      )}
    </Stack>
  );
}
