import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '@sinergi/shared';
import { setApiLanguage } from '../api/client.ts';

/**
 * The language chosen on this device, shared by the app, the field page and the public report page.
 * Plain TypeScript (no React), so the small pages can use it without the app's bundle.
 */
const STORAGE_KEY = 'sinergi.language';

export function readStoredLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Language;
  } catch {
    // Storage can be blocked (private mode, policy); the default language still works.
  }
  return DEFAULT_LANGUAGE;
}

/** Switches API messages and the document to `language` and remembers it on this device. */
export function applyLanguage(language: Language): void {
  setApiLanguage(language);
  document.documentElement.lang = language;
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered across visits, but switched for this one.
  }
}
