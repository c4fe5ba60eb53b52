import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  Alert as Notice,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Switch,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { REPORT_CATEGORIES, REPORT_STATUSES, type Report } from '@sinergi/shared';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { regionName } from '../regions/format.ts';
import {
  useChangeStatus,
  useDuplicateGroups,
  useMerge,
  usePublicIntake,
  useReports,
  useSetPublicIntake,
  type ReportFilters,
} from './api.ts';
import {
  categoryLabel,
  localTime,
  SEVERITY_COLORS,
  severityKey,
  STATUS_COLORS,
  statusKey,
} from './format.ts';
import { filtersFromSearch, searchFromFilters } from './filters.ts';
import { ReportDetailPanel } from './ReportDetail.tsx';
import { REPORT_OPERATORS } from './roles.ts';
import './reports.css';

const ReportMap = lazy(() => import('./ReportMap.tsx'));

/**
 * Early-warning reports of the user's scope: the operator's inbox (filters, bulk verify or reject),
 * near-duplicate groups to merge, a map of located reports, and one report with its history.
 */
export default function ReportsPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  usePageTitle(t('nav.reports'));
  const [tab, setTab] = useState<string | null>('inbox');
  const operator = REPORT_OPERATORS.includes(me.role);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            {t('reports.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('reports.subtitle', { region: regionName(me.scope.name) })}
          </Text>
        </div>
        {operator && me.scope.code !== 'ID' ? <PublicIntakeSwitch code={me.scope.code} /> : null}
        <Button
          component="a"
          href="/field.html"
          leftSection={<Icon name="alert" size={16} />}
          variant="light"
        >
          {t('reports.fileNew')}
        </Button>
      </Group>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="inbox">{t('reports.tab.inbox')}</Tabs.Tab>
          {operator ? <Tabs.Tab value="duplicates">{t('reports.tab.duplicates')}</Tabs.Tab> : null}
          <Tabs.Tab value="map">{t('reports.tab.map')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="inbox">
          <Inbox operator={operator} />
        </Tabs.Panel>
        {operator ? (
          <Tabs.Panel value="duplicates">
            <DuplicateGroups />
          </Tabs.Panel>
        ) : null}
        <Tabs.Panel value="map">
          <Suspense fallback={<Skeleton h={420} />}>
            <ReportMap />
          </Suspense>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Filters({
  value,
  onChange,
  narrow,
}: {
  value: ReportFilters;
  onChange: (next: ReportFilters) => void;
  narrow: boolean;
}) {
  const { t, language } = useI18n();
  return (
    <SimpleGrid cols={narrow ? { base: 1, xs: 2 } : { base: 1, xs: 2, md: 5 }} spacing="xs">
      <TextInput
        label={t('reports.filter.q')}
        placeholder={t('reports.filter.qPlaceholder')}
        value={value.q ?? ''}
        onChange={(e) => onChange({ ...value, q: e.currentTarget.value || undefined })}
        data-testid="reports-search"
      />
      <Select
        label={t('reports.filter.status')}
        clearable
        value={value.status ?? null}
        onChange={(status) => onChange({ ...value, status: status ?? undefined })}
        data={REPORT_STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) }))}
      />
      <Select
        label={t('reports.filter.category')}
        clearable
        searchable
        value={value.category ?? null}
        onChange={(category) => onChange({ ...value, category: category ?? undefined })}
        data={REPORT_CATEGORIES.map((c) => ({ value: c.code, label: c.label[language] }))}
      />
      <Select
        label={t('reports.filter.severityMin')}
        clearable
        value={value.severityMin ? String(value.severityMin) : null}
        onChange={(s) => onChange({ ...value, severityMin: s ? Number(s) : undefined })}
        data={[1, 2, 3, 4].map((s) => ({ value: String(s), label: t(severityKey(s)) }))}
      />
      <TextInput
        label={t('reports.filter.region')}
        placeholder="15.04.01"
        value={value.region ?? ''}
        onChange={(e) => onChange({ ...value, region: e.currentTarget.value.trim() || undefined })}
      />
    </SimpleGrid>
  );
}

