import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { queryObject } from "@/lib/schemas/audit-search";
import { listAnomalies } from "@/lib/services/list-anomalies";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async ({ ctx, request }) => json(await listAnomalies({ ctx, input: queryObject(new URL(request.url).searchParams) }))),
});
