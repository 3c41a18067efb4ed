import { apiMethods, apiRoute, json } from "@/lib/http/api-route";
import { queryObject } from "@/lib/schemas/audit-search";
import { unchecked } from "@/lib/services/input";
import { readCompanyProfile } from "@/lib/services/read-company-profile";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({
  GET: apiRoute<{ id: string }>(async ({ ctx, params, request }) => {
    const query = queryObject(new URL(request.url).searchParams);
    return json(await readCompanyProfile({ ctx, input: unchecked({ ...query, companyId: params.id }) }));
  }),
});
