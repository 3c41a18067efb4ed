import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { queryObject } from "@/lib/schemas/audit-search";
import { getExposureInsights } from "@/lib/services/get-exposure-insights";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async ({ ctx, request }) =>
    json(await getExposureInsights({ ctx, input: { query: queryObject(new URL(request.url).searchParams), format: "json" } }), { headers: { "cache-control": "no-store" } }),
  ),
});
