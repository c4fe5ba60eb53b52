/** A calendar date `YYYY-MM-DD` in words ("27 Nov 2024"); read as UTC so it never shifts a day. */
export function formatDay(date: string, locale: string, withYear = true): string {
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** "25 Sep – 23 Nov 2024", or one day when both ends are the same. */
export function formatSpan(startsOn: string, endsOn: string, locale: string): string {
  if (startsOn === endsOn) return formatDay(startsOn, locale);
  const sameYear = startsOn.slice(0, 4) === endsOn.slice(0, 4);
  return `${formatDay(startsOn, locale, !sameYear)} – ${formatDay(endsOn, locale)}`;
}

export function dayNumber(date: string): number {
  return Math.round(new Date(`${date}T00:00:00Z`).getTime() / 86_400_000);
}

/** Days from `startsOn` to `endsOn`, both included. */
export function spanDays(startsOn: string, endsOn: string): number {
  return dayNumber(endsOn) - dayNumber(startsOn) + 1;
}
