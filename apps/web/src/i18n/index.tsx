import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { messages, type Language } from '@sinergi/shared';
import { ApiError, setApiLanguage } from '../api/client.ts';
import { applyLanguage, readStoredLanguage } from './language.ts';

/** Every UI string key; a typo is a type error. The strings live in packages/shared/src/i18n. */
export type UiKey = keyof (typeof messages)['id']['ui'];
export type Params = Record<string, string | number>;

/** Looks up a UI string and fills `{name}` placeholders. */
export function translateUi(language: Language, key: UiKey, params?: Params): string {
  const template: string = messages[language].ui[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * The message for an API error in the chosen language. Codes are looked up in the shared error
 * table first, so the text follows a language switch; unknown codes fall back to the server's text.
 */
export function translateError(language: Language, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return translateUi(language, 'error.network');
    const known = (messages[language].errors as Record<string, string>)[error.code];
    return known ?? (error.message || translateUi(language, 'error.unexpected'));
  }
  return translateUi(language, 'error.unexpected');
}

/** The locale tag for Intl formatting. */
export const LOCALES: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };

interface I18nValue {
  language: Language;
  locale: string;
  setLanguage: (language: Language) => void;
  t: (key: UiKey, params?: Params) => string;
  errorText: (error: unknown) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => {
    const initial = readStoredLanguage();
    setApiLanguage(initial);
    document.documentElement.lang = initial;
    return initial;
  });

  const setLanguage = useCallback((next: Language) => {
    applyLanguage(next);
    setLanguageState(next);
  }, []);

  const value = useMemo<I18nValue>(
    () => ({
      language,
      locale: LOCALES[language],
      setLanguage,
      t: (key, params) => translateUi(language, key, params),
      errorText: (error) => translateError(language, error),
    }),
    [language, setLanguage],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside <I18nProvider>');
  return value;
}
