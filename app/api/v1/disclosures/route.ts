import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { etagHeaders } from "@/lib/http/etag";
import { readJsonBody } from "@/lib/http/json-body";
import { queryObject } from "@/lib/schemas/audit-search";
import { createDisclosure } from "@/lib/services/create-disclosure";
import { listDisclosures } from "@/lib/services/list-disclosures";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async ({ ctx, request }) => json(await listDisclosures({ ctx, input: queryObject(new URL(request.url).searchParams) }))),
  POST: apiRoute(async ({ ctx, request }) => {
    const disclosure = await createDisclosure({ ctx, input: await readJsonBody(request) });
    return json(disclosure, { status: 201, headers: { ...etagHeaders(disclosure.revision), location: `/api/v1/disclosures/${disclosure.id}` } });
  }),
});
