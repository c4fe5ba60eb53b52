import { sql, type Kysely } from 'kysely';
import type { SitrepFigures, TimeZoneId } from '@sinergi/shared';
import type { MeetingDB } from './repository.ts';
import { zonedIso } from './time.ts';

/** What a situation report needs from meetings: the region's subtree over the period. */
export interface MeetingsSitrepScope {
  regionPath: string;
  timezone: TimeZoneId;
  from: Date;
  to: Date;
  now: Date;
}

/**
 * The meetings part of a sitrep: meetings held in the period (up to 20 listed, earliest first) and
 * the follow-ups still open and overdue now, across the region's subtree.
 */
export function createMeetingsSitrepSource(db: Kysely<MeetingDB>) {
  return async (scope: MeetingsSitrepScope): Promise<NonNullable<SitrepFigures['meetings']>> => {
    const inPeriod = db
      .selectFrom('meetings')
      .where(sql<boolean>`region_path <@ ${scope.regionPath}::ltree`)
      .where('starts_at', '>=', scope.from.toISOString())
      .where('starts_at', '<', scope.to.toISOString());
    const [count, items, followUps] = await Promise.all([
      inPeriod.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      inPeriod.select(['title', 'starts_at', 'kind']).orderBy('starts_at').orderBy('id').limit(20).execute(),
      db
        .selectFrom('follow_ups')
        .select([
          sql<number>`count(*)::int`.as('open'),
          sql<number>`count(*) FILTER (WHERE due_at <= ${scope.now.toISOString()}::timestamptz)::int`.as(
            'overdue',
          ),
        ])
        .where(sql<boolean>`region_path <@ ${scope.regionPath}::ltree`)
        .where('status', 'in', ['open', 'in_progress'])
        .executeTakeFirstOrThrow(),
    ]);
    return {
      held: count.n,
      items: items.map((m) => ({
        title: m.title,
        startsAt: zonedIso(m.starts_at, scope.timezone),
        kind: m.kind,
      })),
      followUpsOpen: followUps.open,
      followUpsOverdue: followUps.overdue,
    };
  };
}
