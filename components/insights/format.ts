// Number formats of the risk-insight views, in the reader's language.

const formatter = (locale: string, options: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale === "ja" ? "ja-JP" : "en-GB", options);

export function formatNumber(locale: string, value: number, digits = 1): string {
  return formatter(locale, { maximumFractionDigits: digits }).format(value);
}

export function formatPercent(locale: string, value: number): string {
  return `${formatNumber(locale, value)} %`;
}

/** A change with its sign (U+2212 for minus), or null when there is none to show. */
export function formatChange(locale: string, value: number | null, unit = ""): string | null {
  if (value === null) return null;
  const magnitude = formatNumber(locale, Math.abs(value));
  const sign = value > 0 ? "+" : value < 0 ? "−" : "±";
  return `${sign}${magnitude}${unit}`;
}
