import { AUDIT_SEARCH_TIME_ZONE } from "@/lib/schemas/audit-search";

export type RawSearchParams = Record<string, string | string[] | undefined>;

/** The query as the search service takes it: present parameters only. */
export function presentParams(params: RawSearchParams): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined));
}

export function firstValue(params: RawSearchParams, key: string): string {
  const value = params[key];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** A query string of the given filters, without empty ones and without `omit`, plus `extra`. */
export function queryString(params: RawSearchParams, omit: string[], extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (omit.includes(key)) continue;
    for (const v of Array.isArray(value) ? value : [value]) if (v) query.append(key, v);
  }
  for (const [key, value] of Object.entries(extra)) query.set(key, value);
  const text = query.toString();
  return text ? `?${text}` : "";
}

/** An event's time for people: Tokyo time, to the second. */
export function formatEventTime(locale: string, isoUtc: string): string {
  return new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone: AUDIT_SEARCH_TIME_ZONE,
  }).format(new Date(isoUtc));
}
