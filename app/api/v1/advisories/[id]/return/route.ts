import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { readJsonBody, withPathParams } from "@/lib/http/json-body";
import { returnAdvisory } from "@/lib/services/return-advisory";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  POST: apiRoute<Params>(async ({ ctx, request, params }) => {
    // `{ "reason": "…", "revision": n }`: the revision pins the return to the one read.
    return json(await returnAdvisory({ ctx, input: withPathParams(await readJsonBody(request), { id: params.id }) }));
  }),
});
