import { asc } from "drizzle-orm";
import { criticalProducts } from "@/db/schema";
import { requireActor } from "@/lib/authz/policy";
import type { ServiceCall } from "./context";

/** The critical-product taxonomy: public reference data for any signed-in user. */
export async function listCriticalProducts({ ctx }: ServiceCall<void>) {
  requireActor(ctx);
  return ctx.db
    .select({ code: criticalProducts.code, category: criticalProducts.category, nameEn: criticalProducts.nameEn, nameJa: criticalProducts.nameJa })
    .from(criticalProducts)
    .orderBy(asc(criticalProducts.category), asc(criticalProducts.code));
}
