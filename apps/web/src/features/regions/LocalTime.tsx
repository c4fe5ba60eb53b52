import { useEffect, useState } from 'react';
import { Group, Text } from '@mantine/core';
import { ZONE_ABBREVIATION, type TimeZoneId } from '@sinergi/shared';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { zoneLabel } from './format.ts';

/** The current instant, refreshed every `everyMs`. */
export function useNow(everyMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** The current time in a region's zone: "14:05 WIB" and its date, in the chosen language. */
export function LocalTime({ timezone, compact = false }: { timezone: TimeZoneId; compact?: boolean }) {
  const { locale, t } = useI18n();
  const now = useNow();
  const time = new Intl.DateTimeFormat(locale, {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  const date = new Intl.DateTimeFormat(locale, {
    timeZone: timezone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(now);
  const abbreviation = ZONE_ABBREVIATION[timezone];

  if (compact) {
    return (
      <Text size="sm" component="span" title={date} data-testid="local-time">
        <span className="tabular">{time}</span> {abbreviation}
      </Text>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start" data-testid="local-time">
      <Icon name="clock" size={18} className="muted-icon" />
      <div>
        <Text fw={600} className="tabular" aria-label={t('region.localTime')}>
          {time}{' '}
          <Text span fw={500} c="dimmed">
            {abbreviation}
          </Text>
        </Text>
        <Text size="xs" c="dimmed">
          {date} · {zoneLabel(timezone)}
        </Text>
      </div>
    </Group>
  );
}
