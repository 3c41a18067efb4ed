import { deliveriesCsv } from "@/lib/advisories/deliveries-csv";
import { csvDownload } from "@/lib/http/csv-download";
import { apiMethods, apiRoute } from "@/lib/http/api-route";
import { listAdvisoryDeliveries } from "@/lib/services/list-advisory-deliveries";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  GET: apiRoute<Params>(async ({ ctx, params }) => {
    const { items } = await listAdvisoryDeliveries({ ctx, input: { id: params.id, forExport: true } });
    return csvDownload(deliveriesCsv(items), { filename: `advisory-${params.id}-deliveries.csv`, requestId: ctx.requestId });
  }),
});
