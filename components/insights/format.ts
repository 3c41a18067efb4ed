// Number formats of the risk-insight views, in the reader's language.

import { formatNumber, formatPercent } from "@/lib/i18n/format";

export { formatNumber, formatPercent };

/**
 * A change with its sign (U+2212 for minus, ± for none), or null when there is none to show. The number
 * only: its unit (percentage points, days) is the catalogue's to write.
 */
export function formatChange(locale: string, value: number | null): string | null {
  if (value === null) return null;
  const magnitude = formatNumber(locale, Math.abs(value));
  const sign = value > 0 ? "+" : value < 0 ? "−" : "±";
  return `${sign}${magnitude}`;
}
