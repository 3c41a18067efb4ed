import { getTranslations } from "next-intl/server";
import { countryOptions, productOptions } from "@/app/(portal)/_disclosures/shared";
import { localName } from "@/lib/i18n/format";
import { sectorCodes } from "@/db/schema";
import type { RequestContext } from "@/lib/services/context";
import { listTargetableCompanies } from "@/lib/services/list-targetable-companies";

/** The choices of the advisory editor, in the reader's language. */
export async function advisoryFormOptions(ctx: RequestContext, locale: string) {
  const [products, companies, t] = await Promise.all([
    productOptions(ctx, locale),
    listTargetableCompanies({ ctx, input: undefined }),
    getTranslations({ locale, namespace: "sectors" }),
  ]);
  return {
    products,
    countries: countryOptions(locale),
    sectors: sectorCodes.map((code) => ({ value: code, label: t(code) })),
    companies: companies.map((c) => ({ value: c.id, label: localName(locale, c.name) })),
  };
}