export function ReportCard({
  report,
  active,
  selectable,
  selected,
  onSelect,
}: {
  report: Report;
  active?: boolean;
  selectable?: boolean;
  selected?: boolean;
  onSelect?: (checked: boolean) => void;
}) {
  const { t, language, locale } = useI18n();
  // The inbox's filters go along, so coming back from the report finds the same inbox.
  const { search } = useLocation();
  return (
    <Card
      withBorder
      radius="md"
      padding="sm"
      className="report-row"
      data-active={active}
      data-report-id={report.id}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        {selectable ? (
          <Checkbox
            mt={4}
            checked={selected}
            onChange={(e) => onSelect?.(e.currentTarget.checked)}
            aria-label={t('reports.select', { title: report.title })}
          />
        ) : null}
        <Anchor
          component={Link}
          to={{ pathname: `/reports/${report.id}`, search }}
          underline="never"
          c="inherit"
          style={{ flex: 1, minWidth: 0 }}
        >
          <Group gap={6} mb={4} wrap="wrap">
            <Badge size="sm" color={SEVERITY_COLORS[report.severity]} variant="filled">
              {t(severityKey(report.severity))}
            </Badge>
            <Badge size="sm" color={STATUS_COLORS[report.status]} variant="light">
              {t(statusKey(report.status))}
            </Badge>
            <Text size="xs" c="dimmed">
              {categoryLabel(report.category, language)}
            </Text>
          </Group>
          <Text size="sm" fw={600} lineClamp={2}>
            {report.title}
          </Text>
          <Text size="xs" c="dimmed">
            {regionName(report.regionName)}, {regionName(report.districtName)} ·{' '}
            {localTime(report.occurredAt, report.timezone, locale)}
            {report.anonymous ? ` · ${t('reports.anonymous')}` : ''}
          </Text>
        </Anchor>
      </Group>
    </Card>
  );
}

function Inbox({ operator }: { operator: boolean }) {
  const { t, errorText } = useI18n();
  const { id } = useParams();
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(search, operator), [search, operator]);
  const setFilters = (next: ReportFilters) => setSearch(searchFromFilters(next, operator), { replace: true });
  const [debounced] = useDebouncedValue(filters, 300);
  const query = useMemo(
    () => ({ ...debounced, q: debounced.q && debounced.q.length >= 2 ? debounced.q : undefined }),
    [debounced],
  );
  const reports = useReports(query);
  const items = reports.data?.pages.flatMap((page) => page.items) ?? [];
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const change = useChangeStatus();
  const [outcome, setOutcome] = useState<string | null>(null);

  const bulk = async (status: 'verified' | 'rejected') => {
    const ids = items.filter((r) => selected.has(r.id) && r.status === 'new').map((r) => r.id);
    const results = await change.mutateAsync(ids.map((reportId) => ({ id: reportId, status })));
    const ok = results.filter((r) => r.ok).length;
    setOutcome(t('reports.bulk.done', { ok, failed: results.length - ok }));
    setSelected(new Set());
  };
  const selectableNew = items.filter((r) => r.status === 'new');

  const list = (
    <Stack gap="sm">
      <Filters value={filters} onChange={setFilters} narrow={id !== undefined} />
      {operator ? (
        <Group gap="xs" wrap="wrap">
          <Checkbox
            label={t('reports.bulk.all')}
            checked={selectableNew.length > 0 && selectableNew.every((r) => selected.has(r.id))}
            onChange={(e) =>
              setSelected(e.currentTarget.checked ? new Set(selectableNew.map((r) => r.id)) : new Set())
            }
          />
          <Button
            size="xs"
            color="teal"
            disabled={selected.size === 0}
            loading={change.isPending}
            onClick={() => void bulk('verified')}
            data-testid="bulk-verify"
          >
            {t('reports.bulk.verify', { count: selected.size })}
          </Button>
          <Button
            size="xs"
            color="gray"
            variant="light"
            disabled={selected.size === 0}
            loading={change.isPending}
            onClick={() => void bulk('rejected')}
          >
            {t('reports.bulk.reject', { count: selected.size })}
          </Button>
          {outcome ? (
            <Text size="xs" c="dimmed" role="status">
              {outcome}
            </Text>
          ) : null}
        </Group>
      ) : null}
      {reports.isError ? (
        <Notice color="red" variant="light" icon={<Icon name="alert" />}>
          {errorText(reports.error)}
        </Notice>
      ) : reports.isPending ? (
        Array.from({ length: 4 }, (_, i) => <Skeleton key={i} h={80} radius="md" />)
      ) : items.length === 0 ? (
        <Paper withBorder radius="md" p="xl">
          <Text ta="center" c="dimmed">
            {t('reports.empty')}
          </Text>
        </Paper>
      ) : (
        <Stack gap="xs" data-testid="report-list">
          {items.map((report) => (
            <ReportCard
              key={report.id}
              report={report}
              active={report.id === id}
              selectable={operator && report.status === 'new'}
              selected={selected.has(report.id)}
              onSelect={(checked) => {
                const next = new Set(selected);
                if (checked) next.add(report.id);
                else next.delete(report.id);
                setSelected(next);
              }}
            />
          ))}
          {reports.hasNextPage ? (
            <Button
              variant="subtle"
              onClick={() => void reports.fetchNextPage()}
              loading={reports.isFetchingNextPage}
            >
              {t('common.loadMore')}
            </Button>
          ) : null}
        </Stack>
      )}
    </Stack>
  );

  if (!wide) return id ? <ReportDetailPanel id={id} /> : list;
  return (
    <Grid gutter="lg">
      <Grid.Col span={id ? 5 : 12}>{list}</Grid.Col>
      {id ? (
        <Grid.Col span={7}>
          <ReportDetailPanel id={id} />
        </Grid.Col>
      ) : null}
    </Grid>
  );
}

