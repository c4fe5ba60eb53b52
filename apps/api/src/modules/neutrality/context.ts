import { NATIONAL_CODE, type TimeZoneId } from '@sinergi/shared';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import type { Jobs } from '../../jobs/index.ts';
import type { Mailer } from '../../notify/mailer.ts';
import type { FileStore } from '../../storage/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { RegionService } from '../regions/index.ts';
import type { UserService } from '../users/index.ts';
import { NATIONAL_NAME } from './presenter.ts';
import type { NeutralityRepository } from './repository.ts';

export interface NeutralityDeps {
  repository: NeutralityRepository;
  regions: RegionService;
  users: UserService;
  audit: AuditService;
  files: FileStore;
  jobs: Jobs;
  mailer: Mailer;
  clock: Clock;
  /** Where users reach the web app, for links in reminders. */
  publicUrl: string;
  /**
   * Whether the caller can see an early-warning report (the reports module's lookup, see
   * `reportLookup`). Without it, a case's reportId is stored as given, unchecked.
   */
  reportExists?: (actor: Actor, id: string) => Promise<boolean>;
}

export interface RegionInfo {
  code: string;
  name: string;
  level: number;
  /** ltree path; '' for the whole country. */
  path: string;
  timezone: TimeZoneId;
}

/** A region by code, the country included ('ID': the root, WIB as the capital's zone). */
export async function regionInfo(
  regions: RegionService,
  code: string,
  field = 'regionCode',
): Promise<RegionInfo> {
  if (code === NATIONAL_CODE)
    return { code, name: NATIONAL_NAME, level: 0, path: '', timezone: 'Asia/Jakarta' };
  try {
    const region = await regions.require(code);
    return {
      code: region.code,
      name: region.name,
      level: region.level,
      path: region.path,
      timezone: region.timezone,
    };
  } catch {
    throw new AppError('validation.invalid', [
      { in: 'body', path: field, message: `unknown region ${code}` },
    ]);
  }
}

/** The reminder jobs act for no user; they read heads' and officers' addresses with this identity. */
export { SYSTEM_READER } from '../../http/actor.ts';

/** Postgres unique violation, for a race the pre-check lost. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/** Adapts the reports module's `get` (404 for a report the caller cannot see) to `reportExists`. */
export function reportLookup(reports: { get(actor: Actor, id: string): Promise<unknown> }) {
  return (actor: Actor, id: string): Promise<boolean> =>
    reports.get(actor, id).then(
      () => true,
      (error: unknown) => {
        if (error instanceof AppError && error.statusCode === 404) return false;
        throw error;
      },
    );
}
