import type { Disclosure } from "@/lib/schemas/disclosure";
import type { ServiceCall } from "./context";
import { NotFoundError } from "./errors";
import { unscopedAgencyView } from "./internal/disclosures";

/** Whether the benchmark's reference route is on: only `npm run bench:disclosures` turns it on, on its own database. */
export const benchmarkRouteEnabled = (env: Record<string, string | undefined> = process.env) => env.KAKEHASHI_BENCH_BARE_ROUTE === "1";

/**
 * The reference of `npm run bench:disclosures`: the very statement an agency reader's disclosure read
 * runs, with no caller, no need-to-know scope, no row-level security and no audit event — what the
 * audited read is measured against. It answers 404 unless KAKEHASHI_BENCH_BARE_ROUTE=1, which must
 * never be set on a server holding real data.
 */
export async function readDisclosureForBenchmark({ ctx, input }: ServiceCall<{ id: string }>): Promise<Disclosure> {
  const view = benchmarkRouteEnabled() ? await unscopedAgencyView(ctx.db, input.id) : null;
  if (!view) throw new NotFoundError();
  return view;
}
