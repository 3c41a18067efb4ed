import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { readJsonBody, withPathParams } from "@/lib/http/json-body";
import { openDisclosureBreakGlass } from "@/lib/services/open-disclosure-break-glass";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  POST: apiRoute<Params>(async ({ ctx, request, params }) => {
    return json(await openDisclosureBreakGlass({ ctx, input: withPathParams(await readJsonBody(request), { id: params.id }) }));
  }),
});
