import { toCap } from "@/lib/advisories/cap";
import { apiMethods, apiRoute } from "@/lib/http/api-route";
import { getAdvisoryDocument } from "@/lib/services/get-advisory-document";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  GET: apiRoute<Params>(async ({ ctx, params }) => {
    const document = await getAdvisoryDocument({ ctx, input: { id: params.id, format: "cap" } });
    return new Response(toCap(document), { headers: { "content-type": "application/cap+xml; charset=utf-8", "cache-control": "private, no-store" } });
  }),
});
