import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { parseJsonBody } from "@/lib/http/json-body";
import { breakGlassSchema } from "@/lib/schemas/disclosure";
import { openDisclosureBreakGlass } from "@/lib/services/open-disclosure-break-glass";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE } = apiMethods<Params>({
  POST: apiRoute<Params>(async ({ ctx, request, params }) => {
    const { justification } = await parseJsonBody(request, breakGlassSchema);
    return json(await openDisclosureBreakGlass({ ctx, input: { id: params.id, justification } }));
  }),
});
