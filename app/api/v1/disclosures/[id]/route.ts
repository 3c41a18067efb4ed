import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { etagHeaders, revisionFromIfMatch } from "@/lib/http/etag";
import { readJsonBody } from "@/lib/http/json-body";
import { getDisclosure } from "@/lib/services/get-disclosure";
import { unchecked } from "@/lib/services/input";
import { updateDisclosure } from "@/lib/services/update-disclosure";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  GET: apiRoute<Params>(async ({ ctx, params }) => {
    const disclosure = await getDisclosure({ ctx, input: { id: params.id } });
    return json(disclosure, { headers: etagHeaders(disclosure.revision) });
  }),
  PATCH: apiRoute<Params>(async ({ ctx, request, params }) => {
    const revision = revisionFromIfMatch(request, true)!;
    const changes = await readJsonBody(request);
    const disclosure = await updateDisclosure({ ctx, input: unchecked({ id: params.id, revision, changes }) });
    return json(disclosure, { headers: etagHeaders(disclosure.revision) });
  }),
});
