import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import {
  RISK_LEVELS,
  type ReportStatus,
  type RiskLevel,
  type SitrepFigures,
  type TimeZoneId,
} from '@sinergi/shared';
import { useI18n } from '../../i18n/index.tsx';
import { categoryLabel, SEVERITY_COLORS, severityKey, statusKey } from '../reports/format.ts';
import { AREA_KEYS, formatPct } from '../readiness/labels.ts';
import { KIND_KEYS } from '../meetings/labels.ts';
import { regionName } from '../regions/format.ts';
import { LevelBadge } from '../risk/LevelBadge.tsx';
import { levelLabel } from '../risk/format.ts';
import { formatDay, formatInstant } from './labels.ts';

const isRiskLevel = (value: string | null): value is RiskLevel =>
  value !== null && (RISK_LEVELS as readonly string[]).includes(value);

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId} className="sitrep-section">
      <Stack gap="xs">
        <Title order={3} size="h5">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function NoData() {
  const { t } = useI18n();
  return (
    <Text size="sm" c="dimmed">
      {t('sitreps.figures.noData')}
    </Text>
  );
}

/** A figure with its label, large enough to read at a glance. */
function Stat({ label, value, tone }: { label: string; value: ReactNode; tone?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" className="tabular" c={tone}>
        {value}
      </Text>
    </div>
  );
}

