import { useMemo } from 'react';
import type { RiskLevel, TimeZoneId } from '@sinergi/shared';
import { useI18n, type UiKey } from '../../i18n/index.tsx';

const LEVEL_KEYS: Record<RiskLevel, UiKey> = {
  low: 'risk.level.low',
  medium: 'risk.level.medium',
  high: 'risk.level.high',
};

export function levelLabel(level: RiskLevel): UiKey {
  return LEVEL_KEYS[level];
}

/** Scores with two decimals as the IKP prints them ("49,33"), days and times in the user's language. */
export function useRiskFormat() {
  const { locale } = useI18n();
  return useMemo(() => {
    const score = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    const longDay = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    return {
      score: (value: number) => score.format(value),
      number: (value: number) => number.format(value),
      day: (value: string) => (value ? day.format(new Date(`${value}T00:00:00Z`)) : ''),
      longDay: (value: string) => (value ? longDay.format(new Date(`${value}T00:00:00Z`)) : ''),
      time: (iso: string, timeZone: TimeZoneId) =>
        new Intl.DateTimeFormat(locale, {
          day: 'numeric',
          month: 'short',
          hour: '2-digit',
          minute: '2-digit',
          timeZone,
          timeZoneName: 'short',
        }).format(new Date(iso)),
    };
  }, [locale]);
}
