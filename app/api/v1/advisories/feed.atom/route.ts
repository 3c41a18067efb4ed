import { toAtom } from "@/lib/advisories/atom";
import { apiMethods, apiRoute } from "@/lib/http/api-route";
import { getAdvisoryFeed } from "@/lib/services/get-advisory-feed";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async ({ ctx }) => {
    const { company, entries } = await getAdvisoryFeed({ ctx, input: undefined });
    return new Response(toAtom(company, entries), { headers: { "content-type": "application/atom+xml; charset=utf-8", "cache-control": "private, no-store" } });
  }),
});
