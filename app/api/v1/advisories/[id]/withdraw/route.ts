import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { parseJsonBody } from "@/lib/http/json-body";
import { withdrawAdvisorySchema } from "@/lib/schemas/advisory";
import { withdrawAdvisory } from "@/lib/services/withdraw-advisory";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE } = apiMethods<Params>({
  POST: apiRoute<Params>(async ({ ctx, request, params }) => {
    const { reason } = await parseJsonBody(request, withdrawAdvisorySchema);
    return json(await withdrawAdvisory({ ctx, input: { id: params.id, reason } }));
  }),
});
