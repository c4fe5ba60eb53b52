import type { ReactNode } from 'react';
import { Box, Group, Paper, Text } from '@mantine/core';
import { LanguageSwitch } from '../../app/LanguageSwitch.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { Emblem } from '../../ui/icons.tsx';

/** The frame of the screens before the app: the emblem, the name, the language switch and a card. */
export function AuthFrame({ children, width = 420 }: { children: ReactNode; width?: number }) {
  const { t } = useI18n();
  return (
    <Box className="auth-page">
      <Box className="auth-column" maw={width}>
        <Group justify="space-between" align="center" mb="lg" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Emblem size={44} />
            <div>
              <Text fw={800} size="xl" c="white" lh={1.1}>
                Sinergi
              </Text>
              <Text size="xs" c="rgba(255,255,255,0.8)" lh={1.3}>
                {t('app.tagline')}
              </Text>
            </div>
          </Group>
          <LanguageSwitch className="lang-switch lang-switch--dark" />
        </Group>
        <Paper radius="md" p={{ base: 'lg', xs: 'xl' }} shadow="lg">
          {children}
        </Paper>
        <Text size="xs" c="rgba(255,255,255,0.75)" ta="center" mt="lg">
          {t('app.footer')}
        </Text>
      </Box>
    </Box>
  );
}
