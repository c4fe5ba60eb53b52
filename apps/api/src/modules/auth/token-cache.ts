/**
 * API tokens this process has read lately, with their user, so that an integration sending many
 * requests a second (a gateway, a batch importer, a district system filing reports) is not looked up
 * in the database on every request.
 *
 * Kept only while nothing can have changed unseen:
 * - a trigger NOTIFYs `AUTH_CHANGED_CHANNEL` when a token is revoked or deleted, or its user is
 *   deactivated or given another name, role or scope (migration 0003), and every process listening
 *   drops all it kept;
 * - this process drops it at once after its own such changes (`forget`), without waiting for the
 *   notice;
 * - while the LISTEN connection is down nothing is kept, since notices would be missed;
 * - a lookup that started before a change is not kept when it ends after it (the generation);
 * - and nothing is kept longer than `maxAgeMs` in any case.
 */

export const AUTH_CHANGED_CHANNEL = 'sinergi_auth';

export interface TokenCache<T> {
  /** The entry of a token hash (hex), or undefined when it must be read from the database. */
  get(tokenHash: string): T | undefined;
  /** Where a lookup stands: pass it to `set`, so a lookup older than a change is not kept. */
  generation(): number;
  set(tokenHash: string, value: T, generation: number): void;
  /** Drops everything (a token or user changed). */
  forget(): void;
  /** For the LISTEN connection (live hub): listening on the channel, a notice, the connection lost. */
  listening(): void;
  notice(): void;
  lost(): void;
}

export function createTokenCache<T>(
  options: { maxAgeMs?: number; maxEntries?: number; now?: () => number } = {},
): TokenCache<T> {
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: T; storedAt: number }>();
  let listening = false;
  let generation = 0;

  const forget = () => {
    generation += 1;
    entries.clear();
  };

  return {
    get(tokenHash) {
      if (!listening) return undefined;
      const entry = entries.get(tokenHash);
      if (!entry) return undefined;
      if (now() - entry.storedAt > maxAgeMs) {
        entries.delete(tokenHash);
        return undefined;
      }
      return entry.value;
    },
    generation: () => generation,
    set(tokenHash, value, since) {
      if (!listening || since !== generation) return;
      // Only valid tokens are kept, so this is reached only with that many active tokens in use.
      if (entries.size >= maxEntries) entries.clear();
      entries.set(tokenHash, { value, storedAt: now() });
    },
    forget,
    listening() {
      forget();
      listening = true;
    },
    notice: forget,
    lost() {
      listening = false;
      forget();
    },
  };
}
