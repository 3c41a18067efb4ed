import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { readJsonBody } from "@/lib/http/json-body";
import { previewAdvisoryReach } from "@/lib/services/preview-advisory-reach";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  POST: apiRoute(async ({ ctx, request }) => json(await previewAdvisoryReach({ ctx, input: await readJsonBody(request) }))),
});
