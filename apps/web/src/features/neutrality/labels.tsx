import { Badge, Paper, SimpleGrid, Text } from '@mantine/core';
import type { PledgeBoardRow, PledgeProgressCounts } from '@sinergi/shared';
import type { UiKey } from '../../i18n/index.tsx';
import { useI18n } from '../../i18n/index.tsx';

/** Roles that run the register, campaigns and reviews (the API's rule; the UI only follows it). */
export const NEUTRALITY_OFFICERS = ['admin', 'province_officer', 'regency_officer'] as const;

export type BoardState = 'overdue' | 'unsigned' | 'pending' | 'verified' | 'returned';

export function boardState(row: PledgeBoardRow): BoardState {
  if (row.overdue) return 'overdue';
  return row.pledge?.status ?? 'unsigned';
}

const STATE_COLOR: Record<BoardState, string> = {
  overdue: 'red',
  unsigned: 'gray',
  pending: 'yellow',
  verified: 'green',
  returned: 'orange',
};

export function StateBadge({ state }: { state: BoardState }) {
  const { t } = useI18n();
  return (
    <Badge color={STATE_COLOR[state]} variant="light" data-state={state}>
      {t(`neutrality.state.${state}` as UiKey)}
    </Badge>
  );
}

/** "75,0 %" in the reader's language. */
export function usePct() {
  const { locale } = useI18n();
  const format = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return (value: number) => `${format.format(value)} %`;
}

/** "Senin, 30 September 2024" for a YYYY-MM-DD day (a calendar day has no zone to convert). */
export function useDay() {
  const { locale } = useI18n();
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' });
  return (day: string) => format.format(new Date(`${day}T00:00:00Z`));
}

/** The figures of a campaign or a roll-up, as tiles. */
export function ProgressTiles({ progress }: { progress: PledgeProgressCounts }) {
  const { t } = useI18n();
  const pct = usePct();
  const tiles: Array<[UiKey, string, string]> = [
    ['neutrality.progress.compliance', pct(progress.compliancePct), 'compliance'],
    ['neutrality.progress.agencies', String(progress.agencies), 'agencies'],
    ['neutrality.progress.signed', String(progress.signed), 'signed'],
    ['neutrality.progress.onTime', String(progress.onTime), 'onTime'],
    ['neutrality.progress.withVideo', String(progress.withVideo), 'withVideo'],
    ['neutrality.progress.verified', String(progress.verified), 'verified'],
    ['neutrality.progress.overdue', String(progress.overdueCount), 'overdue'],
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="xs">
      {tiles.map(([label, value, id]) => (
        <Paper key={id} withBorder p="sm" radius="md" data-testid={`progress-${id}`}>
          <Text size="xs" c="dimmed">
            {t(label)}
          </Text>
          <Text fw={700} size="xl">
            {value}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
