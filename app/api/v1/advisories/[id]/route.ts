import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { etagOf, revisionFromIfMatch } from "@/lib/http/etag";
import { parseJsonBody } from "@/lib/http/json-body";
import { updateAdvisorySchema } from "@/lib/schemas/advisory";
import { getAdvisory } from "@/lib/services/get-advisory";
import { updateAdvisory } from "@/lib/services/update-advisory";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE } = apiMethods<Params>({
  GET: apiRoute<Params>(async ({ ctx, params }) => {
    const advisory = await getAdvisory({ ctx, input: { id: params.id } });
    return json(advisory, { headers: { etag: etagOf(advisory.version) } });
  }),
  PATCH: apiRoute<Params>(async ({ ctx, request, params }) => {
    const version = revisionFromIfMatch(request, false);
    const changes = await parseJsonBody(request, updateAdvisorySchema);
    const advisory = await updateAdvisory({ ctx, input: { id: params.id, version, changes } });
    return json(advisory, { headers: { etag: etagOf(advisory.version) } });
  }),
});
