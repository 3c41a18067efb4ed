import { csvDownload, stampedCsvName } from "@/lib/http/csv-download";
import { apiMethods, apiRoute } from "@/lib/http/api-route";
import { queryObject } from "@/lib/schemas/audit-search";
import { exportAccessLog } from "@/lib/services/export-access-log";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  // Refusals and bad filters are thrown before the response starts, and answer problem+json.
  GET: apiRoute(async ({ ctx, request }) =>
    csvDownload(await exportAccessLog({ ctx, input: queryObject(new URL(request.url).searchParams) }), { filename: stampedCsvName("access-log"), requestId: ctx.requestId }),
  ),
});
