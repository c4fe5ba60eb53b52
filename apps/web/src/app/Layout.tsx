import { Suspense } from 'react';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router-dom';
import {
  AppShell,
  Avatar,
  Box,
  Burger,
  Button,
  Group,
  Loader,
  Menu,
  NavLink,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useI18n } from '../i18n/index.tsx';
import { Emblem, Icon } from '../ui/icons.tsx';
import { useCurrentUser, useLogout } from '../features/auth/api.ts';
import { regionName } from '../features/regions/format.ts';
import { roleKey } from '../features/users/roles.ts';
import { StageBanner } from '../features/elections/StageBanner.tsx';
import { AlertBell } from '../features/alerts/AlertBell.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { FEATURE_ROUTES, mayOpen } from './routes.tsx';

function initials(name: string): string {
  const words = name.split(/\s+/).filter((word) => /^\p{L}/u.test(word));
  return ((words[0]?.[0] ?? '') + (words[1]?.[0] ?? '')).toUpperCase() || '?';
}

export function PageLoader() {
  return (
    <Group justify="center" py="xl">
      <Loader />
    </Group>
  );
}

/** The signed-in frame: header (name, role, region, language, logout), side navigation, the page. */
export function Layout() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const logout = useLogout();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const roleName = t(roleKey(user.role));
  const scopeName = regionName(user.scope.name);

  const links = [
    { to: '/', label: t('nav.home'), icon: 'home' as const, end: true },
    ...FEATURE_ROUTES.filter((route) => route.nav && mayOpen(route, user.role)).map((route) => ({
      to: route.nav?.to ?? '/',
      label: t(route.nav?.label ?? 'nav.home'),
      icon: route.nav?.icon ?? 'home',
      end: false,
    })),
  ];

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <AppShell.Header className="app-header">
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              color="white"
              aria-label={t('nav.toggle')}
            />
            <Emblem size={30} />
            <div style={{ minWidth: 0 }}>
              <Text fw={800} size="lg" lh={1.1} c="white">
                Sinergi
              </Text>
              <Text size="xs" lh={1.2} c="rgba(255,255,255,0.75)" visibleFrom="md" truncate>
                {t('app.tagline')}
              </Text>
            </div>
          </Group>

          <Group gap="sm" wrap="nowrap">
            <AlertBell />
            <LanguageSwitch className="lang-switch lang-switch--dark" />
            <Box visibleFrom="sm" className="header-user" data-testid="header-user">
              <Text size="sm" fw={600} c="white" truncate lh={1.25}>
                {user.name}
              </Text>
              <Text size="xs" c="rgba(255,255,255,0.8)" truncate lh={1.25}>
                {roleName} · {scopeName}
              </Text>
            </Box>
            <Button
              visibleFrom="sm"
              variant="white"
              color="navy"
              size="xs"
              leftSection={<Icon name="logout" size={16} />}
              loading={logout.isPending}
              onClick={() => logout.mutate()}
            >
              {t('auth.logout')}
            </Button>
            <Menu position="bottom-end" shadow="md" width={260}>
              <Menu.Target>
                <UnstyledButton hiddenFrom="sm" aria-label={t('auth.account')} className="avatar-button">
                  <Avatar color="yellow" variant="filled" radius="xl" size={34}>
                    {initials(user.name)}
                  </Avatar>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Box px="sm" py={6}>
                  <Text size="sm" fw={600}>
                    {user.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {roleName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {scopeName}
                  </Text>
                </Box>
                <Menu.Divider />
                <Menu.Item leftSection={<Icon name="logout" size={16} />} onClick={() => logout.mutate()}>
                  {t('auth.logout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('nav.label')}>
        <Stack gap={4} style={{ flex: 1 }}>
          {links.map((link) => (
            <NavLink
              key={link.to}
              component={RouterNavLink}
              to={link.to}
              end={link.end}
              label={link.label}
              leftSection={<Icon name={link.icon} size={18} />}
              active={link.end ? location.pathname === link.to : location.pathname.startsWith(link.to)}
              onClick={close}
              className="side-link"
            />
          ))}
        </Stack>
        <Box className="navbar-scope" p="sm">
          <Text size="xs" c="dimmed">
            {t('home.region')}
          </Text>
          <Text size="sm" fw={600}>
            {scopeName}
          </Text>
        </Box>
      </AppShell.Navbar>

      <AppShell.Main className="app-main">
        <Box maw={1200} mx="auto">
          <StageBanner />
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
