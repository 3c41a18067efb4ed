import { getTranslations } from "next-intl/server";
import { countryOptions, productOptions } from "@/app/(portal)/_disclosures/shared";
import { localName } from "@/lib/i18n/format";
import type { Advisory } from "@/lib/schemas/advisory";
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

/** An advisory's targets as the editor's lists (none for a reader who may not see them). */
export function formTargets(targets: Advisory["targets"]) {
  return {
    products: targets?.products ?? [],
    countries: targets?.countries ?? [],
    sectors: targets?.sectors ?? [],
    organisations: targets?.organisations.map((o) => o.id) ?? [],
  };
}
