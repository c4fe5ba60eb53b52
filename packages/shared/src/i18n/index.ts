import id from './id.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import { DEFAULT_LANGUAGE, type Language } from './languages.ts';

export { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages.ts';

export const messages: Record<Language, typeof id> = { id, en };

/** Picks id or en from an Accept-Language header; Indonesian unless English is preferred. */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return DEFAULT_LANGUAGE;
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('id') || tag.startsWith('in')) return 'id';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LANGUAGE;
}

/** Looks up a dotted key such as `errors.auth.required` (the part after the section is flat). */
export function translate(language: Language, section: keyof typeof id, key: string): string | undefined {
  const table = messages[language][section] as Record<string, string>;
  return table[key];
}
