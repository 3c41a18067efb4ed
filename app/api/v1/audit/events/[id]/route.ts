import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { getAuditEvent } from "@/lib/services/get-audit-event";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute<{ id: string }>(async ({ ctx, params }) => json(await getAuditEvent({ ctx, input: { id: params.id } }))),
});
