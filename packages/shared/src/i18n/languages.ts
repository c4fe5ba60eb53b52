/**
 * The interface languages, apart from the message tables in index.ts: the small pages without React
 * (field, public report) import these without pulling every string of the app into their bundle.
 */
export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'id';
