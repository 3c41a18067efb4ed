import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { queryObject } from "@/lib/schemas/audit-search";
import { listAccessLog } from "@/lib/services/list-access-log";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async ({ ctx, request }) => json(await listAccessLog({ ctx, input: queryObject(new URL(request.url).searchParams) }))),
});
