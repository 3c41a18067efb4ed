import { deliveriesCsv } from "@/lib/advisories/deliveries-csv";
import { CSV_BOM } from "@/lib/csv/encode";
import { apiMethods, apiRoute } from "@/lib/http/api-route";
import { listAdvisoryDeliveries } from "@/lib/services/list-advisory-deliveries";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  GET: apiRoute<Params>(async ({ ctx, params }) => {
    const { items } = await listAdvisoryDeliveries({ ctx, input: { id: params.id, forExport: true } });
    return new Response(CSV_BOM + deliveriesCsv(items), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="advisory-${params.id}-deliveries.csv"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  }),
});