/** A table that scrolls inside itself on a phone instead of widening the page. */
function FigureTable({
  head,
  rows,
  minWidth = 420,
}: {
  head: string[];
  rows: ReactNode[][];
  minWidth?: number;
}) {
  return (
    <Table.ScrollContainer minWidth={minWidth} type="native">
      <Table striped withTableBorder verticalSpacing={6} fz="sm">
        <Table.Thead>
          <Table.Tr>
            {head.map((h, i) => (
              <Table.Th key={i} ta={i === 0 ? 'left' : undefined}>
                {h}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, r) => (
            <Table.Tr key={r}>
              {row.map((cell, c) => (
                <Table.Td key={c} className={c === 0 ? undefined : 'tabular'}>
                  {cell}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The figures frozen into a sitrep when it was compiled, section by section as in the PDF. */
export function SitrepFiguresView({ figures }: { figures: SitrepFigures }) {
  const { t, locale, language } = useI18n();
  const timezone = figures.region.timezone as TimeZoneId;
  const number = new Intl.NumberFormat(locale);
  const score = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const { reports, alerts, risk, meetings, pledges, readiness, stage } = figures;

  return (
    <Stack gap="sm">
      <Section title={t('sitreps.figures.stage')} testId="sitrep-stage">
        <Text size="sm">
          {stage
            ? t('sitreps.figures.stage.running', { election: stage.election, stage: stage.name })
            : t('sitreps.figures.stage.none')}
        </Text>
      </Section>

      <Section title={t('sitreps.figures.reports')} testId="sitrep-reports">
        {!reports ? (
          <NoData />
        ) : (
          <>
            <Stat label={t('sitreps.figures.reports.total')} value={number.format(reports.total)} />
            <Group gap={6}>
              {[1, 2, 3, 4].map((s) => (
                <Badge key={s} variant="light" color={SEVERITY_COLORS[s]}>
                  {t(severityKey(s))}: {number.format(reports.bySeverity[String(s)] ?? 0)}
                </Badge>
              ))}
            </Group>
            {Object.keys(reports.byStatus).length > 0 && (
              <Text size="sm" c="dimmed">
                {t('sitreps.figures.reports.byStatus')}:{' '}
                {Object.entries(reports.byStatus)
                  .map(([status, n]) => `${t(statusKey(status as ReportStatus))} ${number.format(n)}`)
                  .join(' · ')}
              </Text>
            )}
            {reports.byCategory.length > 0 ? (
              <FigureTable
                head={[
                  t('sitreps.figures.reports.category'),
                  t('sitreps.figures.reports.count'),
                  t('sitreps.figures.reports.high'),
                ]}
                rows={reports.byCategory.map((c) => [
                  categoryLabel(c.category, language),
                  number.format(c.total),
                  number.format(c.high),
                ])}
                minWidth={320}
              />
            ) : (
              <Text size="sm" c="dimmed">
                {t('sitreps.figures.reports.none')}
              </Text>
            )}
          </>
        )}
      </Section>

      <Section title={t('sitreps.figures.alertsRisk')} testId="sitrep-alerts">
        {risk ? (
          <Group gap="sm" align="center">
            <Text size="sm">{t('sitreps.figures.risk.score', { score: score.format(risk.score) })}</Text>
            {isRiskLevel(risk.level) && <LevelBadge level={risk.level} size="sm" />}
            {risk.previousScore !== null && (
              <Text size="sm" c="dimmed">
                {isRiskLevel(risk.previousLevel) && risk.previousLevel !== risk.level
                  ? t('sitreps.figures.risk.changedFrom', {
                      level: t(levelLabel(risk.previousLevel)),
                      score: score.format(risk.previousScore),
                    })
                  : t('sitreps.figures.risk.previous', { score: score.format(risk.previousScore) })}
              </Text>
            )}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {t('sitreps.figures.risk.none')}
          </Text>
        )}
        {!alerts ? (
          <NoData />
        ) : (
          <>
            <Stat
              label={t('sitreps.figures.alerts.open')}
              value={number.format(alerts.open)}
              {...(alerts.open > 0 ? { tone: 'red.8' } : {})}
            />
            {alerts.items.length > 0 && (
              <FigureTable
                head={[
                  t('sitreps.figures.alerts.title'),
                  t('sitreps.figures.alerts.region'),
                  t('sitreps.figures.alerts.openedAt'),
                ]}
                rows={alerts.items.map((a) => [
                  a.title,
                  regionName(a.regionName),
                  formatInstant(a.openedAt, timezone, locale),
                ])}
              />
            )}
          </>
        )}
      </Section>

      <Section title={t('sitreps.figures.meetings')} testId="sitrep-meetings">
        {!meetings ? (
          <NoData />
        ) : (
          <>
            <SimpleGrid cols={3} spacing="xs">
              <Stat label={t('sitreps.figures.meetings.held')} value={number.format(meetings.held)} />
              <Stat
                label={t('sitreps.figures.meetings.followUpsOpen')}
                value={number.format(meetings.followUpsOpen)}
              />
              <Stat
                label={t('sitreps.figures.meetings.followUpsOverdue')}
                value={number.format(meetings.followUpsOverdue)}
                {...(meetings.followUpsOverdue > 0 ? { tone: 'red.8' } : {})}
              />
            </SimpleGrid>
            {meetings.items.length > 0 && (
              <FigureTable
                head={[
                  t('sitreps.figures.meetings.title'),
                  t('sitreps.figures.meetings.kind'),
                  t('sitreps.figures.meetings.startsAt'),
                ]}
                rows={meetings.items.map((m) => [
                  m.title,
                  m.kind in KIND_KEYS ? t(KIND_KEYS[m.kind as keyof typeof KIND_KEYS]) : m.kind,
                  formatInstant(m.startsAt, timezone, locale),
                ])}
              />
            )}
          </>
        )}
      </Section>

      <Section title={t('sitreps.figures.pledges')} testId="sitrep-pledges">
        {!pledges || pledges.campaigns.length === 0 ? (
          <NoData />
        ) : (
          <FigureTable
            head={[
              t('sitreps.figures.pledges.campaign'),
              t('sitreps.figures.pledges.deadline'),
              t('sitreps.figures.pledges.compliance'),
              t('sitreps.figures.pledges.overdue'),
            ]}
            rows={pledges.campaigns.map((c) => [
              c.title,
              formatDay(c.deadline.slice(0, 10), locale),
              formatPct(c.compliancePct, locale),
              number.format(c.overdue),
            ])}
            minWidth={480}
          />
        )}
      </Section>

      <Section title={t('sitreps.figures.readiness')} testId="sitrep-readiness">
        {!readiness ? (
          <NoData />
        ) : (
          <>
            <Stat
              label={t('sitreps.figures.readiness.overall')}
              value={formatPct(readiness.overallPct, locale)}
            />
            <FigureTable
              head={[t('sitreps.figures.readiness.area'), t('sitreps.figures.readiness.pct')]}
              rows={readiness.areas.map((a) => [
                a.area in AREA_KEYS ? t(AREA_KEYS[a.area as keyof typeof AREA_KEYS]) : a.area,
                formatPct(a.pct, locale),
              ])}
              minWidth={260}
            />
          </>
        )}
      </Section>

      {figures.children.length > 0 && (
        <Section title={t('sitreps.figures.children')} testId="sitrep-children">
          <FigureTable
            head={[
              t('sitreps.figures.children.region'),
              t('sitreps.figures.children.sitrep'),
              t('sitreps.figures.children.reports'),
              t('sitreps.figures.children.risk'),
            ]}
            rows={figures.children.map((c) => [
              regionName(c.name),
              c.sitrepId && c.submittedAt ? (
                <Anchor component={Link} to={`/sitreps/${c.sitrepId}`} size="sm">
                  {t('sitreps.figures.children.sent', {
                    version: c.version ?? 1,
                    at: formatInstant(c.submittedAt, timezone, locale),
                  })}
                </Anchor>
              ) : (
                <Text span size="sm" c="dimmed">
                  {t('sitreps.figures.children.notSent')}
                </Text>
              ),
              c.reportsTotal === null ? '–' : number.format(c.reportsTotal),
              isRiskLevel(c.riskLevel) ? <LevelBadge level={c.riskLevel} size="sm" /> : '–',
            ])}
            minWidth={560}
          />
        </Section>
      )}
    </Stack>
  );
}
