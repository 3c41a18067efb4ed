import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { readJsonBody } from "@/lib/http/json-body";
import { unchecked } from "@/lib/services/input";
import { reviseAdvisory } from "@/lib/services/revise-advisory";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  POST: apiRoute<Params>(async ({ ctx, request, params }) => {
    const revision = await readJsonBody(request);
    return json(await reviseAdvisory({ ctx, input: unchecked({ id: params.id, revision }) }), { status: 201 });
  }),
});
