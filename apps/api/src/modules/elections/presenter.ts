import {
  NATIONAL_CODE,
  type Election,
  type ElectionKind,
  type ElectionStage,
  type ElectionSummary,
  type WatchItem,
} from '@sinergi/shared';
import type { ElectionRow, StageRow } from './repository.ts';

const NATIONAL_NAME = 'Indonesia';

function presentWatchItems(value: unknown): WatchItem[] {
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown) => {
    const { category, text } = (item ?? {}) as { category?: unknown; text?: unknown };
    return {
      category: typeof category === 'string' ? category : null,
      text: typeof text === 'string' ? text : null,
    };
  });
}

export function presentStage(row: StageRow): ElectionStage {
  return {
    code: row.code,
    name: row.name,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    watchItems: presentWatchItems(row.watch_items),
  };
}

export function presentElectionSummary(row: ElectionRow): ElectionSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ElectionKind,
    scope:
      row.region_code === null
        ? { code: NATIONAL_CODE, name: NATIONAL_NAME, level: 0 }
        : { code: row.region_code, name: row.region_name ?? row.region_code, level: row.region_level ?? 0 },
    votingDay: row.voting_day,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    createdAt: row.created_at,
    stageCount: row.stage_count,
  };
}

export function presentElection(row: ElectionRow, stages: StageRow[]): Election {
  const { stageCount: _count, ...summary } = presentElectionSummary(row);
  return { ...summary, stages: stages.map(presentStage) };
}
