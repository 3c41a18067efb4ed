import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { etagHeaders } from "@/lib/http/etag";
import { readJsonBody } from "@/lib/http/json-body";
import { queryObject } from "@/lib/schemas/audit-search";
import { createAdvisory } from "@/lib/services/create-advisory";
import { listAdvisories } from "@/lib/services/list-advisories";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async ({ ctx, request }) => json(await listAdvisories({ ctx, input: queryObject(new URL(request.url).searchParams) }))),
  POST: apiRoute(async ({ ctx, request }) => {
    const advisory = await createAdvisory({ ctx, input: await readJsonBody(request) });
    return json(advisory, { status: 201, headers: { ...etagHeaders(advisory.version), location: `/api/v1/advisories/${advisory.id}` } });
  }),
});
