import { countryOptions, productOptions } from "@/app/(portal)/_disclosures/shared";
import { localName } from "@/lib/i18n/format";
import type { RequestContext } from "@/lib/services/context";
import { listTargetableCompanies } from "@/lib/services/list-targetable-companies";

/** The choices of the advisory editor, in the reader's language. */
export async function advisoryFormOptions(ctx: RequestContext, locale: string) {
  const [products, companies] = await Promise.all([productOptions(ctx, locale), listTargetableCompanies({ ctx, input: undefined })]);
  return {
    products,
    countries: countryOptions(locale),
    companies: companies.map((c) => ({ value: c.id, label: localName(locale, c.name) })),
  };
}
