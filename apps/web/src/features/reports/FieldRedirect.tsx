import { useEffect } from 'react';
import { Text } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';

/**
 * The field page is its own small app (src/offline, /field.html): it must load fast on a weak signal
 * and keep working offline, without this app's bundle. The route only hands over to it.
 */
export default function FieldRedirect() {
  const { t } = useI18n();
  useEffect(() => {
    window.location.replace('/field.html');
  }, []);
  return <Text c="dimmed">{t('field.redirect')}</Text>;
}
