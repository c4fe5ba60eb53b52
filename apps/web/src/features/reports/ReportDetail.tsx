import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert as Notice,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { REPORT_TRANSITIONS, reportCategory, type ReportStatus } from '@sinergi/shared';
import { useI18n, type UiKey } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { regionName } from '../regions/format.ts';
import { useChangeStatus, useReport, useRevealReporter } from './api.ts';
import {
  categoryLabel,
  localTime,
  SEVERITY_COLORS,
  severityKey,
  STATUS_COLORS,
  statusKey,
} from './format.ts';
import { IDENTITY_READERS, REPORT_OPERATORS } from './roles.ts';

const formatSize = (bytes: number) =>
  bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** One report: what happened, where and when, its history, attachments, and the operator's actions. */
export function ReportDetailPanel({ id }: { id: string }) {
  const { t, language, locale, errorText } = useI18n();
  const me = useCurrentUser();
  const report = useReport(id);
  const change = useChangeStatus();
  const [note, setNote] = useState('');
  const [duplicateOf, setDuplicateOf] = useState('');
  const [target, setTarget] = useState<ReportStatus | null>(null);
  const [changeError, setChangeError] = useState<unknown>(null);

  if (report.isError)
    return (
      <Notice color="red" variant="light">
        {errorText(report.error)}
      </Notice>
    );
  if (report.isPending) return <Skeleton h={320} radius="md" />;
  const r = report.data;
  const next = REPORT_TRANSITIONS[r.status];
  const operator = REPORT_OPERATORS.includes(me.role);
  const guide = reportCategory(r.category)?.severityGuide[language][r.severity - 1];

  const submit = async () => {
    if (!target) return;
    setChangeError(null);
    const [result] = await change.mutateAsync([
      {
        id: r.id,
        status: target,
        ...(note ? { note } : {}),
        ...(target === 'duplicate' ? { duplicateOf } : {}),
      },
    ]);
    if (result && !result.ok) setChangeError(result.error);
    else {
      setNote('');
      setTarget(null);
      setDuplicateOf('');
    }
  };

  return (
    <Paper withBorder radius="md" p="md" data-testid="report-detail">
      <Stack gap="sm">
        <Group gap={6} wrap="wrap">
          <Badge color={SEVERITY_COLORS[r.severity]} variant="filled">
            {t(severityKey(r.severity))}
          </Badge>
          <Badge color={STATUS_COLORS[r.status]} variant="light" data-testid="report-status">
            {t(statusKey(r.status))}
          </Badge>
          <Text size="sm" c="dimmed">
            {categoryLabel(r.category, language)}
          </Text>
        </Group>
        <Title order={2} size="h3">
          {r.title}
        </Title>
        {guide ? (
          <Text size="xs" c="dimmed">
            {t('reports.detail.severityMeans', { text: guide })}
          </Text>
        ) : null}
        <Text style={{ whiteSpace: 'pre-wrap' }}>{r.description}</Text>
        <Text size="sm">
          {regionName(r.regionName)} ({r.regionCode}), {t('reports.detail.district')}{' '}
          {regionName(r.districtName)}
        </Text>
        <Text size="sm" c="dimmed">
          {t('reports.detail.occurred')}: {localTime(r.occurredAt, r.timezone, locale)} ·{' '}
          {t('reports.detail.received')}: {localTime(r.createdAt, r.timezone, locale)} ·{' '}
          {t(`reports.channel.${r.channel}` as UiKey)}
          {r.location ? ` · ${r.location.lat.toFixed(5)}, ${r.location.lon.toFixed(5)}` : ''}
        </Text>
        {r.duplicateOf ? (
          <Text size="sm">
            {t('reports.detail.duplicateOf')}{' '}
            <Anchor component={Link} to={`/reports/${r.duplicateOf}`}>
              {r.duplicateOf.slice(0, 8)}
            </Anchor>
          </Text>
        ) : null}
        {r.duplicates.length > 0 ? (
          <Text size="sm">
            {t('reports.detail.merged', { count: r.duplicates.length })}{' '}
            {r.duplicates.map((d) => (
              <Anchor key={d} component={Link} to={`/reports/${d}`} mr={6}>
                {d.slice(0, 8)}
              </Anchor>
            ))}
          </Text>
        ) : null}

        {r.attachments.length > 0 ? (
          <Stack gap={4}>
            <Text fw={600} size="sm">
              {t('reports.detail.attachments')}
            </Text>
            {r.attachments.map((a) => (
              <Anchor key={a.id} href={`/api/v1/reports/${r.id}/attachments/${a.id}`} size="sm">
                {a.filename} ({a.mime}, {formatSize(a.size)})
              </Anchor>
            ))}
          </Stack>
        ) : null}

        <Text fw={600} size="sm" mt="xs">
          {t('reports.detail.history')}
        </Text>
        <Timeline active={r.history.length - 1} bulletSize={14} lineWidth={2}>
          {r.history.map((h, i) => (
            <Timeline.Item key={i} title={t(statusKey(h.status))}>
              <Text size="xs" c="dimmed">
                {localTime(h.at, r.timezone, locale)}
                {h.by ? ` · ${h.by.name}` : ''}
              </Text>
              {h.note ? <Text size="sm">{h.note}</Text> : null}
            </Timeline.Item>
          ))}
        </Timeline>

        {operator && next.length > 0 ? (
          <Stack gap="xs" mt="sm">
            <Select
              label={t('reports.detail.changeTo')}
              value={target}
              onChange={(v) => setTarget(v as ReportStatus | null)}
              data={next.map((s) => ({ value: s, label: t(statusKey(s)) }))}
              data-testid="status-select"
            />
            {target === 'duplicate' ? (
              <TextInput
                label={t('reports.detail.duplicateOfId')}
                value={duplicateOf}
                onChange={(e) => setDuplicateOf(e.currentTarget.value.trim())}
              />
            ) : null}
            <Textarea
              label={t('reports.detail.note')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              autosize
              minRows={2}
            />
            {changeError ? (
              <Notice color="red" variant="light">
                {errorText(changeError)}
              </Notice>
            ) : null}
            <Group>
              <Button disabled={!target} loading={change.isPending} onClick={() => void submit()}>
                {t('reports.detail.apply')}
              </Button>
            </Group>
          </Stack>
        ) : null}

        {IDENTITY_READERS.includes(me.role) && r.hasReporter ? <RevealReporter id={r.id} /> : null}
      </Stack>
    </Paper>
  );
}

/** The reporter's identity is shown only on request, with a reason that goes to the audit log. */
function RevealReporter({ id }: { id: string }) {
  const { t, errorText } = useI18n();
  const [reason, setReason] = useState('');
  const reveal = useRevealReporter(id);
  return (
    <Paper withBorder radius="md" p="sm" mt="sm" bg="var(--mantine-color-gray-0)">
      <Text size="sm" fw={600}>
        {t('reports.reporter.title')}
      </Text>
      <Text size="xs" c="dimmed" mb="xs">
        {t('reports.reporter.explain')}
      </Text>
      {reveal.data ? (
        <Text size="sm" data-testid="reporter-identity">
          {reveal.data.name ?? reveal.data.user?.name ?? '—'}
          {reveal.data.phone ? ` · ${reveal.data.phone}` : ''}
          {reveal.data.user ? ` · @${reveal.data.user.username}` : ''}
        </Text>
      ) : (
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label={t('reports.reporter.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 200 }}
          />
          <Button
            variant="light"
            disabled={reason.trim().length < 5}
            loading={reveal.isPending}
            onClick={() => reveal.mutate(reason.trim())}
          >
            {t('reports.reporter.show')}
          </Button>
        </Group>
      )}
      {reveal.isError ? (
        <Text size="sm" c="red">
          {errorText(reveal.error)}
        </Text>
      ) : null}
    </Paper>
  );
}
