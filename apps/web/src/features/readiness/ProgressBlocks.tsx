import { Group, Paper, Progress, SimpleGrid, Text } from '@mantine/core';
import type { AreaProgress, ProgressTotal } from '@sinergi/shared';
import { useI18n } from '../../i18n/index.tsx';
import { AREA_KEYS, formatPct, pctColor } from './labels.ts';

/** The overall percentage, large, with how many items are done. */
export function TotalBlock({ total, testId }: { total: ProgressTotal; testId: string }) {
  const { t, locale } = useI18n();
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {t('readiness.total')}
      </Text>
      <Group align="baseline" gap="sm">
        <Text fz={36} fw={800} c={pctColor(total.pct)} className="tabular" data-testid={testId}>
          {formatPct(total.pct, locale)}
        </Text>
        <Text size="sm" c="dimmed">
          {total.items === 0
            ? t('readiness.noItems')
            : t('readiness.doneOf', { done: total.done, items: total.items })}
        </Text>
      </Group>
      <Progress value={total.pct ?? 0} color={pctColor(total.pct)} size="lg" mt={6} aria-hidden />
    </Paper>
  );
}

/** One card per area: its percentage, a bar, and how many items are done or blocked. */
export function AreaGrid({ areas }: { areas: AreaProgress[] }) {
  const { t, locale } = useI18n();
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
      {areas.map((area) => (
        <Paper key={area.area} withBorder radius="md" p="sm" data-testid={`area-${area.area}`}>
          <Text size="sm" fw={600} truncate>
            {t(AREA_KEYS[area.area])}
          </Text>
          <Text
            fz={24}
            fw={800}
            c={pctColor(area.pct)}
            className="tabular"
            data-testid={`area-pct-${area.area}`}
          >
            {formatPct(area.pct, locale)}
          </Text>
          <Progress value={area.pct ?? 0} color={pctColor(area.pct)} size="sm" aria-hidden />
          <Text size="xs" c="dimmed" mt={4}>
            {area.items === 0
              ? t('readiness.noItems')
              : t('readiness.doneOf', { done: area.done, items: area.items })}
            {area.blocked > 0 && ` · ${t('readiness.blockedCount', { count: area.blocked })}`}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
