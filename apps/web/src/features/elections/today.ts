import { useSyncExternalStore } from 'react';
import { localDate, type TimeZoneId } from '@sinergi/shared';

/**
 * "Today" for the stage banner, the timeline and the readiness board. A demo or a rehearsal can fix
 * it with `?on=YYYY-MM-DD` on any page (e.g. `/?on=2024-11-27` to see voting day of Pilkada 2024);
 * it holds for the browser tab until reset.
 */
const STORAGE_KEY = 'sinergi.simulatedDate';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const listeners = new Set<() => void>();

function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function read(): string | null {
  try {
    const fromUrl = new URLSearchParams(window.location.search).get('on');
    if (fromUrl !== null && isCalendarDate(fromUrl)) window.sessionStorage.setItem(STORAGE_KEY, fromUrl);
    const stored = window.sessionStorage.getItem(STORAGE_KEY);
    return stored !== null && isCalendarDate(stored) ? stored : null;
  } catch {
    // Storage may be blocked; then only the real date is used.
    return null;
  }
}

let simulated = read();

export function resetSimulatedDate(): void {
  try {
    window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored, nothing to remove
  }
  simulated = null;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The day to show stages for, in the user's zone, and whether it is a simulated one. */
export function useToday(timezone: TimeZoneId): { today: string; simulated: boolean } {
  const fixed = useSyncExternalStore(subscribe, () => simulated);
  return fixed === null
    ? { today: localDate(new Date(), timezone), simulated: false }
    : { today: fixed, simulated: true };
}
