// Reporting periods are half-years, "2026-H1" and "2026-H2"; they sort as text.

const pattern = /^([0-9]{4})-H([12])$/;

/** The half-year before `period` ("2026-H1" → "2025-H2"). */
export function previousPeriod(period: string): string {
  const match = pattern.exec(period);
  if (!match) throw new Error(`Not a reporting period: ${period}`);
  const year = Number(match[1]);
  return match[2] === "2" ? `${year}-H1` : `${year - 1}-H2`;
}

const TOKYO_OFFSET_MS = 9 * 3_600_000; // Japan keeps no daylight saving time

/** The half-year a moment falls in, in Japan: 1 July 00:30 in Tokyo is 2026-H2 though it is still June in UTC. */
export function periodOf(date: Date): string {
  const tokyo = new Date(date.getTime() + TOKYO_OFFSET_MS);
  return `${tokyo.getUTCFullYear()}-H${tokyo.getUTCMonth() < 6 ? 1 : 2}`;
}

/**
 * The period a dashboard opens on: the latest with data that has begun by `now` (in Japan), else the
 * current half-year. A period in the future — one company filing "2099-H2" — does not become everyone's
 * default (it stays choosable).
 */
export function defaultPeriod(withData: readonly string[], now: Date): string {
  const current = periodOf(now);
  return withData.filter((p) => p <= current).at(-1) ?? current;
}

/** Up to `count` of the periods with data, ending at `period` (included even without data), oldest first. */
export function trendPeriods(period: string, withData: readonly string[], count: number): string[] {
  const earlier = withData.filter((p) => p < period);
  return [...earlier.slice(Math.max(0, earlier.length - (count - 1))), period];
}
