import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { parseJsonBody } from "@/lib/http/json-body";
import { reviewInputSchema } from "@/lib/schemas/disclosure";
import { reviewDisclosure } from "@/lib/services/review-disclosure";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE } = apiMethods<Params>({
  POST: apiRoute<Params>(async ({ ctx, request, params }) => {
    const review = await parseJsonBody(request, reviewInputSchema);
    return json(await reviewDisclosure({ ctx, input: { id: params.id, review } }), { status: 201 });
  }),
});
