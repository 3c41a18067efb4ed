import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { listAdvisoryDeliveries } from "@/lib/services/list-advisory-deliveries";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  GET: apiRoute<Params>(async ({ ctx, params }) => json(await listAdvisoryDeliveries({ ctx, input: { id: params.id } }))),
});
