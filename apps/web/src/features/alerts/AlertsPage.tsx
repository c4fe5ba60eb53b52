import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  Alert as Notice,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { reportCategory, type AlertDetail, type AlertStatus } from '@sinergi/shared';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { regionName } from '../regions/format.ts';
import { useAlert, useAlertAction, useAlerts, useAssignees } from './api.ts';
import { alertTime, kindKey, SEVERITY_COLORS, severityKey, STATUS_COLORS, statusKey } from './format.ts';
import { ALERT_HANDLERS, WEBHOOK_MANAGERS } from './roles.ts';
import { WebhooksPanel } from './WebhooksPanel.tsx';
import './alerts.css';

type StatusFilter = AlertStatus | 'all';

/**
 * Alerts of the user's scope (a critical report, a cluster of serious reports, a region moving up a
 * level, a surge in reports): the list, one alert with the reports behind it, and its handling.
 * Kesbangpol officers also manage the region's webhooks here.
 */
export default function AlertsPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  usePageTitle(t('nav.alerts'));
  const [tab, setTab] = useState<string | null>('alerts');
  const manager = WEBHOOK_MANAGERS.includes(me.role);

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          {t('alerts.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('alerts.subtitle', { region: regionName(me.scope.name) })}
        </Text>
      </div>
      {manager ? (
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="alerts" leftSection={<Icon name="bell" size={16} />}>
              {t('alerts.tab.alerts')}
            </Tabs.Tab>
            <Tabs.Tab value="webhooks" leftSection={<Icon name="key" size={16} />}>
              {t('alerts.tab.webhooks')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="alerts">
            <AlertsBoard />
          </Tabs.Panel>
          <Tabs.Panel value="webhooks">
            <WebhooksPanel />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <AlertsBoard />
      )}
    </Stack>
  );
}

function AlertsBoard() {
  const { t, locale, errorText } = useI18n();
  const { id } = useParams();
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const [status, setStatus] = useState<StatusFilter>('open');
  const alerts = useAlerts(status === 'all' ? {} : { status });
  const items = alerts.data?.pages.flatMap((page) => page.items) ?? [];

  const list = (
    <Stack gap="sm">
      <SegmentedControl
        value={status}
        onChange={(value) => setStatus(value as StatusFilter)}
        data={[
          { value: 'open', label: t('alerts.status.open') },
          { value: 'acknowledged', label: t('alerts.status.acknowledged') },
          { value: 'closed', label: t('alerts.status.closed') },
          { value: 'all', label: t('alerts.filter.all') },
        ]}
        fullWidth
        aria-label={t('alerts.filter.status')}
      />
      {alerts.isError ? (
        <Notice color="red" variant="light" icon={<Icon name="alert" />}>
          {errorText(alerts.error)}
        </Notice>
      ) : alerts.isPending ? (
        Array.from({ length: 4 }, (_, i) => <Skeleton key={i} h={72} radius="md" />)
      ) : items.length === 0 ? (
        <Paper withBorder radius="md" p="xl">
          <Text ta="center" c="dimmed">
            {t('alerts.empty')}
          </Text>
        </Paper>
      ) : (
        <Stack gap="xs" data-testid="alert-list">
          {items.map((alert) => (
            <Card
              key={alert.id}
              withBorder
              radius="md"
              padding="sm"
              component={Link}
              to={`/alerts/${alert.id}`}
              className="alert-row"
              data-active={alert.id === id}
              data-alert-id={alert.id}
            >
              <Group gap={6} mb={4} wrap="wrap">
                <Badge size="sm" color={SEVERITY_COLORS[alert.severity]} variant="filled">
                  {t(severityKey(alert.severity))}
                </Badge>
                <Badge size="sm" color={STATUS_COLORS[alert.status]} variant="light">
                  {t(statusKey(alert.status))}
                </Badge>
                <Text size="xs" c="dimmed">
                  {t(kindKey(alert.kind))}
                </Text>
              </Group>
              <Text size="sm" fw={600}>
                {alert.title}
              </Text>
              <Text size="xs" c="dimmed">
                {regionName(alert.regionName)} ({alert.regionCode}) ·{' '}
                {alertTime(alert.openedAt, alert.timezone, locale)}
                {alert.reportCount > 0 ? ` · ${t('alerts.reportCount', { count: alert.reportCount })}` : ''}
              </Text>
            </Card>
          ))}
        </Stack>
      )}
      {alerts.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            loading={alerts.isFetchingNextPage}
            onClick={() => void alerts.fetchNextPage()}
          >
            {t('common.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );

  if (!wide) {
    return id ? (
      <Stack gap="sm">
        <Button
          variant="subtle"
          component={Link}
          to="/alerts"
          leftSection={<Icon name="chevronRight" size={16} style={{ transform: 'rotate(180deg)' }} />}
          w="fit-content"
        >
          {t('alerts.back')}
        </Button>
        <AlertDetailPanel id={id} />
      </Stack>
    ) : (
      list
    );
  }
  return (
    <Grid gutter="lg">
      <Grid.Col span={5}>{list}</Grid.Col>
      <Grid.Col span={7}>
        {id ? (
          <AlertDetailPanel id={id} />
        ) : (
          <Paper withBorder radius="md" p="xl">
            <Text ta="center" c="dimmed">
              {t('alerts.pick')}
            </Text>
          </Paper>
        )}
      </Grid.Col>
    </Grid>
  );
}

function AlertDetailPanel({ id }: { id: string }) {
  const { t, locale, language, errorText } = useI18n();
  const me = useCurrentUser();
  const alert = useAlert(id);

  if (alert.isError)
    return (
      <Notice color="red" variant="light" icon={<Icon name="alert" />}>
        {errorText(alert.error)}
      </Notice>
    );
  if (!alert.data) return <Skeleton h={320} radius="md" />;
  const a = alert.data;
  const when = (iso: string) => alertTime(iso, a.timezone, locale);

  return (
    <Paper withBorder radius="md" p="lg" data-testid="alert-detail">
      <Stack gap="md">
        <div>
          <Group gap={6} mb={6}>
            <Badge color={SEVERITY_COLORS[a.severity]} variant="filled">
              {t(severityKey(a.severity))}
            </Badge>
            <Badge color={STATUS_COLORS[a.status]} variant="light" data-testid="alert-status">
              {t(statusKey(a.status))}
            </Badge>
            <Text size="sm" c="dimmed">
              {t(kindKey(a.kind))}
            </Text>
          </Group>
          <Title order={2} size="h3">
            {a.title}
          </Title>
          <Text size="sm" c="dimmed">
            {regionName(a.regionName)} ({a.regionCode}) · {t('alerts.openedAt', { time: when(a.openedAt) })}
          </Text>
        </div>

        <Stack gap={4}>
          {a.acknowledgedBy && a.acknowledgedAt && (
            <Text size="sm">
              {t('alerts.acknowledgedBy', { name: a.acknowledgedBy.name, time: when(a.acknowledgedAt) })}
            </Text>
          )}
          {a.assignee && a.assignedAt && (
            <Text size="sm">
              {t('alerts.assignedTo', { name: a.assignee.name, time: when(a.assignedAt) })}
            </Text>
          )}
          {a.closedBy && a.closedAt && (
            <Text size="sm">{t('alerts.closedBy', { name: a.closedBy.name, time: when(a.closedAt) })}</Text>
          )}
          {a.closeNote && (
            <Notice color="gray" variant="light" title={t('alerts.closeNote')}>
              {a.closeNote}
            </Notice>
          )}
        </Stack>

        {a.reports.length > 0 && (
          <div>
            <Text fw={700} size="sm" mb={6}>
              {t('alerts.reports', { count: a.reports.length })}
            </Text>
            <Table.ScrollContainer minWidth={480}>
              <Table verticalSpacing="xs" aria-label={t('alerts.reports', { count: a.reports.length })}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('alerts.column.report')}</Table.Th>
                    <Table.Th>{t('alerts.column.category')}</Table.Th>
                    <Table.Th>{t('alerts.column.severity')}</Table.Th>
                    <Table.Th>{t('alerts.column.occurredAt')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {a.reports.map((report) => (
                    <Table.Tr key={report.id}>
                      <Table.Td>
                        <Text size="sm">{report.title}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {reportCategory(report.category)?.label[language] ?? report.category}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge size="sm" color={SEVERITY_COLORS[report.severity]} variant="light">
                          {t(severityKey(report.severity))}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{when(report.occurredAt)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </div>
        )}

        {ALERT_HANDLERS.includes(me.role) && a.status !== 'closed' && <AlertActions alert={a} />}
      </Stack>
    </Paper>
  );
}

function AlertActions({ alert }: { alert: AlertDetail }) {
  const { t, errorText } = useI18n();
  const me = useCurrentUser();
  const action = useAlertAction(alert.id);
  const officer = me.role !== 'forum_member';
  const assignees = useAssignees(officer);
  const [assignee, setAssignee] = useState<string | null>(null);
  const [note, setNote] = useState('');

  return (
    <Stack gap="sm" data-testid="alert-actions">
      {action.isError && (
        <Notice color="red" variant="light" icon={<Icon name="alert" />}>
          {errorText(action.error)}
        </Notice>
      )}
      <Group gap="sm">
        {alert.status === 'open' && (
          <Button onClick={() => action.mutate({ action: 'acknowledge' })} loading={action.isPending}>
            {t('alerts.action.acknowledge')}
          </Button>
        )}
        {alert.assignee?.id !== me.id && (
          <Button
            variant="default"
            onClick={() => action.mutate({ action: 'assign', userId: me.id })}
            loading={action.isPending}
          >
            {t('alerts.action.assignMe')}
          </Button>
        )}
      </Group>
      {officer && (
        <Group align="flex-end" gap="sm">
          <Select
            label={t('alerts.action.assignTo')}
            placeholder={t('alerts.action.assignPick')}
            data={(assignees.data ?? []).map((u) => ({
              value: u.id,
              label: `${u.name} · ${regionName(u.scope.name)}`,
            }))}
            value={assignee}
            onChange={setAssignee}
            searchable
            style={{ flex: 1, minWidth: 200 }}
          />
          <Button
            variant="default"
            disabled={!assignee}
            onClick={() => assignee && action.mutate({ action: 'assign', userId: assignee })}
          >
            {t('alerts.action.assign')}
          </Button>
        </Group>
      )}
      <Textarea
        label={t('alerts.action.closeNote')}
        description={t('alerts.action.closeNoteHelp')}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={2000}
      />
      <Group>
        <Button
          color="gray"
          disabled={note.trim().length === 0}
          loading={action.isPending}
          onClick={() =>
            action.mutate({ action: 'close', note: note.trim() }, { onSuccess: () => setNote('') })
          }
        >
          {t('alerts.action.close')}
        </Button>
      </Group>
    </Stack>
  );
}
