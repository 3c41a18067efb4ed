import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { readJsonBody } from "@/lib/http/json-body";
import { unchecked } from "@/lib/services/input";
import { reviewDisclosure } from "@/lib/services/review-disclosure";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  POST: apiRoute<Params>(async ({ ctx, request, params }) => {
    const review = await readJsonBody(request);
    return json(await reviewDisclosure({ ctx, input: unchecked({ id: params.id, review }) }), { status: 201 });
  }),
});
