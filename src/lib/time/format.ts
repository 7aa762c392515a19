/** The zone this browser shows times in. */
export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "Tue 3 Mar" in `zone`. */
export function formatDay(instant: string | Date, zone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: zone,
  }).format(new Date(instant));
}

/** "3 March 2026" in `zone`: a calendar date on its own (when a licence was checked). */
export function formatDate(instant: string | Date, zone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: zone }).format(new Date(instant));
}

/** "09:30" (or "9:30 AM", by locale) in `zone`. */
export function formatTime(instant: string | Date, zone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: zone }).format(
    new Date(instant),
  );
}

/** "Tue 3 Mar, 09:30" in `zone`. */
export function formatDateTime(instant: string | Date, zone: string, locale?: string): string {
  return `${formatDay(instant, zone, locale)}, ${formatTime(instant, zone, locale)}`;
}

/** The zone's short name at that instant, e.g. "GMT+1" or "EST". */
export function zoneLabel(instant: string | Date, zone: string, locale?: string): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZoneName: 'short', timeZone: zone }).formatToParts(
    new Date(instant),
  );
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? zone;
}

/** The calendar date (YYYY-MM-DD) of an instant in `zone`, to group slots by day. */
export function localDate(instant: string | Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: zone,
  }).format(new Date(instant));
}

/** Groups instants by their local date in `zone`, keeping order. */
export function groupByDay<T extends { starts_at: string }>(
  items: T[],
  zone: string,
): { date: string; items: T[] }[] {
  const groups: { date: string; items: T[] }[] = [];
  for (const item of items) {
    const date = localDate(item.starts_at, zone);
    const last = groups.at(-1);
    if (last?.date === date) last.items.push(item);
    else groups.push({ date, items: [item] });
  }
  return groups;
}

/** "in 5 min", "2 hours ago": for times close to now. */
export function relativeTime(instant: string | Date, now: Date = new Date(), locale?: string): string {
  const seconds = (new Date(instant).getTime() - now.getTime()) / 1000;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(Math.round(seconds), 'second');
}

/**
 * The time zones to offer in a picker, always including `current`. Browsers list only canonical
 * IANA names (Chromium leaves out "UTC" and may list "Asia/Calcutta" for "Asia/Kolkata"), so a
 * stored zone that is valid but not listed would otherwise show as an empty choice.
 */
export function timeZoneOptions(current: string, listed: string[] = Intl.supportedValuesOf('timeZone')) {
  const zones = new Set(listed);
  zones.add('UTC');
  if (current) zones.add(current);
  return [...zones].sort((a, b) => a.localeCompare(b, 'en'));
}
