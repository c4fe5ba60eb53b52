import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpFor(secret: string, username: string): TOTP {
  return new TOTP({
    issuer: 'Sinergi',
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

/**
 * Checks a code with one step of clock drift either way. Returns the time step it belongs to, so a
 * code that was already used (same or earlier step) can be refused; null when it is wrong.
 */
export function matchTotp(secret: string, username: string, code: string, now = Date.now()): number | null {
  const delta = totpFor(secret, username).validate({ token: code, window: 1, timestamp: now });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD) + delta;
}
