import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { getAuditPublicKey } from "@/lib/services/get-audit-public-key";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async () => json(getAuditPublicKey()), { anonymous: true }),
});
