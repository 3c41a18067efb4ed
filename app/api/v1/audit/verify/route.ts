import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { readJsonBody } from "@/lib/http/json-body";
import { verifyAuditLog } from "@/lib/services/verify-audit-log";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async ({ ctx }) => json(await verifyAuditLog({ ctx, input: undefined }))),
  // The same, held against checkpoints kept outside the server: { checkpoints: [exported checkpoint, …] }.
  POST: apiRoute(async ({ ctx, request }) => json(await verifyAuditLog({ ctx, input: await readJsonBody(request) }))),
});
