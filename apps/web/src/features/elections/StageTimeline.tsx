import { Text } from '@mantine/core';
import type { ElectionStage } from '@sinergi/shared';
import { useI18n } from '../../i18n/index.tsx';
import { dayNumber, formatDay, formatSpan } from './format.ts';
import './timeline.css';

interface Props {
  stages: ElectionStage[];
  today: string;
  /** Codes of the stages running today, the current (most specific) one first. */
  active: string[];
}

/** First days of the months the schedule spans, for the axis ticks. */
function monthStarts(first: string, last: string): string[] {
  const starts: string[] = [];
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  while (true) {
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
    const day = `${year}-${String(month).padStart(2, '0')}-01`;
    if (day > last) return starts;
    starts.push(day);
  }
}

/**
 * The stages on a time axis: one row per stage (they overlap), today as a red line, the stages running
 * today filled and the current one highlighted. On a phone each label sits above its bar.
 */
export function StageTimeline({ stages, today, active }: Props) {
  const { t, locale } = useI18n();
  if (stages.length === 0) return null;
  const first = stages.reduce(
    (min, s) => (s.startsOn < min ? s.startsOn : min),
    stages[0]?.startsOn ?? today,
  );
  const last = stages.reduce((max, s) => (s.endsOn > max ? s.endsOn : max), stages[0]?.endsOn ?? today);
  const start = dayNumber(first);
  // The axis ends after the last day, so a one-day stage at the end still has width.
  const length = dayNumber(last) + 1 - start;
  const at = (date: string) => ((dayNumber(date) - start) / length) * 100;
  const todayInside = today >= first && today <= last;
  // The line sits in the middle of today's column.
  const todayLeft = `${at(today) + 50 / length}%`;
  const todayShift = at(today) > 75 ? -100 : at(today) < 25 ? 0 : -50;
  const current = active[0];
  const ticks = monthStarts(first, last);
  // Label every month on a short schedule, every other one on a long one.
  const tickStep = ticks.length > 8 ? 2 : 1;

  return (
    <div className="stage-timeline" data-testid="stage-timeline">
      <div className="timeline-axis" aria-hidden>
        <div className="timeline-label" />
        <div className="timeline-track">
          {ticks.map((day, i) =>
            i % tickStep === 0 ? (
              <span key={day} className="timeline-tick" style={{ left: `${at(day)}%` }}>
                {new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(
                  new Date(`${day}T00:00:00Z`),
                )}
              </span>
            ) : null,
          )}
          {todayInside && (
            <span
              className="timeline-today-label"
              // Near either end the label hangs inwards, so it never sticks out of the axis.
              style={{ left: todayLeft, transform: `translateX(${todayShift}%)` }}
              data-testid="timeline-today"
            >
              {t('elections.today', { date: formatDay(today, locale, false) })}
            </span>
          )}
        </div>
      </div>
      <div className="timeline-rows" role="list">
        {stages.map((stage) => {
          const isActive = active.includes(stage.code);
          const isCurrent = stage.code === current;
          return (
            <div
              key={stage.code}
              role="listitem"
              className="timeline-row"
              data-stage={stage.code}
              data-active={isActive}
              data-current={isCurrent}
              aria-current={isCurrent ? 'step' : undefined}
            >
              <div className="timeline-label">
                <Text size="sm" fw={isCurrent ? 700 : 500} lh={1.25} lineClamp={2}>
                  {stage.name}
                </Text>
                <Text size="xs" c="dimmed" className="tabular">
                  {formatSpan(stage.startsOn, stage.endsOn, locale)}
                </Text>
              </div>
              <div className="timeline-track">
                <div
                  className="timeline-bar"
                  style={{
                    left: `${at(stage.startsOn)}%`,
                    width: `${((dayNumber(stage.endsOn) + 1 - dayNumber(stage.startsOn)) / length) * 100}%`,
                  }}
                />
                {todayInside && <div className="timeline-today" style={{ left: todayLeft }} />}
              </div>
            </div>
          );
        })}
      </div>
      {!todayInside && (
        <Text size="sm" c="dimmed" mt="xs" data-testid="timeline-today-outside">
          {t('elections.todayOutside', { date: formatDay(today, locale) })}
        </Text>
      )}
    </div>
  );
}
