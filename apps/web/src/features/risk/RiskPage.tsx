import { useDeferredValue, useMemo } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { isWithinScope, levelOfCode, NATIONAL_CODE, type RiskItem, type RiskList } from '@sinergi/shared';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ChoroplethMap, type ChoroplethValue } from '../../map/ChoroplethMap.tsx';
import { boundaryUrl, useBoundaries } from '../../map/geo.ts';
import { LevelPatterns } from '../../map/levels.tsx';
import { useCurrentUser, useSession } from '../auth/api.ts';
import { childrenKey, regionName } from '../regions/format.ts';
import { useRiskDetail, useRiskHistory, useRiskList } from './api.ts';
import { BaselineImport } from './BaselineImport.tsx';
import { levelLabel, useRiskFormat } from './format.ts';
import { LevelBadge, RiskLegend } from './LevelBadge.tsx';
import { OpenAlerts, RiskExplanation } from './RiskExplanation.tsx';
import { RiskTable } from './RiskTable.tsx';
import { BASELINE_IMPORTERS } from './roles.ts';
import { TrendChart } from './TrendChart.tsx';
import './risk.css';

/**
 * The vulnerability dashboard of one region (default: the user's scope): a choropleth of its
 * children where boundaries exist (provinces, regencies), the children ranked, and for the region
 * itself why it scores what it does, its 30-day trend and its open alerts. A click drills down.
 */
export default function RiskPage() {
  const { code } = useParams();
  // The session can end while the dashboard refreshes (logged out in another tab): the guard then
  // leads to the login page, and until it does there is nothing to draw.
  const user = useSession().data?.user;
  if (!user) return null;
  if (!code) return <Navigate to={`/risk/${user.scope.code}`} replace />;
  return <RiskDashboard code={code} />;
}

function RiskDashboard({ code }: { code: string }) {
  const { t, errorText } = useI18n();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const f = useRiskFormat();
  const national = code === NATIONAL_CODE;
  const list = useRiskList(code);
  const detail = useRiskDetail(code);
  const history = useRiskHistory(code);
  const region = detail.data;
  // The map is drawn as soon as its scores and boundaries are in; the explanation (contributors,
  // trend chart, alerts) follows one render later instead of holding up the map's first draw.
  const explained = useDeferredValue(region);
  // Known from the code itself, so the boundaries load alongside the scores, not after them.
  const regionLevel = levelOfCode(code);
  // Boundaries are shipped for provinces and regencies only; a district's villages get no map.
  const mapDrawn = regionLevel <= 2;
  const title = national ? 'Indonesia' : region ? regionName(region.name) : '';
  // A region outside the scope (a link from another user) or a failed load: the message alone. An
  // empty map and "no regions below this one" beside it would read as an answer.
  const failure = list.error ?? detail.error;
  usePageTitle(title ? `${t('nav.risk')} · ${title}` : t('nav.risk'));

  const crumbs = [{ code: NATIONAL_CODE, name: 'Indonesia' }, ...(region?.path ?? [])];
  const childrenHeading = childrenKey(regionLevel);
  const drill = (child: string) => void navigate(`/risk/${child}`);
  const mayImport = BASELINE_IMPORTERS.includes(user.role);

  return (
    <Stack gap="lg" className="risk-page">
      <LevelPatterns />
      <Stack gap={4}>
        <Breadcrumbs separator="›" separatorMargin={6} className="risk-crumbs">
          {crumbs.map((crumb, i) =>
            i === crumbs.length - 1 ? (
              <Text key={crumb.code} size="sm" fw={600}>
                {regionName(crumb.name)}
              </Text>
            ) : isWithinScope(crumb.code, user.scope.code) ? (
              <Anchor key={crumb.code} component={Link} to={`/risk/${crumb.code}`} size="sm">
                {regionName(crumb.name)}
              </Anchor>
            ) : (
              <Text key={crumb.code} size="sm" c="dimmed">
                {regionName(crumb.name)}
              </Text>
            ),
          )}
        </Breadcrumbs>
        <Group justify="space-between" align="flex-end" gap="sm">
          <Title order={1} size="h2" data-testid="risk-title">
            {national
              ? t('risk.title.national')
              : title || (failure ? t('nav.risk') : <Skeleton height={28} width={240} />)}
          </Title>
          {region && (
            <Group gap="sm" data-testid="risk-headline">
              <Text size="xl" fw={800} className="tabular">
                {f.score(region.score)}
              </Text>
              <LevelBadge level={region.level} size="lg" />
            </Group>
          )}
        </Group>
        {list.data && (
          <Text size="xs" c="dimmed">
            {t('risk.computedAt', { time: f.time(list.data.computedAt, user.timezone) })}
          </Text>
        )}
      </Stack>

      {failure && (
        <Alert color="red" variant="light" data-testid="risk-error">
          {errorText(failure)}
        </Alert>
      )}

      {!failure && (
        <Grid gutter="lg">
          {mapDrawn && (
            <Grid.Col span={{ base: 12, xl: 5 }}>
              <Paper withBorder radius="md" p="md" h="100%">
                <Stack gap="sm">
                  <Title order={2} size="h4">
                    {t('risk.map.title')}
                  </Title>
                  <RegionMap code={code} regionLevel={regionLevel} list={list.data} onSelect={drill} />
                  <RiskLegend regionLevel={regionLevel + 1} />
                </Stack>
              </Paper>
            </Grid.Col>
          )}
          {/* Side by side from xl only, and without a map the ranking takes the whole width: beside
            the map at 1280 px its last columns were scrolled out of view. */}
          <Grid.Col span={{ base: 12, xl: mapDrawn ? 7 : 12 }}>
            <Paper withBorder radius="md" p="md" h="100%">
              <Stack gap="sm">
                <Title order={2} size="h4">
                  {childrenHeading ? t(childrenHeading) : t('risk.table.title')}
                </Title>
                {!mapDrawn && (
                  <Text size="sm" c="dimmed" data-testid="risk-map-none">
                    {t('risk.map.noBoundaries')}
                  </Text>
                )}
                {list.isPending ? (
                  <Skeleton height={240} />
                ) : (
                  <RiskTable items={list.data?.items ?? []} onSelect={regionLevel < 4 ? drill : undefined} />
                )}
                {!mapDrawn && <RiskLegend regionLevel={regionLevel + 1} />}
              </Stack>
            </Paper>
          </Grid.Col>
        </Grid>
      )}

      {explained && (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <RiskExplanation detail={explained} />
          <Stack gap="lg">
            <Paper withBorder radius="md" p="md">
              <Stack gap="sm">
                <Title order={2} size="h4">
                  {t('risk.trend.title')}
                </Title>
                {history.data && history.data.items.length > 0 ? (
                  <TrendChart
                    points={history.data.items}
                    thresholds={explained.explanation.score.thresholds}
                    label={t('risk.trend.aria', {
                      name: title,
                      from: f.day(history.data.items[0]?.day ?? ''),
                      to: f.day(history.data.items[history.data.items.length - 1]?.day ?? ''),
                    })}
                    formatDay={f.day}
                    formatScore={f.score}
                  />
                ) : (
                  <Skeleton height={200} />
                )}
              </Stack>
            </Paper>
            <OpenAlerts code={code} />
          </Stack>
        </SimpleGrid>
      )}
      {national && <OpenAlerts code={code} />}
      {/* The import acts on the user's own scope, not on the refused region: not offered beside a refusal. */}
      {mayImport && !failure && <BaselineImport />}
    </Stack>
  );
}

