import { Link } from 'react-router-dom';
import { Anchor, Badge, Group, Paper, Text, UnstyledButton } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { useCurrentStages } from './api.ts';
import { formatDay, formatSpan } from './format.ts';
import { resetSimulatedDate, useToday } from './today.ts';

/**
 * The election stage running today, shown on every page above the content: the broadest election
 * first (the national Pilkada before a village re-vote), with the other stages running that day.
 * Kept to a line or two, since it sits on every page of a phone too.
 */
export function StageBanner() {
  const { t, locale } = useI18n();
  const user = useCurrentUser();
  const { today, simulated } = useToday(user.timezone);
  const { data } = useCurrentStages(today);
  if (!data) return null;
  const [first, ...others] = data.items;

  return (
    <Paper withBorder radius="md" px="sm" py={6} mb="md" className="stage-banner" data-testid="stage-banner">
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Text c="dimmed" mt={2} style={{ flex: 'none', display: 'flex' }}>
          <Icon name="clock" size={16} />
        </Text>
        <div style={{ minWidth: 0, flex: 1 }}>
          {first ? (
            <Text size="sm" lh={1.4}>
              <Text span size="sm" c="dimmed">
                {t('stageBanner.label')}:{' '}
              </Text>
              <Anchor
                component={Link}
                to={`/elections/${first.election.id}`}
                size="sm"
                fw={700}
                data-testid="stage-banner-stage"
              >
                {first.stage.name}
              </Anchor>
              <Text span size="sm" c="dimmed">
                {' '}
                · {first.election.name} · {formatSpan(first.stage.startsOn, first.stage.endsOn, locale)}
              </Text>
              {others.length > 0 && (
                <Badge variant="light" color="gray" size="xs" ml={6}>
                  {t('stageBanner.more', { count: others.length })}
                </Badge>
              )}
            </Text>
          ) : (
            <Text size="sm" c="dimmed" data-testid="stage-banner-none">
              {t('stageBanner.none', { date: formatDay(data.on, locale) })}
            </Text>
          )}
          {first && first.active.length > 1 && (
            <Text size="xs" c="dimmed" visibleFrom="sm">
              {t('stageBanner.also', {
                stages: first.active
                  .slice(1)
                  .map((s) => s.name)
                  .join(', '),
              })}
            </Text>
          )}
          {simulated && (
            <Group gap={6} mt={2}>
              <Badge color="yellow" variant="light" size="xs" data-testid="stage-banner-simulated">
                {t('stageBanner.simulated', { date: formatDay(today, locale) })}
              </Badge>
              <UnstyledButton onClick={resetSimulatedDate}>
                <Text size="xs" c="blue" td="underline">
                  {t('stageBanner.reset')}
                </Text>
              </UnstyledButton>
            </Group>
          )}
        </div>
      </Group>
    </Paper>
  );
}
