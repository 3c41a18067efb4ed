// Reporting periods are half-years, "2026-H1" and "2026-H2"; they sort as text.

const pattern = /^([0-9]{4})-H([12])$/;

/** The half-year before `period` ("2026-H1" → "2025-H2"). */
export function previousPeriod(period: string): string {
  const match = pattern.exec(period);
  if (!match) throw new Error(`Not a reporting period: ${period}`);
  const year = Number(match[1]);
  return match[2] === "2" ? `${year}-H1` : `${year - 1}-H2`;
}

/** The half-year a date falls in (UTC). */
export function periodOf(date: Date): string {
  return `${date.getUTCFullYear()}-H${date.getUTCMonth() < 6 ? 1 : 2}`;
}

/** Up to `count` of the periods with data, ending at `period` (included even without data), oldest first. */
export function trendPeriods(period: string, withData: readonly string[], count: number): string[] {
  const earlier = withData.filter((p) => p < period);
  return [...earlier.slice(Math.max(0, earlier.length - (count - 1))), period];
}
