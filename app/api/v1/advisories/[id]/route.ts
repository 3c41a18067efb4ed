import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { etagHeaders, revisionFromIfMatch } from "@/lib/http/etag";
import { readJsonBody } from "@/lib/http/json-body";
import { getAdvisory } from "@/lib/services/get-advisory";
import { unchecked } from "@/lib/services/input";
import { updateAdvisory } from "@/lib/services/update-advisory";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  GET: apiRoute<Params>(async ({ ctx, params }) => {
    const advisory = await getAdvisory({ ctx, input: { id: params.id } });
    // Companies get no version (a draft of the next revision is not theirs to see), so no ETag either.
    return json(advisory, { headers: etagHeaders(advisory.version) });
  }),
  PATCH: apiRoute<Params>(async ({ ctx, request, params }) => {
    // Required, as for disclosures: a save without it went over a colleague's edits unseen.
    const version = revisionFromIfMatch(request, true);
    const changes = await readJsonBody(request);
    const advisory = await updateAdvisory({ ctx, input: unchecked({ id: params.id, version, changes }) });
    return json(advisory, { headers: etagHeaders(advisory.version) });
  }),
});
