import { Group, Table, Text, UnstyledButton } from '@mantine/core';
import type { RiskItem } from '@sinergi/shared';
import { useI18n } from '../../i18n/index.tsx';
import { regionName } from '../regions/format.ts';
import { LevelSwatch } from '../../map/levels.tsx';
import { levelLabel, useRiskFormat } from './format.ts';

/** "Kab. Batanghari": the table is narrow, and "Kota" must stay to tell a city from its regency. */
function shortName(name: string): string {
  return regionName(name).replace(/^Kabupaten /, 'Kab. ');
}

/**
 * The children ranked by score (the API sorts them). On a phone only rank, name, score and level
 * stay; the parts of the score and the counts join from a tablet up.
 */
export function RiskTable({ items, onSelect }: { items: RiskItem[]; onSelect?: (code: string) => void }) {
  const { t } = useI18n();
  const f = useRiskFormat();
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('risk.table.empty')}
      </Text>
    );
  }
  return (
    // The minimum is what a phone's four columns need (names wrap): with the six and eight columns
    // of wider screens as the minimum, a 360 px phone had to scroll sideways to see any score. Names
    // may break inside a word (risk.css) where nothing else fits: whole, "Pematangsiantar" needed 171
    // px and pushed the last columns out of view beside the map and the level off a phone's screen.
    // Cells are padded 6 px a side, not 8, for the same room.
    <Table.ScrollContainer minWidth={280} maxHeight={560}>
      <Table
        striped
        highlightOnHover
        stickyHeader
        verticalSpacing={6}
        horizontalSpacing={6}
        data-testid="risk-table"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>#</Table.Th>
            <Table.Th>{t('risk.region')}</Table.Th>
            <Table.Th ta="right">{t('risk.score')}</Table.Th>
            <Table.Th>{t('risk.level')}</Table.Th>
            <Table.Th ta="right" visibleFrom="sm">
              {t('risk.baseline')}
            </Table.Th>
            <Table.Th ta="right" visibleFrom="sm">
              {t('risk.signal')}
            </Table.Th>
            <Table.Th ta="right" visibleFrom="md">
              {t('risk.openReports')}
            </Table.Th>
            <Table.Th ta="right" visibleFrom="md">
              {t('risk.reports24h')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item, index) => (
            <Table.Tr key={item.code} data-code={item.code}>
              <Table.Td className="tabular">{index + 1}</Table.Td>
              <Table.Td className="risk-table-name">
                {onSelect ? (
                  <UnstyledButton onClick={() => onSelect(item.code)} className="risk-table-link">
                    {shortName(item.name)}
                  </UnstyledButton>
                ) : (
                  shortName(item.name)
                )}
              </Table.Td>
              <Table.Td ta="right" className="tabular" fw={700}>
                {f.score(item.score)}
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap" data-level={item.level}>
                  <LevelSwatch level={item.level} />
                  <Text size="sm">{t(levelLabel(item.level))}</Text>
                </Group>
              </Table.Td>
              <Table.Td ta="right" className="tabular" visibleFrom="sm">
                {item.baseline === null ? '—' : f.score(item.baseline)}
              </Table.Td>
              <Table.Td ta="right" className="tabular" visibleFrom="sm">
                {f.number(item.signal)}
              </Table.Td>
              <Table.Td ta="right" className="tabular" visibleFrom="md">
                {item.openReports}
              </Table.Td>
              <Table.Td ta="right" className="tabular" visibleFrom="md">
                {item.reports24h}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
