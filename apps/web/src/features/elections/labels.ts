import { reportCategory, type ElectionKind, type Language, type WatchItem } from '@sinergi/shared';
import type { UiKey } from '../../i18n/index.tsx';

const KIND_KEYS: Record<ElectionKind, UiKey> = {
  pemilu: 'elections.kind.pemilu',
  pilkada: 'elections.kind.pilkada',
  pilkades: 'elections.kind.pilkades',
  re_vote: 'elections.kind.re_vote',
};

export function kindKey(kind: ElectionKind): UiKey {
  return KIND_KEYS[kind];
}

/** A watch item as a line: its text, else the report category's name in the chosen language. */
export function watchItemLine(
  item: WatchItem,
  language: Language,
): { category: string | null; text: string } {
  const category =
    item.category === null ? null : (reportCategory(item.category)?.label[language] ?? item.category);
  return { category, text: item.text ?? category ?? '' };
}
