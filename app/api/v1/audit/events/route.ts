import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { queryObject } from "@/lib/schemas/audit-search";
import { searchAuditEvents } from "@/lib/services/search-audit-events";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async ({ ctx, request }) => json(await searchAuditEvents({ ctx, input: queryObject(new URL(request.url).searchParams) }))),
});
