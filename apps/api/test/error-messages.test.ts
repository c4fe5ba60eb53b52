import { describe, expect, it } from 'vitest';
import { ERROR_CODES, LANGUAGES, messages } from '@sinergi/shared';

describe('error codes and their messages', () => {
  const codes = Object.keys(ERROR_CODES).sort();

  it.each(LANGUAGES)('every error code has a message in %s.json, and every message a code', (language) => {
    const table = messages[language].errors as Record<string, unknown>;
    const missing = codes.filter((code) => {
      const message = table[code];
      return typeof message !== 'string' || message.trim() === '';
    });
    expect(missing, `codes without a message in ${language}.json`).toEqual([]);
    expect(Object.keys(table).sort(), `messages without a code in ${language}.json`).toEqual(codes);
  });

  it('the Indonesian and English messages are translations, not copies', () => {
    const copied = codes.filter(
      (code) =>
        (messages.id.errors as Record<string, string>)[code] ===
        (messages.en.errors as Record<string, string>)[code],
    );
    expect(copied).toEqual([]);
  });

  it('every code maps to a 4xx or 5xx status', () => {
    for (const [code, status] of Object.entries(ERROR_CODES)) {
      expect(status >= 400 && status < 600, code).toBe(true);
    }
  });
});
