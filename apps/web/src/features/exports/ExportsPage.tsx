import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { REPORT_CATEGORIES, REPORT_STATUSES, type Region } from '@sinergi/shared';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { regionName } from '../regions/format.ts';
import { RegionPicker } from '../regions/RegionSearch.tsx';
import { statusKey } from '../reports/format.ts';
import {
  EXPORT_KINDS,
  exportUrl,
  FORMAT_LABELS,
  useExportDownload,
  type DownloadState,
  type ExportKind,
  type ExportQuery,
} from './api.ts';
import { downloadPercent, InterruptedDownload, type DownloadProgress } from './download.ts';

/**
 * Data exports of the caller's scope (or a region inside it): reports and the ACLED-style event table
 * with the report filters, risk scores, follow-ups, pledge compliance and a GeoJSON of the regions.
 * Files stream in with a progress bar and can be cancelled; the reporter's identity is never in them.
 */
export default function ExportsPage() {
  const { t, language } = useI18n();
  const me = useCurrentUser();
  usePageTitle(t('nav.exports'));
  const [region, setRegion] = useState<Region | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const rangeInvalid = from !== '' && to !== '' && from > to;
  const query: ExportQuery = {
    region: region?.code,
    from: from || undefined,
    to: to || undefined,
    status: status ?? undefined,
    category: category ?? undefined,
  };
  const scopeName = regionName(me.scope.name);

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          {t('exports.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('exports.subtitle', { region: region ? regionName(region.name) : scopeName })}
        </Text>
      </div>

      <Paper withBorder radius="md" p="md">
        <Stack gap="md">
          <RegionPicker
            label={t('exports.region')}
            description={t('exports.region.description', { region: scopeName })}
            value={region}
            onChange={setRegion}
          />
          <div>
            <Text fw={600} size="sm">
              {t('exports.filters.title')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('exports.filters.explain')}
            </Text>
          </div>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            <TextInput
              type="date"
              label={t('exports.filter.from')}
              value={from}
              max={to || undefined}
              onChange={(e) => setFrom(e.currentTarget.value)}
              data-testid="export-from"
            />
            <TextInput
              type="date"
              label={t('exports.filter.to')}
              value={to}
              min={from || undefined}
              onChange={(e) => setTo(e.currentTarget.value)}
              error={rangeInvalid ? t('exports.filter.rangeInvalid') : undefined}
              data-testid="export-to"
            />
            <Select
              label={t('exports.filter.status')}
              placeholder={t('exports.filter.all')}
              clearable
              value={status}
              onChange={setStatus}
              data={REPORT_STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) }))}
            />
            <Select
              label={t('exports.filter.category')}
              placeholder={t('exports.filter.all')}
              clearable
              searchable
              value={category}
              onChange={setCategory}
              data={REPORT_CATEGORIES.map((c) => ({ value: c.code, label: c.label[language] }))}
            />
          </SimpleGrid>
        </Stack>
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {EXPORT_KINDS.map((kind) => (
          <ExportCard
            key={kind.id}
            kind={kind}
            query={query}
            fileCode={region?.code ?? me.scope.code}
            blocked={kind.reportFilters && rangeInvalid}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function ExportCard({
  kind,
  query,
  fileCode,
  blocked,
}: {
  kind: ExportKind;
  query: ExportQuery;
  fileCode: string;
  blocked: boolean;
}) {
  const { t } = useI18n();
  const { state, start, cancel } = useExportDownload();
  const running = state.phase === 'running';
  const title = t(kind.title);

  return (
    <Card withBorder radius="md" padding="md" data-testid={`export-${kind.id}`}>
      <Stack gap="sm" h="100%" justify="space-between">
        <div>
          <Group gap="xs" justify="space-between" wrap="wrap" mb={4}>
            <Title order={2} size="h4">
              {title}
            </Title>
            {kind.reportFilters ? (
              <Badge variant="light" color="gray" size="sm">
                {t('exports.usesFilters')}
              </Badge>
            ) : null}
          </Group>
          <Text size="sm" c="dimmed">
            {t(kind.description)}
          </Text>
        </div>
        <Group gap="xs" wrap="wrap">
          {kind.formats.map((format) => (
            <Button
              key={format}
              size="sm"
              variant="light"
              leftSection={<DownloadGlyph />}
              disabled={running || blocked}
              onClick={() =>
                void start(exportUrl(kind, format, query), format, `${kind.fileStem}-${fileCode}.${format}`)
              }
              data-testid={`download-${kind.id}-${format}`}
            >
              {t('exports.download', { format: FORMAT_LABELS[format] })}
            </Button>
          ))}
        </Group>
        <DownloadStatus state={state} name={title} kindId={kind.id} onCancel={cancel} />
      </Stack>
    </Card>
  );
}

/** The progress of the running download, its outcome after, or nothing before the first. */
function DownloadStatus({
  state,
  name,
  kindId,
  onCancel,
}: {
  state: DownloadState;
  name: string;
  kindId: string;
  onCancel: () => void;
}) {
  const { t, locale, errorText } = useI18n();
  const testId = `export-progress-${kindId}`;
  if (state.phase === 'idle') return null;

  if (state.phase === 'failed') {
    return (
      <Alert
        color="red"
        variant="light"
        icon={<Icon name="alert" />}
        title={t('exports.error.title')}
        data-testid={testId}
        data-state="failed"
      >
        {state.error instanceof InterruptedDownload ? t('exports.error.interrupted') : errorText(state.error)}
      </Alert>
    );
  }
  if (state.phase === 'cancelled') {
    return (
      <Text size="sm" c="dimmed" role="status" data-testid={testId} data-state="cancelled">
        {t('exports.cancelled')}
      </Text>
    );
  }

  const format = FORMAT_LABELS[state.format];
  if (state.phase === 'done') {
    const { file } = state;
    const size = formatBytes(file.bytes, locale);
    return (
      <Stack gap={4} data-testid={testId} data-state="done">
        <ProgressBar value={100} label={t('exports.progress.label', { name, format })} text={null} done />
        <Text size="sm" c="teal.8" role="status">
          {file.rows !== null
            ? t('exports.done.rows', { file: file.filename, size, rows: formatCount(file.rows, locale) })
            : t('exports.done', { file: file.filename, size })}
        </Text>
      </Stack>
    );
  }

  const text = progressText(state.progress, locale, t);
  const percent = state.progress ? downloadPercent(state.progress) : null;
  return (
    <Stack gap={4} data-testid={testId} data-state="running">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="xs" c="dimmed" aria-live="polite" style={{ minWidth: 0 }} data-testid={`${testId}-text`}>
          {text}
        </Text>
        <Button
          size="compact-sm"
          variant="subtle"
          color="red"
          onClick={onCancel}
          data-testid={`cancel-${kindId}`}
        >
          {t('exports.cancel')}
        </Button>
      </Group>
      <ProgressBar value={percent} label={t('exports.progress.label', { name, format })} text={text} />
    </Stack>
  );
}

/**
 * A Mantine progress bar: the share done when it is known, else a full striped, moving bar (the
 * download is alive but its end is unknown). The ARIA value is only set when it means something.
 */
function ProgressBar({
  value,
  label,
  text,
  done = false,
}: {
  value: number | null;
  label: string;
  text: string | null;
  done?: boolean;
}) {
  const known = value !== null;
  const shown = known ? (done ? 100 : Math.floor(value)) : undefined;
  return (
    <Progress.Root
      size="lg"
      role="progressbar"
      aria-label={label}
      aria-valuemin={known ? 0 : undefined}
      aria-valuemax={known ? 100 : undefined}
      aria-valuenow={shown}
      aria-valuetext={text ?? undefined}
      aria-busy={!done}
    >
      {/* Keyed by mode, so the bar does not slide from a full indeterminate one down to 0 %. */}
      <Progress.Section
        key={known ? 'share' : 'unknown'}
        value={known ? value : 100}
        color={done ? 'teal' : undefined}
        striped={!known}
        animated={!known}
        withAria={false}
      />
    </Progress.Root>
  );
}

type Translate = ReturnType<typeof useI18n>['t'];

function progressText(progress: DownloadProgress | null, locale: string, t: Translate): string {
  if (!progress) return t('exports.progress.starting');
  const size = formatBytes(progress.bytes, locale);
  const percent = downloadPercent(progress);
  if (progress.rows !== null && progress.total !== null && percent !== null) {
    return t('exports.progress.rows', {
      rows: formatCount(progress.rows, locale),
      total: formatCount(progress.total, locale),
      percent: Math.floor(percent),
    });
  }
  if (progress.bytes === 0) return t('exports.progress.starting');
  if (progress.totalBytes !== null && percent !== null) {
    return t('exports.progress.bytesOf', {
      size,
      total: formatBytes(progress.totalBytes, locale),
      percent: Math.floor(percent),
    });
  }
  if (progress.rows !== null) {
    return t('exports.progress.rowsOnly', { rows: formatCount(progress.rows, locale), size });
  }
  return t('exports.progress.bytes', { size });
}

function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** "1,5 MB" in the reader's locale (binary multiples, as file managers show them). */
function formatBytes(bytes: number, locale: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit > 0 && value < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${UNITS[unit]}`;
}

/** A download arrow in the stroke style of ui/icons.tsx. */
function DownloadGlyph() {
  return (
    <svg
      width={16}
      height={16}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M12 4v11m-4.5-4.5L12 15l4.5-4.5M5 19h14" />
    </svg>
  );
}
