import { CSV_BOM } from "@/lib/csv/encode";
import { apiMethods, apiRoute } from "@/lib/http/api-route";
import { insightsCsv } from "@/lib/insights/csv";
import { queryObject } from "@/lib/schemas/audit-search";
import { getExposureInsights } from "@/lib/services/get-exposure-insights";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute(async ({ ctx, request }) => {
    const result = await getExposureInsights({ ctx, input: { query: queryObject(new URL(request.url).searchParams), format: "csv" } });
    return new Response(CSV_BOM + insightsCsv(result), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="exposure-${result.period}.csv"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  }),
});
