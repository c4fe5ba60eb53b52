import {
  READINESS_AREAS,
  type AreaProgress,
  type Checklist,
  type ChecklistSummary,
  type Election,
  type ProgressTotal,
  type ReadinessArea,
  type ReadinessItem,
  type ReadinessStatus,
} from '@sinergi/shared';
import type { ChecklistRow, CountRow, ItemRow } from './repository.ts';

/** done / items as a percentage with one decimal; null when there is nothing to count. */
export function percent(done: number, items: number): number | null {
  return items === 0 ? null : Math.round((done / items) * 1000) / 10;
}

/**
 * Per-area progress from item counts. Summing counts (not averaging percentages) is what weights a
 * region by its number of items when regencies roll up into a province.
 */
export function progressOf(counts: Iterable<Pick<CountRow, 'area' | 'status' | 'n'>>): {
  total: ProgressTotal;
  areas: AreaProgress[];
} {
  const tally = new Map<ReadinessArea, Record<ReadinessStatus, number>>(
    READINESS_AREAS.map((area) => [area, { not_started: 0, in_progress: 0, done: 0, blocked: 0 }]),
  );
  for (const row of counts) {
    const bucket = tally.get(row.area as ReadinessArea);
    if (bucket && row.status in bucket) bucket[row.status as ReadinessStatus] += row.n;
  }
  const areas = READINESS_AREAS.map((area): AreaProgress => {
    const t = tally.get(area) ?? { not_started: 0, in_progress: 0, done: 0, blocked: 0 };
    const items = t.not_started + t.in_progress + t.done + t.blocked;
    return {
      area,
      items,
      done: t.done,
      inProgress: t.in_progress,
      blocked: t.blocked,
      notStarted: t.not_started,
      pct: percent(t.done, items),
    };
  });
  const items = areas.reduce((sum, a) => sum + a.items, 0);
  const done = areas.reduce((sum, a) => sum + a.done, 0);
  return { total: { items, done, pct: percent(done, items) }, areas };
}

export function presentItem(row: ItemRow): ReadinessItem {
  return {
    id: row.id,
    checklistId: row.checklist_id,
    area: row.area as ReadinessArea,
    position: row.position,
    title: row.title,
    status: row.status as ReadinessStatus,
    owner: {
      institution: row.owner_institution,
      user: row.owner_user_id === null ? null : { id: row.owner_user_id, name: row.owner_user_name ?? '' },
    },
    evidence: {
      note: row.evidence_note,
      file:
        row.evidence_sha256 === null
          ? null
          : {
              sha256: row.evidence_sha256,
              mime: row.evidence_mime ?? 'application/octet-stream',
              size: row.evidence_size ?? 0,
              name: row.evidence_name,
            },
    },
    doneAt: row.done_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by_name,
  };
}

export function presentChecklistSummary(
  row: ChecklistRow,
  election: Election,
  counts: Iterable<Pick<CountRow, 'area' | 'status' | 'n'>>,
): ChecklistSummary {
  const stage = election.stages.find((s) => s.code === row.stage_code);
  return {
    id: row.id,
    region: { code: row.region_code, name: row.region_name, level: row.region_level },
    election: { id: election.id, name: election.name },
    stage: {
      code: row.stage_code,
      name: stage?.name ?? row.stage_code,
      startsOn: stage?.startsOn ?? '',
      endsOn: stage?.endsOn ?? '',
    },
    templateCode: row.template_code,
    createdAt: row.created_at,
    ...progressOf(counts),
  };
}

export function presentChecklist(row: ChecklistRow, election: Election, items: ItemRow[]): Checklist {
  const counts = items.map((i) => ({ area: i.area, status: i.status, n: 1 }));
  return {
    ...presentChecklistSummary(row, election, counts),
    items: items.map(presentItem),
  };
}
