import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { etagHeaders, revisionFromIfMatch } from "@/lib/http/etag";
import { submitDisclosure } from "@/lib/services/submit-disclosure";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  POST: apiRoute<Params>(async ({ ctx, request, params }) => {
    const disclosure = await submitDisclosure({ ctx, input: { id: params.id, revision: revisionFromIfMatch(request, false) } });
    return json(disclosure, { headers: etagHeaders(disclosure.revision) });
  }),
});
