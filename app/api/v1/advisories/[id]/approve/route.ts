import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { readOptionalJsonBody } from "@/lib/http/json-body";
import { unchecked } from "@/lib/services/input";
import { approveAdvisory } from "@/lib/services/approve-advisory";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  POST: apiRoute<Params>(async ({ ctx, request, params }) => {
    // `{ "revision": n }` pins the approval to the revision read; an empty body approves whichever awaits approval.
    const approval = await readOptionalJsonBody(request);
    return json(await approveAdvisory({ ctx, input: unchecked({ id: params.id, approval }) }));
  }),
});
