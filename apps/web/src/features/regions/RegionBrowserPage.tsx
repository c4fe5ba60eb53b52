import { Link, Navigate, useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  NavLink,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { NATIONAL_CODE, type TimeZoneId } from '@sinergi/shared';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { useRegion, useRegionChildren } from './api.ts';
import { childrenKey, levelKey, regionName, zoneLabel } from './format.ts';
import { LocalTime } from './LocalTime.tsx';
import { RegionSearch } from './RegionSearch.tsx';

const NATIONAL_ZONES: TimeZoneId[] = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'];

/**
 * The region browser: from the country down to a village, one level per page, with breadcrumbs,
 * a name search, each region's time zone and its current local time. Starts at the user's scope.
 */
export default function RegionBrowserPage() {
  const { code } = useParams();
  const user = useCurrentUser();
  if (!code) return <Navigate to={`/regions/${user.scope.code}`} replace />;
  return <RegionView code={code} />;
}

function RegionView({ code }: { code: string }) {
  const { t, errorText } = useI18n();
  const navigate = useNavigate();
  const scopeCode = useCurrentUser().scope.code;
  const national = code === NATIONAL_CODE;
  const detail = useRegion(code);
  const region = detail.data;
  const level = national ? 0 : region?.level;
  const hasChildren = national || (region !== undefined && region.childCount > 0);
  const children = useRegionChildren(code, hasChildren);
  const title = national ? 'Indonesia' : region ? regionName(region.name) : '';
  usePageTitle(title || t('nav.regions'));

  const crumbs = [{ code: NATIONAL_CODE, name: 'Indonesia' }, ...(region?.path ?? [])];
  const listKey = level === undefined ? null : childrenKey(level);
  const items = children.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Title order={1} size="h2">
          {t('region.title')}
        </Title>
        <div className="region-search">
          <RegionSearch
            aria-label={t('region.search.label')}
            onSelect={(picked) => void navigate(`/regions/${picked.code}`)}
          />
        </div>
      </Group>

      <Breadcrumbs
        separator="›"
        separatorMargin={6}
        className="breadcrumbs"
        aria-label={t('region.breadcrumbs')}
      >
        {crumbs.map((crumb, index) =>
          index === crumbs.length - 1 && (national || region) ? (
            <Text key={crumb.code} size="sm" fw={600} aria-current="page">
              {regionName(crumb.name)}
            </Text>
          ) : (
            <Anchor key={crumb.code} component={Link} to={`/regions/${crumb.code}`} size="sm">
              {regionName(crumb.name)}
            </Anchor>
          ),
        )}
      </Breadcrumbs>

      {detail.isError ? (
        <Alert color="red" variant="light" title={t('region.unavailable')} icon={<Icon name="alert" />}>
          <Text size="sm">{errorText(detail.error)}</Text>
          {code !== scopeCode && (
            <Button
              component={Link}
              to={`/regions/${scopeCode}`}
              variant="light"
              color="red"
              size="xs"
              mt="sm"
            >
              {t('region.backToScope')}
            </Button>
          )}
        </Alert>
      ) : (
        <Paper withBorder radius="md" p="lg" className="region-card">
          {national ? (
            <Stack gap="md">
              <div>
                <Badge variant="light">{t('region.level.0')}</Badge>
                <Title order={2} size="h3" mt={6}>
                  Indonesia
                </Title>
                <Text size="sm" c="dimmed">
                  {t('region.nationalZones')}
                </Text>
              </div>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                {NATIONAL_ZONES.map((zone) => (
                  <LocalTime key={zone} timezone={zone} />
                ))}
              </SimpleGrid>
            </Stack>
          ) : region ? (
            <Group justify="space-between" align="flex-start" gap="md">
              <div style={{ minWidth: 0 }}>
                <Group gap="xs">
                  <Badge variant="light">{t(levelKey(region.level))}</Badge>
                  <Badge variant="outline" color="gray" className="code-badge">
                    {region.code}
                  </Badge>
                </Group>
                <Title order={2} size="h3" mt={6} data-testid="region-name">
                  {title}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('region.timezone')}: <span data-testid="region-zone">{zoneLabel(region.timezone)}</span>
                </Text>
              </div>
              <LocalTime timezone={region.timezone} />
            </Group>
          ) : (
            <Stack gap="xs">
              <Skeleton h={18} w={120} />
              <Skeleton h={28} w="60%" />
              <Skeleton h={16} w="40%" />
            </Stack>
          )}
        </Paper>
      )}

      {region && !hasChildren && (
        <Text size="sm" c="dimmed">
          {t('region.lowestLevel')}
        </Text>
      )}

      {hasChildren && listKey && (
        <section aria-labelledby="children-heading">
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h4" id="children-heading">
              {t(listKey)}
            </Title>
            {region && (
              <Text size="sm" c="dimmed">
                {t('region.childCount', { count: region.childCount })}
              </Text>
            )}
          </Group>
          {children.isError ? (
            <Alert color="red" variant="light" icon={<Icon name="alert" />}>
              {errorText(children.error)}
            </Alert>
          ) : children.isPending ? (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs">
              {Array.from({ length: 6 }, (_, i) => (
                <Skeleton key={i} h={52} radius="md" />
              ))}
            </SimpleGrid>
          ) : (
            <>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs" className="region-children">
                {items.map((child) => (
                  <NavLink
                    key={child.code}
                    component={Link}
                    to={`/regions/${child.code}`}
                    label={regionName(child.name)}
                    description={child.code}
                    rightSection={<Icon name="chevronRight" size={16} />}
                    className="region-child"
                  />
                ))}
              </SimpleGrid>
              {children.hasNextPage && (
                <Group justify="center" mt="md">
                  <Button
                    variant="default"
                    loading={children.isFetchingNextPage}
                    onClick={() => void children.fetchNextPage()}
                  >
                    {t('common.loadMore')}
                  </Button>
                </Group>
              )}
            </>
          )}
        </section>
      )}
    </Stack>
  );
}
