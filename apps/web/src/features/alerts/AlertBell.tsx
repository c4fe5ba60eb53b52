import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  ActionIcon,
  Badge,
  Box,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { regionName } from '../regions/format.ts';
import { useOpenAlertsFeed } from './api.ts';
import { alertTime, SEVERITY_COLORS, severityKey } from './format.ts';
import { useLiveAlerts } from './live.ts';
import { ALERT_READERS } from './roles.ts';
import './alerts.css';

/** The bell in the header: open alerts of the user's scope, updated live as they open. */
export function AlertBell() {
  const user = useCurrentUser();
  if (!ALERT_READERS.includes(user.role)) return null;
  return <Bell />;
}

function Bell() {
  const { t, locale } = useI18n();
  const [opened, setOpened] = useState(false);
  const live = useLiveAlerts(true);
  const feed = useOpenAlertsFeed(true);
  const items = feed.data?.items ?? [];
  const more = feed.data?.nextCursor !== null && feed.data?.nextCursor !== undefined;
  const count = items.length;
  const freshIds = new Set(live.fresh.map((a) => a.id));
  const latest = live.fresh[0];

  return (
    <>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} shadow="md" withArrow>
        <Popover.Target>
          <Indicator
            label={more ? `${count}+` : count}
            size={18}
            color="red"
            disabled={count === 0}
            offset={4}
            data-testid="alert-bell-count"
          >
            <ActionIcon
              variant="subtle"
              color="white"
              size="lg"
              radius="xl"
              aria-label={t('alerts.bell.label', { count: more ? `${count}+` : count })}
              onClick={() => setOpened((o) => !o)}
              data-testid="alert-bell"
            >
              <Icon name="bell" size={22} />
            </ActionIcon>
          </Indicator>
        </Popover.Target>
        <Popover.Dropdown p={0}>
          <Group justify="space-between" px="sm" py="xs" className="alert-bell-head">
            <Text fw={700} size="sm">
              {t('alerts.bell.title')}
            </Text>
            <Group gap={6} wrap="nowrap">
              <Box className={live.connected ? 'live-dot live-dot--on' : 'live-dot'} aria-hidden="true" />
              <Text size="xs" c="dimmed">
                {live.connected ? t('alerts.live.on') : t('alerts.live.off')}
              </Text>
            </Group>
          </Group>
          <ScrollArea.Autosize mah={360}>
            {count === 0 ? (
              <Text size="sm" c="dimmed" px="sm" py="md" ta="center">
                {t('alerts.bell.none')}
              </Text>
            ) : (
              <Stack gap={0} data-testid="alert-bell-list">
                {items.map((alert) => (
                  <UnstyledButton
                    key={alert.id}
                    component={Link}
                    to={`/alerts/${alert.id}`}
                    onClick={() => setOpened(false)}
                    className={
                      freshIds.has(alert.id) ? 'alert-bell-item alert-bell-item--fresh' : 'alert-bell-item'
                    }
                  >
                    <Group gap={6} wrap="nowrap" mb={2}>
                      <Badge size="xs" color={SEVERITY_COLORS[alert.severity]} variant="filled">
                        {t(severityKey(alert.severity))}
                      </Badge>
                      {freshIds.has(alert.id) && (
                        <Badge size="xs" color="yellow" variant="light">
                          {t('alerts.bell.new')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm" fw={600} lineClamp={2}>
                      {alert.title}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {regionName(alert.regionName)} · {alertTime(alert.openedAt, alert.timezone, locale)}
                    </Text>
                  </UnstyledButton>
                ))}
              </Stack>
            )}
          </ScrollArea.Autosize>
          <Box px="sm" py="xs" className="alert-bell-foot">
            <Text component={Link} to="/alerts" size="sm" c="navy" fw={600} onClick={() => setOpened(false)}>
              {t('alerts.bell.all')}
            </Text>
          </Box>
        </Popover.Dropdown>
      </Popover>
      <div className="visually-hidden" aria-live="polite" role="status">
        {latest ? t('alerts.bell.announce', { title: latest.title }) : ''}
      </div>
    </>
  );
}
