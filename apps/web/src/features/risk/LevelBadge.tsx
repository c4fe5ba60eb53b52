import { Badge, Group, Stack, Text } from '@mantine/core';
import type { RiskLevel } from '@sinergi/shared';
import { useI18n } from '../../i18n/index.tsx';
import { LEVEL_STYLE, LevelSwatch, RISK_LEVEL_ORDER } from '../../map/levels.tsx';
import { levelLabel, useRiskFormat } from './format.ts';

/** The level as a word with its pattern swatch: never colour alone. */
export function LevelBadge({ level, size = 'md' }: { level: RiskLevel; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useI18n();
  return (
    <Badge
      size={size}
      radius="sm"
      variant="outline"
      color="dark"
      leftSection={<LevelSwatch level={level} size={size === 'lg' ? 16 : 12} />}
      className={`risk-badge risk-badge--${level}`}
      data-level={level}
    >
      {t(levelLabel(level))}
    </Badge>
  );
}

/**
 * Default cut-offs of the API (IKP 2024) for the children shown; the server applies any configured
 * ones, which the region explanation shows exactly.
 */
const CUTOFFS: Record<number, { medium: number; high: number }> = {
  1: { medium: 21.7, high: 68.5 },
  2: { medium: 13.47, high: 49.33 },
  3: { medium: 13.47, high: 49.33 },
  4: { medium: 13.47, high: 49.33 },
};

export function RiskLegend({ regionLevel }: { regionLevel: number }) {
  const { t } = useI18n();
  const f = useRiskFormat();
  const cut = CUTOFFS[Math.min(4, Math.max(1, regionLevel))] ?? { medium: 13.47, high: 49.33 };
  const range: Record<RiskLevel, string> = {
    high: `≥ ${f.score(cut.high)}`,
    medium: `${f.score(cut.medium)} – ${f.score(cut.high)}`,
    low: `< ${f.score(cut.medium)}`,
  };
  return (
    <Stack gap={4} data-testid="risk-legend" aria-label={t('risk.legend.title')}>
      <Text size="xs" fw={600}>
        {t('risk.legend.title')}
      </Text>
      <Group gap="md" wrap="wrap">
        {RISK_LEVEL_ORDER.map((level) => (
          <Group key={level} gap={6} wrap="nowrap">
            <LevelSwatch level={level} size={18} />
            <Text size="xs" style={{ color: level === 'high' ? LEVEL_STYLE.high.fill : undefined }} fw={600}>
              {t(levelLabel(level))}
            </Text>
            <Text size="xs" c="dimmed" className="tabular">
              {range[level]}
            </Text>
          </Group>
        ))}
      </Group>
    </Stack>
  );
}