function DuplicateGroups() {
  const { t, errorText } = useI18n();
  const groups = useDuplicateGroups(undefined);
  const merge = useMerge();
  const navigate = useNavigate();
  if (groups.isError)
    return (
      <Notice color="red" variant="light">
        {errorText(groups.error)}
      </Notice>
    );
  if (groups.isPending) return <Skeleton h={200} />;
  if (groups.data.items.length === 0)
    return (
      <Paper withBorder radius="md" p="xl">
        <Text ta="center" c="dimmed">
          {t('reports.duplicates.empty')}
        </Text>
      </Paper>
    );
  return (
    <Stack gap="md" data-testid="duplicate-groups">
      <Text size="sm" c="dimmed">
        {t('reports.duplicates.explain')}
      </Text>
      {merge.isError ? (
        <Notice color="red" variant="light">
          {errorText(merge.error)}
        </Notice>
      ) : null}
      {groups.data.items.map((group) => (
        <Paper key={group.keepId} withBorder radius="md" p="md">
          <Group justify="space-between" mb="xs" wrap="wrap">
            <Text fw={600}>{t('reports.duplicates.group', { count: group.reports.length })}</Text>
            <Button
              size="xs"
              loading={merge.isPending}
              onClick={() =>
                void merge
                  .mutateAsync({
                    keepId: group.keepId,
                    duplicateIds: group.reports.map((r) => r.id).filter((rid) => rid !== group.keepId),
                  })
                  .then(() => navigate(`/reports/${group.keepId}`))
              }
            >
              {t('reports.duplicates.merge')}
            </Button>
          </Group>
          <Stack gap="xs">
            {group.reports.map((report) => (
              <div key={report.id}>
                {report.id === group.keepId ? (
                  <Text size="xs" c="teal" fw={600}>
                    {t('reports.duplicates.keep')}
                  </Text>
                ) : null}
                <ReportCard report={report} />
              </div>
            ))}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

/** The officer switches anonymous public reporting on or off for the whole scope. */
function PublicIntakeSwitch({ code }: { code: string }) {
  const { t, errorText } = useI18n();
  const state = usePublicIntake(code, true);
  const set = useSetPublicIntake(code);
  return (
    <Stack gap={2}>
      <Switch
        label={t('reports.publicIntake')}
        checked={state.data?.enabled ?? false}
        disabled={state.isPending || set.isPending}
        onChange={(e) => set.mutate(e.currentTarget.checked)}
      />
      {set.isError ? (
        <Text size="xs" c="red">
          {errorText(set.error)}
        </Text>
      ) : null}
    </Stack>
  );
}
