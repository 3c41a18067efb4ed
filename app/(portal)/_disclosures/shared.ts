import { countryCodes, countryName } from "@/lib/countries";
import { localName } from "@/lib/i18n/format";
import type { RequestContext } from "@/lib/services/context";
import { listCriticalProducts } from "@/lib/services/list-critical-products";

export type Option = { value: string; label: string };

/** Critical products as `code → name` in the reader's language. */
export async function productNames(ctx: RequestContext, locale: string): Promise<Record<string, string>> {
  const products = await listCriticalProducts({ ctx, input: undefined });
  return Object.fromEntries(products.map((p) => [p.code, localName(locale, p)]));
}

/** Products as options, in the taxonomy's order. */
export async function productOptions(ctx: RequestContext, locale: string): Promise<Option[]> {
  const products = await listCriticalProducts({ ctx, input: undefined });
  return products.map((p) => ({ value: p.code, label: localName(locale, p) }));
}

/** ISO 3166-1 countries as options, named and sorted in the reader's language. */
export function countryOptions(locale: string): Option[] {
  const lang = locale === "ja" ? "ja" : "en";
  const collator = new Intl.Collator(lang);
  return countryCodes.map((code) => ({ value: code, label: countryName(code, lang) })).sort((a, b) => collator.compare(a.label, b.label));
}

/** A positive whole number from a route or query segment, else null. */
export function positiveInt(value: string | string[] | undefined): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text && /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : null;
}

/** The query as a list service takes it: a filter left empty in the form is no filter. */
export function filterParams(params: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined && entry[1] !== ""));
}
