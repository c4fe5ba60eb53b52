import type { ReadinessStatus } from '@sinergi/shared';
import { PILKADA_2024_ID } from '../elections/index.ts';
import type { ReadinessService } from './service.ts';

/**
 * How far each demo region had got, per checklist: the share of items done, in progress and blocked
 * (the rest not started). Different on purpose, so the province board shows a spread.
 */
const DEMO_CHECKLISTS: Array<{
  regionCode: string;
  stageCode: string;
  templateCode: string;
  done: number;
  inProgress: number;
  blocked: number;
}> = [
  {
    regionCode: '15.04',
    stageCode: 'voting',
    templateCode: 'pemungutan_suara',
    done: 0.7,
    inProgress: 0.15,
    blocked: 0.05,
  },
  {
    regionCode: '15.04',
    stageCode: 'campaign',
    templateCode: 'kampanye',
    done: 1,
    inProgress: 0,
    blocked: 0,
  },
  {
    regionCode: '15.07',
    stageCode: 'voting',
    templateCode: 'pemungutan_suara',
    done: 0.4,
    inProgress: 0.3,
    blocked: 0.1,
  },
  {
    regionCode: '16.07',
    stageCode: 'voting',
    templateCode: 'pemungutan_suara',
    done: 0.85,
    inProgress: 0.1,
    blocked: 0,
  },
  {
    regionCode: '16.07',
    stageCode: 'counting_recapitulation',
    templateCode: 'rekapitulasi',
    done: 0.25,
    inProgress: 0.25,
    blocked: 0,
  },
  {
    regionCode: '51.06',
    stageCode: 'voting',
    templateCode: 'pemungutan_suara',
    done: 0.2,
    inProgress: 0.4,
    blocked: 0.1,
  },
];

/** Spreads the statuses over the areas (every 1/n-th item) instead of finishing one area first. */
function statusAt(
  index: number,
  count: number,
  shares: { done: number; inProgress: number; blocked: number },
) {
  const order = (index * 7) % count; // 7 is prime to the template sizes, so this permutes the items
  const done = Math.round(shares.done * count);
  const inProgress = Math.round(shares.inProgress * count);
  const blocked = Math.round(shares.blocked * count);
  if (order < done) return 'done';
  if (order < done + inProgress) return 'in_progress';
  if (order < done + inProgress + blocked) return 'blocked';
  return 'not_started';
}

/**
 * Demo readiness for the national Pilkada 2024 (shipped by migration 0501) in the demo regions
 * (15.04, 15.07, 16.07, 51.06). Idempotent: a checklist that exists is left as it is, so progress
 * made in the demo survives a restart.
 */
export async function seedDemoElections(services: {
  readiness: ReadinessService;
}): Promise<{ created: number }> {
  let created = 0;
  for (const demo of DEMO_CHECKLISTS) {
    let checklist;
    try {
      checklist = await services.readiness.createChecklist(null, {
        regionCode: demo.regionCode,
        electionId: PILKADA_2024_ID,
        stageCode: demo.stageCode,
        templateCode: demo.templateCode,
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'readiness.checklist_exists') continue;
      throw error;
    }
    created += 1;
    const count = checklist.items.length;
    for (const [index, item] of checklist.items.entries()) {
      const status: ReadinessStatus = statusAt(index, count, demo);
      if (status === 'not_started') continue;
      await services.readiness.updateItem(null, item.id, {
        status,
        ...(status === 'blocked'
          ? { evidenceNote: 'Menunggu kepastian anggaran dan jadwal dari instansi terkait.' }
          : {}),
        ...(status === 'done' ? { evidenceNote: 'Sudah dilaksanakan; berita acara ada di Kesbangpol.' } : {}),
      });
    }
  }
  return { created };
}
