import { csvDownload } from "@/lib/http/csv-download";
import { apiMethods, apiRoute } from "@/lib/http/api-route";
import { insightsCsv } from "@/lib/insights/csv";
import { queryObject } from "@/lib/schemas/audit-search";
import { getExposureInsights } from "@/lib/services/get-exposure-insights";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async ({ ctx, request }) => {
    const result = await getExposureInsights({ ctx, input: { query: queryObject(new URL(request.url).searchParams), format: "csv" } });
    return csvDownload(insightsCsv(result), { filename: `exposure-${result.period}.csv`, requestId: ctx.requestId });
  }),
});
