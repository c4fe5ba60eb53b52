import { Alert, Anchor, Badge, Group, List, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { reportCategory, RISK_DIMENSIONS, type RiskDetail, type RiskDimension } from '@sinergi/shared';
import { useI18n, type UiKey } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { regionName } from '../regions/format.ts';
import { useOpenAlerts } from './api.ts';
import { useRiskFormat } from './format.ts';

const DIMENSION_KEYS: Record<RiskDimension, UiKey> = {
  socialPolitical: 'risk.dim.socialPolitical',
  electionAdministration: 'risk.dim.electionAdministration',
  contestation: 'risk.dim.contestation',
  participation: 'risk.dim.participation',
};

/** "Why is this region high?": the baseline by dimension, the reports behind the signal, the sum. */
export function RiskExplanation({ detail }: { detail: RiskDetail }) {
  const { t, language } = useI18n();
  const f = useRiskFormat();
  const user = useCurrentUser();
  const { baseline, signal, score, activity } = detail.explanation;
  const illustrative = /ILUSTRASI/i.test(baseline.current?.source ?? '');

  return (
    <Paper withBorder radius="md" p="md" data-testid="risk-explanation">
      <Stack gap="md">
        <Title order={2} size="h4">
          {t('risk.explain.title', { score: f.score(detail.score) })}
        </Title>
        <Text size="sm">
          {t('risk.explain.formula', {
            baseline: f.score(score.baselinePart),
            live: f.score(score.livePart),
            fraction: f.number(score.liveFraction * 100),
          })}{' '}
          {t('risk.explain.thresholds', {
            medium: f.score(score.thresholds.medium),
            high: f.score(score.thresholds.high),
          })}
        </Text>

        <Stack gap={6}>
          <Text fw={600} size="sm">
            {t('risk.explain.baseline')}
            {baseline.composite !== null && `: ${f.score(baseline.composite)}`}
          </Text>
          {baseline.current ? (
            <>
              {RISK_DIMENSIONS.map((dimension) => {
                const value = baseline.current?.dimensions[dimension] ?? 0;
                return (
                  <Group key={dimension} gap="sm" wrap="nowrap">
                    <Text size="xs" w={170} style={{ flex: 'none' }}>
                      {t(DIMENSION_KEYS[dimension])}
                    </Text>
                    <Progress value={value} color="navy" size="md" style={{ flex: 1 }} aria-hidden="true" />
                    <Text size="xs" w={44} ta="right" className="tabular">
                      {f.score(value)}
                    </Text>
                  </Group>
                );
              })}
              <Text size="xs" c="dimmed">
                {t('risk.explain.source', {
                  source: baseline.current.source,
                  date: f.longDay(baseline.current.measuredOn),
                })}
                {baseline.from && baseline.from.code !== detail.code
                  ? ` · ${t('risk.explain.baselineFrom', { name: regionName(baseline.from.name) })}`
                  : ''}
              </Text>
              {illustrative && (
                <Alert color="yellow" variant="light" p="xs">
                  <Text size="xs">{t('risk.illustrative')}</Text>
                </Alert>
              )}
            </>
          ) : (
            <Text size="sm" c="dimmed">
              {t('risk.explain.baselineNone')}
            </Text>
          )}
        </Stack>

        <Stack gap={6}>
          <Text fw={600} size="sm">
            {t('risk.explain.contributors')} · {t('risk.signal')} {f.number(signal.value)}
          </Text>
          <Text size="xs" c="dimmed">
            {t('risk.explain.halfLife', { hours: f.number(signal.halfLifeHours) })}
          </Text>
          {signal.contributors.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('risk.explain.noContributors')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={0}>
              <Table verticalSpacing={4} data-testid="risk-contributors">
                <Table.Tbody>
                  {signal.contributors.map((c) => (
                    <Table.Tr key={c.reportId}>
                      <Table.Td>
                        <Text size="sm">{c.title}</Text>
                        <Text size="xs" c="dimmed">
                          {reportCategory(c.category)?.label[language] ?? c.category} ·{' '}
                          {t('risk.explain.severity', { severity: c.severity })} ·{' '}
                          {f.time(c.occurredAt, user.timezone)}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right" className="tabular" style={{ whiteSpace: 'nowrap' }}>
                        {t('risk.explain.contribution', {
                          value: f.number(c.contribution),
                          share: f.number(c.share * 100),
                        })}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>

        <Stack gap={4}>
          <Group gap="xs">
            <Text fw={600} size="sm">
              {t('risk.activity.title')}
            </Text>
            {activity.unusual && (
              <Badge color="red" variant="filled" size="sm">
                {t('risk.activity.unusual', { p: activity.pValue.toPrecision(2) })}
              </Badge>
            )}
          </Group>
          <Text size="sm">
            {t('risk.activity.text', {
              observed: activity.reports24h,
              expected: f.number(activity.expectedPerDay),
            })}
          </Text>
        </Stack>
      </Stack>
    </Paper>
  );
}

export function OpenAlerts({ code }: { code: string }) {
  const { t, errorText } = useI18n();
  const user = useCurrentUser();
  const f = useRiskFormat();
  const alerts = useOpenAlerts(code);
  return (
    <Paper withBorder radius="md" p="md" data-testid="risk-alerts">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('risk.alerts.title')}
        </Title>
        {alerts.error ? (
          <Text size="sm" c="dimmed">
            {errorText(alerts.error)}
          </Text>
        ) : alerts.data && alerts.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('risk.alerts.none')}
          </Text>
        ) : (
          <List spacing={6} size="sm" listStyleType="none">
            {(alerts.data?.items ?? []).map((alert) => (
              <List.Item key={alert.id}>
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <Badge size="xs" color={alert.severity >= 3 ? 'red' : 'yellow'} variant="filled">
                    {alert.severity}
                  </Badge>
                  <Stack gap={0}>
                    <Anchor component={Link} to={`/risk/${alert.regionCode}`} size="sm">
                      {alert.title}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {regionName(alert.regionName)} · {f.time(alert.openedAt, user.timezone)}
                    </Text>
                  </Stack>
                </Group>
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Paper>
  );
}
