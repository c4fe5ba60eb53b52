import { Link } from 'react-router-dom';
import { Button, Stack, Text, Title } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';
import { usePageTitle } from './usePageTitle.ts';

/** "Not found" and "not allowed", with the way back home. */
export function StatusPage({ code, title, text }: { code: string; title: string; text: string }) {
  const { t } = useI18n();
  usePageTitle(title);
  return (
    <Stack align="center" gap="sm" py={64} ta="center">
      <Text fz={56} fw={800} c="navy.2" lh={1}>
        {code}
      </Text>
      <Title order={1} size="h3">
        {title}
      </Title>
      <Text c="dimmed" maw={420}>
        {text}
      </Text>
      <Button component={Link} to="/" variant="light" mt="sm">
        {t('common.backHome')}
      </Button>
    </Stack>
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  return <StatusPage code="404" title={t('notFound.title')} text={t('notFound.text')} />;
}
