import { csvDownload, stampedCsvName } from "@/lib/http/csv-download";
import { apiMethods, apiRoute } from "@/lib/http/api-route";
import { queryObject } from "@/lib/schemas/audit-search";
import { exportAuditEvents } from "@/lib/services/export-audit-events";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  // Refusals and bad filters are thrown before the response starts, and answer problem+json.
  GET: apiRoute(async ({ ctx, request }) =>
    csvDownload(await exportAuditEvents({ ctx, input: queryObject(new URL(request.url).searchParams) }), { filename: stampedCsvName("audit-events"), requestId: ctx.requestId }),
  ),
});
