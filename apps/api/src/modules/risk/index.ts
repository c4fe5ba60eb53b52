import fs from 'node:fs';
import type { Actor } from '../../http/actor.ts';
import { parseBaselineUpload } from './baseline-file.ts';
import { SAMPLE_BASELINE_PATH } from './routes.ts';
import type { RiskService } from './service.ts';

export { createRiskRepository, type RiskRepository } from './repository.ts';
export { createRiskService, type RiskService, type OpenAlerts } from './service.ts';
export { registerRiskRoutes, SAMPLE_BASELINE_PATH } from './routes.ts';
export { riskScore, riskLevel, STATUS_WEIGHTS, DEFAULT_THRESHOLDS } from './formula.ts';

/**
 * Demo data: the illustrative baseline of the sample file (demo regions 15.04, 15.07, 16.07, 51.06,
 * their provinces and districts). Idempotent: rows equal to the current baseline are left alone, and
 * a first baseline opens no alert. Call after regions are loaded.
 */
export async function seedDemoRisk(
  services: { risk: RiskService },
  actor: Actor | null = null,
): Promise<{ imported: number; unchanged: number }> {
  const parsed = await parseBaselineUpload(fs.readFileSync(SAMPLE_BASELINE_PATH));
  const result = await services.risk.importBaseline(actor, { format: 'seed', rows: parsed.rows });
  return { imported: result.imported, unchanged: result.unchanged };
}
