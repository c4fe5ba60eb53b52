import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { SitrepSummary } from '@sinergi/shared';
import { useI18n } from '../../i18n/index.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { regionName } from '../regions/format.ts';
import { formatInstant, formatPeriod, regionZone, STATUS_COLORS, STATUS_KEYS } from './labels.ts';

/** A sitrep in a list: region, period, version and status; the title opens it. */
export function SitrepCard({ sitrep, actions }: { sitrep: SitrepSummary; actions?: ReactNode }) {
  const { t, locale } = useI18n();
  const user = useCurrentUser();
  const zone = regionZone(sitrep.regionCode, user.timezone);
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      data-sitrep-id={sitrep.id}
      data-region={sitrep.regionCode}
      data-status={sitrep.status}
    >
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
          <Link to={`/sitreps/${sitrep.id}`} className="sitrep-card-link">
            <Text fw={600}>{regionName(sitrep.regionName)}</Text>
            <Text size="sm">{formatPeriod(sitrep.periodStart, sitrep.periodEnd, locale)}</Text>
          </Link>
          <Group gap={4} style={{ flex: 'none' }} justify="flex-end">
            <Badge variant="outline" color="dark">
              {t('sitreps.version.short', { version: sitrep.version })}
            </Badge>
            <Badge color={STATUS_COLORS[sitrep.status]}>{t(STATUS_KEYS[sitrep.status])}</Badge>
          </Group>
        </Group>
        <Text size="xs" c="dimmed">
          {sitrep.submittedAt
            ? t('sitreps.submittedAt', { at: formatInstant(sitrep.submittedAt, zone, locale) })
            : t('sitreps.compiledBy', {
                at: formatInstant(sitrep.createdAt, zone, locale),
                name: sitrep.createdBy,
              })}
        </Text>
        {sitrep.status === 'returned' && sitrep.reviewNote && (
          <Text size="xs" c="orange.9">
            {t('sitreps.returned.note', { note: sitrep.reviewNote })}
          </Text>
        )}
        {actions}
      </Stack>
    </Paper>
  );
}
