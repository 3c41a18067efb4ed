import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { approveAdvisory } from "@/lib/services/approve-advisory";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE } = apiMethods<Params>({
  POST: apiRoute<Params>(async ({ ctx, params }) => json(await approveAdvisory({ ctx, input: { id: params.id } }))),
});
