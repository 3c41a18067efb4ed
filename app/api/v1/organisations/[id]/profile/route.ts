import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { readCompanyProfile } from "@/lib/services/read-company-profile";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = apiMethods({
  GET: apiRoute<{ id: string }>(async ({ ctx, params, request }) => {
    const purpose = new URL(request.url).searchParams.get("purpose")?.slice(0, 500) || undefined;
    return json(await readCompanyProfile({ ctx, input: { companyId: params.id, purpose } }));
  }),
});
