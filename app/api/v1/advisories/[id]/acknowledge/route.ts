import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { readOptionalJsonBody } from "@/lib/http/json-body";
import { unchecked } from "@/lib/services/input";
import { acknowledgeAdvisory } from "@/lib/services/acknowledge-advisory";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  POST: apiRoute<Params>(async ({ ctx, request, params }) => {
    // The note is optional: an empty body acknowledges without one.
    const acknowledgement = await readOptionalJsonBody(request);
    return json(await acknowledgeAdvisory({ ctx, input: unchecked({ id: params.id, acknowledgement }) }));
  }),
});
