import { toAtom } from "@/lib/advisories/atom";
import { apiMethods, apiRoute } from "@/lib/http/api-route";
import { queryObject } from "@/lib/schemas/audit-search";
import { getAdvisoryFeed } from "@/lib/services/get-advisory-feed";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async ({ ctx, request }) => {
    const { company, entries, language } = await getAdvisoryFeed({ ctx, input: { query: queryObject(new URL(request.url).searchParams) } });
    return new Response(toAtom(company, entries, language), { headers: { "content-type": "application/atom+xml; charset=utf-8", "cache-control": "private, no-store" } });
  }),
});
