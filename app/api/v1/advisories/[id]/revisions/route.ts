import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { parseJsonBody } from "@/lib/http/json-body";
import { reviseAdvisorySchema } from "@/lib/schemas/advisory";
import { reviseAdvisory } from "@/lib/services/revise-advisory";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE } = apiMethods<Params>({
  POST: apiRoute<Params>(async ({ ctx, request, params }) => {
    const revision = await parseJsonBody(request, reviseAdvisorySchema);
    return json(await reviseAdvisory({ ctx, input: { id: params.id, revision } }), { status: 201 });
  }),
});
