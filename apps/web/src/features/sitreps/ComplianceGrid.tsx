import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type { SitrepComplianceState } from '@sinergi/shared';
import { PageLoader } from '../../app/Layout.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { useToday } from '../elections/today.ts';
import { regionName } from '../regions/format.ts';
import { useSitrepCompliance, useSitreps } from './api.ts';
import {
  COMPLIANCE_KEYS,
  COMPLIANCE_ORDER,
  COMPLIANCE_SYMBOLS,
  formatDay,
  formatInstant,
  formatPeriod,
  lastSevenDays,
  regionZone,
} from './labels.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A state as a symbol and a word on a pattern: readable in colour, in grey print and without colour. */
function StateMark({ state }: { state: SitrepComplianceState }) {
  const { t } = useI18n();
  return (
    <span className={`compliance-mark compliance-mark--${state}`}>
      <span aria-hidden="true" className="compliance-symbol">
        {COMPLIANCE_SYMBOLS[state]}
      </span>
      {t(COMPLIANCE_KEYS[state])}
    </span>
  );
}

/**
 * "Who has reported": every child region of the user's province (the ministry and admins: every
 * province) for one period: reported on time, reported late, late, or still within the deadline.
 */
export function ComplianceGrid() {
  const { t, locale, errorText } = useI18n();
  const user = useCurrentUser();
  const { today } = useToday(user.timezone);
  const [params, setParams] = useSearchParams();
  const defaults = lastSevenDays(today);
  const fromParam = params.get('from') ?? '';
  const toParam = params.get('to') ?? '';
  const periodStart = DATE.test(fromParam) ? fromParam : defaults.periodStart;
  const periodEnd = DATE.test(toParam) ? toParam : defaults.periodEnd;
  const valid = periodStart <= periodEnd;
  const grid = useSitrepCompliance({ region: user.scope.code, periodStart, periodEnd }, valid);
  // The periods the child regions actually sent, as shortcuts: the grid counts one exact period.
  const received = useSitreps({ box: 'inbox' });
  const recentPeriods = [
    ...new Set(
      (received.data?.pages.flatMap((p) => p.items) ?? []).map((s) => `${s.periodStart}/${s.periodEnd}`),
    ),
  ].slice(0, 6);

  const setPeriod = (start: string, end: string) => {
    const next = new URLSearchParams(params);
    next.set('from', start);
    next.set('to', end);
    setParams(next, { replace: true });
  };

  const items = grid.data?.items ?? [];
  const counts = Object.fromEntries(
    COMPLIANCE_ORDER.map((state) => [state, items.filter((i) => i.state === state).length]),
  ) as Record<SitrepComplianceState, number>;
  const reportedCount = counts.reported + counts.late_reported;

  return (
    <Stack gap="md" className="sitrep-printable">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Title order={1} size="h2">
            {t('sitreps.compliance.title')}
          </Title>
          <Text c="dimmed">
            {grid.data
              ? t('sitreps.compliance.subtitle', {
                  region: grid.data.region.code === 'ID' ? 'Indonesia' : regionName(grid.data.region.name),
                  period: formatPeriod(periodStart, periodEnd, locale),
                })
              : formatPeriod(periodStart, periodEnd, locale)}
          </Text>
        </div>
        <Button variant="default" onClick={() => window.print()} className="sitrep-no-print">
          {t('sitreps.compliance.print')}
        </Button>
      </Group>

      <Paper withBorder radius="md" p="sm" className="sitrep-no-print">
        <Stack gap="xs">
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput
              label={t('sitreps.compile.periodStart')}
              type="date"
              value={periodStart}
              onChange={(event) => setPeriod(event.currentTarget.value, periodEnd)}
              data-testid="compliance-start"
            />
            <TextInput
              label={t('sitreps.compile.periodEnd')}
              type="date"
              value={periodEnd}
              onChange={(event) => setPeriod(periodStart, event.currentTarget.value)}
              error={valid ? undefined : t('sitreps.compile.order')}
              data-testid="compliance-end"
            />
          </SimpleGrid>
          {recentPeriods.length > 0 && (
            <Group gap={6}>
              <Text size="xs" c="dimmed">
                {t('sitreps.compliance.recentPeriods')}
              </Text>
              {recentPeriods.map((key) => {
                const [start = '', end = ''] = key.split('/');
                const active = start === periodStart && end === periodEnd;
                return (
                  <Button
                    key={key}
                    size="compact-xs"
                    variant={active ? 'filled' : 'light'}
                    onClick={() => setPeriod(start, end)}
                    aria-pressed={active}
                  >
                    {formatPeriod(start, end, locale)}
                  </Button>
                );
              })}
            </Group>
          )}
        </Stack>
      </Paper>

      {!valid ? null : grid.isPending ? (
        <PageLoader />
      ) : grid.isError ? (
        <Alert color="red">{errorText(grid.error)}</Alert>
      ) : (
        <>
          <Text size="sm" data-testid="compliance-summary">
            {t('sitreps.compliance.summary', {
              reported: reportedCount,
              total: items.length,
              due: formatDay(grid.data.dueOn, locale),
            })}
          </Text>
          <Group gap="md" aria-label={t('sitreps.compliance.legend')} data-testid="compliance-legend">
            {COMPLIANCE_ORDER.map((state) => (
              <Group key={state} gap={6} wrap="nowrap">
                <StateMark state={state} />
                <Text size="sm" className="tabular">
                  {counts[state]}
                </Text>
              </Group>
            ))}
          </Group>
          {items.length === 0 ? (
            <Text c="dimmed">{t('sitreps.compliance.empty')}</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="xs" data-testid="compliance-grid">
              {items.map((item) => (
                <div
                  key={item.regionCode}
                  className={`compliance-cell compliance-cell--${item.state}`}
                  data-region={item.regionCode}
                  data-state={item.state}
                >
                  <Text fw={600} size="sm">
                    {item.sitrepId ? (
                      <Link to={`/sitreps/${item.sitrepId}`} className="sitrep-card-link">
                        {regionName(item.name)}
                      </Link>
                    ) : (
                      regionName(item.name)
                    )}
                  </Text>
                  <StateMark state={item.state} />
                  <Text size="xs" c="dimmed">
                    {item.submittedAt
                      ? t('sitreps.compliance.sentAt', {
                          at: formatInstant(
                            item.submittedAt,
                            regionZone(item.regionCode, user.timezone),
                            locale,
                          ),
                        })
                      : item.state === 'late'
                        ? t('sitreps.compliance.overdue', { due: formatDay(grid.data.dueOn, locale) })
                        : t('sitreps.compliance.dueBy', { due: formatDay(grid.data.dueOn, locale) })}
                  </Text>
                </div>
              ))}
            </SimpleGrid>
          )}
        </>
      )}
    </Stack>
  );
}