/**
 * The map for a region's children: provinces for the country, regencies for a province. A regency is
 * drawn on its own (its districts have no boundary files). Not used below regencies.
 */
function RegionMap({
  code,
  regionLevel,
  list,
  onSelect,
}: {
  code: string;
  regionLevel: number;
  list: RiskList | undefined;
  onSelect: (code: string) => void;
}) {
  const { t } = useI18n();
  const f = useRiskFormat();
  const national = code === NATIONAL_CODE;
  const url = boundaryUrl(national ? null : code);
  const boundaries = useBoundaries(url);
  const own = useRiskDetail(regionLevel === 2 ? code : NATIONAL_CODE);

  const values = useMemo(() => {
    const map = new Map<string, ChoroplethValue>();
    const add = (item: Pick<RiskItem, 'code' | 'name' | 'level' | 'score'>) =>
      map.set(item.code, { name: regionName(item.name), level: item.level, score: item.score });
    if (regionLevel === 2 && own.data) add(own.data);
    else for (const item of list?.items ?? []) add(item);
    return map;
  }, [list, own.data, regionLevel]);

  if (boundaries.isPending || (regionLevel === 2 && !own.data) || (regionLevel !== 2 && !list)) {
    return <Skeleton className="risk-map" />;
  }
  if (!boundaries.data) {
    return (
      <Alert variant="light" color="gray">
        {t('risk.map.unavailable')}
      </Alert>
    );
  }
  return (
    <Stack gap={6}>
      <ChoroplethMap
        boundaries={boundaries.data}
        values={values}
        onSelect={regionLevel === 2 ? undefined : onSelect}
        labels={values.size <= 45}
        label={t('risk.map.aria', { name: national ? 'Indonesia' : regionName(list?.parent?.name ?? '') })}
        describe={(_code, value) => `${value.name}: ${f.score(value.score)}, ${t(levelLabel(value.level))}`}
        formatScore={f.score}
        attribution={`<a href="/geo/LICENSE.txt">${t('risk.map.attribution')}</a>`}
      />
      <Text size="xs" c="dimmed">
        {regionLevel === 2 ? t('risk.map.noBoundaries') : t('risk.map.hint')}
      </Text>
    </Stack>
  );
}
