import { toCsaf } from "@/lib/advisories/csaf";
import { apiMethods, apiRoute } from "@/lib/http/api-route";
import { getAdvisoryDocument } from "@/lib/services/get-advisory-document";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods<Params>({
  GET: apiRoute<Params>(async ({ ctx, params }) => {
    const document = await getAdvisoryDocument({ ctx, input: { id: params.id, format: "csaf" } });
    return new Response(JSON.stringify(toCsaf(document), null, 2), { headers: { "content-type": "application/json; charset=utf-8", "cache-control": "private, no-store" } });
  }),
});
