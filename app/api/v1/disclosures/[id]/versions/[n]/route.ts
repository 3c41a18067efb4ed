import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { getDisclosureVersion } from "@/lib/services/get-disclosure";

export const dynamic = "force-dynamic";

type Params = { id: string; n: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  GET: apiRoute<Params>(async ({ ctx, params }) => {
    // A version number is a positive integer; anything else names no version (404 from the service).
    const number = /^[1-9][0-9]{0,8}$/.test(params.n) ? Number(params.n) : Number.NaN;
    return json(await getDisclosureVersion({ ctx, input: { id: params.id, number } }));
  }),
});
