import { SegmentedControl } from '@mantine/core';
import { LANGUAGES, type Language } from '@sinergi/shared';
import { useI18n } from '../i18n/index.tsx';

const NAMES: Record<Language, string> = { id: 'Bahasa Indonesia', en: 'English' };

/** ID | EN, remembered in localStorage by the i18n provider. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { language, setLanguage, t } = useI18n();
  return (
    <SegmentedControl
      className={className}
      size="xs"
      radius="xl"
      aria-label={t('language.label')}
      value={language}
      onChange={(value) => setLanguage(value as Language)}
      data={LANGUAGES.map((value) => ({
        value,
        label: <span title={NAMES[value]}>{value.toUpperCase()}</span>,
      }))}
    />
  );
}
