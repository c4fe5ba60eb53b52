import { Link } from 'react-router-dom';
import { Badge, Card, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { NATIONAL_CODE } from '@sinergi/shared';
import { FEATURE_ROUTES, mayOpen } from '../../app/routes.tsx';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { levelKey, regionName, zoneLabel } from '../regions/format.ts';
import { LocalTime } from '../regions/LocalTime.tsx';
import { roleKey } from '../users/roles.ts';

/** Who you are, where you work, and where to go from here. */
export default function HomePage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  usePageTitle(t('nav.home'));
  const destinations = FEATURE_ROUTES.flatMap((route) =>
    route.nav && mayOpen(route, user.role) ? [route.nav] : [],
  );

  const facts: Array<{ label: string; value: string; testId?: string }> = [
    { label: t('home.role'), value: t(roleKey(user.role)), testId: 'home-role' },
    { label: t('home.institution'), value: user.institution ?? '—' },
    {
      label: t('home.region'),
      value: `${regionName(user.scope.name)} (${t(levelKey(user.scope.level))}${user.scope.code === NATIONAL_CODE ? '' : ` · ${user.scope.code}`})`,
      testId: 'home-region',
    },
    { label: t('home.timezone'), value: zoneLabel(user.timezone) },
  ];

  return (
    <Stack gap="lg">
      <div>
        <Text size="sm" c="dimmed" fw={500}>
          {t('home.greeting')}
        </Text>
        <Title order={1} size="h2">
          {user.name}
        </Title>
      </div>

      <Paper withBorder radius="md" p="lg">
        <Group justify="space-between" align="flex-start" gap="lg">
          <SimpleGrid
            cols={{ base: 1, xs: 2 }}
            spacing="md"
            verticalSpacing="sm"
            style={{ flex: '1 1 420px' }}
          >
            {facts.map((fact) => (
              <div key={fact.label}>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
                  {fact.label}
                </Text>
                <Text size="sm" fw={500} data-testid={fact.testId}>
                  {fact.value}
                </Text>
              </div>
            ))}
            <div>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
                {t('home.security')}
              </Text>
              {user.mfaEnrolled ? (
                <Badge color="teal" variant="light" mt={2}>
                  {t('home.mfaOn')}
                </Badge>
              ) : (
                <Badge color="gray" variant="light" mt={2}>
                  {t('home.mfaOff')}
                </Badge>
              )}
            </div>
          </SimpleGrid>
          <LocalTime timezone={user.timezone} />
        </Group>
      </Paper>

      <section aria-labelledby="home-destinations">
        <Title order={2} size="h4" mb="sm" id="home-destinations">
          {t('home.whereTo')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {destinations.map((nav) => (
            <Card
              key={nav.to}
              component={Link}
              to={nav.to}
              withBorder
              radius="md"
              padding="lg"
              className="destination-card"
            >
              <Group wrap="nowrap" align="flex-start">
                <ThemeIcon size={40} radius="md" variant="light">
                  <Icon name={nav.icon} size={22} />
                </ThemeIcon>
                <div>
                  <Text fw={600}>{t(nav.label)}</Text>
                  <Text size="sm" c="dimmed">
                    {t(nav.description)}
                  </Text>
                </div>
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      </section>
    </Stack>
  );
}
