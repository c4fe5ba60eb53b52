import { describe, expect, it } from 'vitest';
import { messages } from '@sinergi/shared';
import { ApiError } from '../api/client.ts';
import { translateError, translateUi } from './index.tsx';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
  it('have the same keys in Indonesian and English', () => {
    expect(Object.keys(messages.en.ui).sort()).toEqual(Object.keys(messages.id.ui).sort());
  });

  it('use the same placeholders in both languages and are never empty', () => {
    for (const [key, id] of Object.entries(messages.id.ui)) {
      const en = (messages.en.ui as Record<string, string>)[key] ?? '';
      expect(id.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(placeholders(en), key).toEqual(placeholders(id));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translateUi('en', 'users.done.created', { name: 'Ani', username: 'ani' })).toBe(
      'The account of Ani (ani) was created.',
    );
    expect(translateUi('id', 'users.subtitle', {})).toContain('{region}');
  });
});

describe('API error messages', () => {
  it('follow the chosen language by error code, not the language the server answered in', () => {
    const error = new ApiError(401, 'auth.invalid_credentials', 'Nama pengguna atau kata sandi salah.');
    expect(translateError('en', error)).toBe('Wrong username or password.');
  });

  it("fall back to the server's text for a code the client does not know", () => {
    expect(translateError('en', new ApiError(409, 'report.something_new', 'Server says so.'))).toBe(
      'Server says so.',
    );
  });

  it('say the server cannot be reached when the request never arrived', () => {
    expect(translateError('id', new ApiError(0, 'network', 'Failed to fetch'))).toBe(
      messages.id.ui['error.network'],
    );
  });
});
