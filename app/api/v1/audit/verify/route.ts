import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { verifyAuditLog } from "@/lib/services/verify-audit-log";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({
  GET: apiRoute(async ({ ctx }) => json(await verifyAuditLog({ ctx, input: undefined }))),
});
